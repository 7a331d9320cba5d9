from . import kia_region
from . import res_company
from . import res_partner
from . import fleet_vehicle_model
from . import fleet_vehicle
from . import fleet_vehicle_odometer
from . import repair_order
