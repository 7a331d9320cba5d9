from . import report_count_sheet_xlsx
from . import kia_parts_stock_report
from . import kia_parts_kpi_report
