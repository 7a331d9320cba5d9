from odoo import models


class ReportKiaKpiValueXlsx(models.AbstractModel):
    """Excel export of the KPI figures (one KPI of one dealer in one month per line)."""

    _name = "report.kia_analysis.report_kia_kpi_value_xlsx"
    _inherit = "report.kia_analysis.report_kia_kpi_xlsx"
    _description = "KPI Figures (Excel)"
