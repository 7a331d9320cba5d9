from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# How each KPI is computed from the columns of the dealer-month view `kia.kpi.report`:
# code: (numerator column, denominator column or None for an additive figure, factor).
# A ratio is always sum(numerator) * factor / sum(denominator) over the rows it covers, never an
# average of the rows' ratios.
KPI_SPECS = {
    "ro_count": ("ro_count", None, 1.0),
    "revenue": ("revenue", None, 1.0),
    "gross_profit": ("gross_profit", None, 1.0),
    "revenue_per_ro": ("revenue", "ro_count", 1.0),
    "hours_sold": ("hours_sold", None, 1.0),
    "hours_clocked": ("hours_clocked", None, 1.0),
    "hours_available": ("hours_available", None, 1.0),
    "utilisation": ("hours_clocked", "hours_attended", 100.0),
    "efficiency": ("hours_sold", "hours_clocked", 100.0),
    "productivity": ("hours_sold", "hours_attended", 100.0),
    "comeback_rate": ("comeback_count", "ro_count", 100.0),
    "on_time_rate": ("on_time_count", "delivered_count", 100.0),
    "followup_reach": ("followup_reached", "followup_due", 100.0),
    "satisfaction": ("satisfied_count", "surveyed_count", 100.0),
    "appointment_rate": ("appointment_kept_count", "ro_count", 100.0),
    "declined_recovery": ("declined_recovered", "declined_count", 100.0),
    "complaint_rate": ("complaint_count", "ro_count", 100.0),
    "warranty_share": ("revenue_warranty", "revenue", 100.0),
    "parts_turnover": ("parts_issue_cost_annual", "stock_value", 1.0),
    "fill_rate": ("lines_filled", "lines_requested", 100.0),
    "dead_stock_share": ("dead_stock_value", "stock_value", 100.0),
}
RATIO_SPECS = {code: spec for code, spec in KPI_SPECS.items() if spec[1]}


class KiaKpi(models.Model):
    """A key performance indicator of the after-sales business (manual ch.12), with the formula
    users see beside each figure. The figures come from the dealer-month view kia.kpi.report."""

    _name = "kia.kpi"
    _description = "After-Sales KPI"
    _inherit = ["kia.hq.owned.mixin"]
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    code = fields.Char(required=True, readonly=True)
    name = fields.Char(required=True, translate=True)
    formula = fields.Text(
        required=True, translate=True, help="How the figure is computed, shown beside it."
    )
    unit = fields.Selection(
        [("percent", "%"), ("amount", "¥"), ("hours", "h"), ("count", "count"), ("ratio", "×")],
        required=True,
        default="count",
    )
    higher_is_better = fields.Boolean(default=True)
    active = fields.Boolean(default=True)
    target_ids = fields.One2many("kia.kpi.target", "kpi_id", string="Targets")

    _sql_constraints = [("code_uniq", "unique(code)", "A KPI code can be used only once.")]

    def _kia_hq_owned(self):
        # Head office's network definitions: there is no dealer's own record of this model.
        return self

    def _kia_kpi_specs(self):
        """How each KPI is computed: KPI_SPECS, and those an add-on brings (it adds its code
        here, and its columns to kia.kpi.report through ``_kia_fact_sources`` and
        ``_kia_extra_sql``)."""
        return dict(KPI_SPECS)

    @api.constrains("code")
    def _check_code(self):
        specs = self._kia_kpi_specs()
        for kpi in self:
            if kpi.code not in specs:
                raise ValidationError(
                    self.env._(
                        "KPI code %(code)s is unknown: use one of %(codes)s.",
                        code=kpi.code,
                        codes=", ".join(specs),
                    )
                )

    @api.model
    def _kia_values(self, companies, date_from, date_to):
        """KPI figures of each company over the months from date_from to date_to (both dates
        included, whole months), computed in one grouped query on kia.kpi.report.

        :return: {company_id: {kpi_code: float}}; a ratio whose denominator is zero is 0.0.
        """
        date_from = fields.Date.to_date(date_from).replace(day=1)
        date_to = fields.Date.to_date(date_to)
        if date_to < date_from:
            raise UserError(self.env._("The end of the period is before its start."))
        codes = list(self._kia_kpi_specs())
        # The report is a view over many models' tables: what is pending reaches them first.
        self.env.flush_all()
        groups = self.env["kia.kpi.report"]._read_group(
            [
                ("company_id", "in", companies.ids),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ],
            ["company_id"],
            [f"{code}:sum" for code in codes],
        )
        result = {company.id: dict.fromkeys(codes, 0.0) for company in companies}
        for company, *values in groups:
            result[company.id] = {
                code: value or 0.0 for code, value in zip(codes, values, strict=True)
            }
        return result
