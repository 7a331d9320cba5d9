from odoo import models

# Columns of each KPI table in the Excel export, in order.
COLUMNS = {
    "kia.kpi.report": [
        "company_id",
        "date",
        "ro_count",
        "ro_count_maintenance",
        "ro_count_repair",
        "ro_count_warranty",
        "ro_count_body_paint",
        "ro_count_other",
        "revenue_labor",
        "revenue_parts",
        "revenue_warranty",
        "revenue",
        "cost_labor",
        "cost_parts",
        "gross_profit",
        "revenue_per_ro",
        "hours_sold",
        "hours_clocked",
        "hours_available",
        "hours_attended",
        "utilisation",
        "efficiency",
        "productivity",
        "comeback_count",
        "comeback_rate",
        "delivered_count",
        "on_time_count",
        "on_time_rate",
        "followup_due",
        "followup_reached",
        "followup_reach",
        "surveyed_count",
        "satisfied_count",
        "satisfaction",
        "appointment_kept_count",
        "appointment_rate",
        "declined_count",
        "declined_recovered",
        "declined_recovery",
        "complaint_count",
        "complaint_rate",
        "warranty_share",
        "parts_issue_cost",
        "stock_value",
        "parts_turnover",
        "lines_requested",
        "lines_filled",
        "fill_rate",
        "dead_stock_value",
        "dead_stock_share",
    ],
    "kia.kpi.value": [
        "company_id",
        "date",
        "kpi_id",
        "value",
        "target",
        "status",
        "numerator",
        "denominator",
        "formula",
    ],
}


class ReportKiaKpiXlsx(models.AbstractModel):
    """Excel export of a KPI table (per dealer and month), headers in the user's language."""

    _name = "report.kia_analysis.report_kia_kpi_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "KPI Table (Excel)"

    def _kia_cell(self, record, fname):
        field = record._fields[fname]
        value = record[fname]
        if field.type == "many2one":
            return value.display_name or ""
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, "")
        if field.type == "date":
            return value.strftime("%Y-%m") if value else ""
        if value is False or value is None:
            return "" if field.type in ("char", "text") else 0
        return value

    def generate_xlsx_report(self, workbook, data, records):
        columns = COLUMNS[records._name]
        bold = workbook.add_format({"bold": True, "text_wrap": True})
        number = workbook.add_format({"num_format": "#,##0.00"})
        sheet = workbook.add_worksheet(records._description[:31])
        sheet.write_row(
            0, 0, [records._fields[f]._description_string(self.env) for f in columns], bold
        )
        sheet.freeze_panes(1, 2)
        sheet.set_column(0, 0, 28)
        sheet.set_column(1, len(columns), 14, number)
        for row, record in enumerate(records, start=1):
            sheet.write_row(row, 0, [self._kia_cell(record, f) for f in columns])
