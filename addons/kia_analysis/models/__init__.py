from . import kia_kpi
from . import kia_kpi_target
from . import kia_technician_capacity
from . import res_company
from . import kia_network_generator
