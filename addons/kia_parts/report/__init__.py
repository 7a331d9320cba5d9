from . import report_count_sheet_xlsx
