from . import kia_health_platform
from . import kia_health_record
from . import res_company
from . import res_config_settings
from . import repair_order
from . import account_move
from . import kia_kpi
