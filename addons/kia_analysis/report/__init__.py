from . import kia_kpi_report
from . import kia_kpi_snapshot
from . import kia_kpi_value
from . import report_kia_kpi_xlsx
from . import report_kia_kpi_value_xlsx
from . import kia_kpi_report_claims
