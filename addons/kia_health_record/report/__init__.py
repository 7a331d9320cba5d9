from . import kia_kpi_report
from . import kia_kpi_value
