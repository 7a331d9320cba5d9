from . import test_network
from . import test_vehicle
from . import test_authority
from . import test_partner_company
from . import test_home_tile
