from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.kia_kpi_target import DEALER_TYPES


class KiaKpiValue(models.Model):
    """One KPI of one dealer in one month, with its target: the cards of the KPI dashboard.

    The value of a group (several months or dealers) is sum(numerator) * factor /
    sum(denominator) for a ratio and sum(numerator) otherwise (see _read_group_select)."""

    _name = "kia.kpi.value"
    _description = "KPI Figure per Dealer and Month"
    _auto = False
    _order = "date desc, company_id, sequence"
    _rec_name = "kpi_id"

    company_id = fields.Many2one("res.company", string="Dealer", readonly=True)
    dealer_type = fields.Selection(DEALER_TYPES, readonly=True)
    date = fields.Date(string="Month", readonly=True)
    kpi_id = fields.Many2one("kia.kpi", string="KPI", readonly=True)
    sequence = fields.Integer(readonly=True)
    unit = fields.Selection(related="kpi_id.unit")
    formula = fields.Text(related="kpi_id.formula")
    higher_is_better = fields.Boolean(related="kpi_id.higher_is_better")
    numerator = fields.Float(readonly=True)
    denominator = fields.Float(readonly=True)
    factor = fields.Float(readonly=True, aggregator="max")
    value = fields.Float(readonly=True)
    target = fields.Float(readonly=True, aggregator="max")
    status = fields.Selection(
        [("none", "No Target"), ("green", "On Target"), ("amber", "Near Target"), ("red", "Off")],
        compute="_compute_status",
    )

    @api.depends("value", "target", "kpi_id.higher_is_better", "company_id.kia_kpi_amber_pct")
    def _compute_status(self):
        for line in self:
            line.status = line._kia_status(line.value, line.target)

    def _read_group_select(self, aggregate_spec, query):
        """A group's value: sum(numerator) * factor / sum(denominator) for ratios (rows with a
        denominator), sum(numerator) * factor for additive figures."""
        if aggregate_spec not in ("value:sum", "value:avg"):
            return super()._read_group_select(aggregate_spec, query)
        numerator = self._field_to_sql(self._table, "numerator", query)
        denominator = self._field_to_sql(self._table, "denominator", query)
        factor = self._field_to_sql(self._table, "factor", query)
        return SQL(
            """CASE WHEN COUNT(%(den)s) = 0 THEN SUM(%(num)s * %(factor)s)
                    ELSE SUM(%(num)s * %(factor)s) / NULLIF(SUM(%(den)s), 0) END""",
            num=numerator,
            den=denominator,
            factor=factor,
        )

    def action_kia_open_analysis(self):
        """This KPI of the dealers the user sees, per dealer and month."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_analysis.kia_kpi_value_action_analysis"
        )
        action["display_name"] = self.kpi_id.name
        action["domain"] = [("kpi_id", "=", self.kpi_id.id)]
        return action

    def _kia_status(self, value, target):
        """Traffic light of a value against its target, the company's amber band around it."""
        if not target:
            return "none"
        gap = (value - target) if self.kpi_id.higher_is_better else (target - value)
        if gap >= 0:
            return "green"
        if -gap <= target * self.company_id.kia_kpi_amber_pct / 100:
            return "amber"
        return "red"

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        rows = SQL(", ").join(
            SQL(
                "(%s, %s, %s, %s)",
                code,
                SQL.identifier("r", numerator),
                SQL.identifier("r", denominator) if denominator else SQL("NULL::float"),
                factor,
            )
            for code, (numerator, denominator, factor) in self.env["kia.kpi"]
            ._kia_kpi_specs()
            .items()
        )
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    SELECT r.id::bigint * 100 + k.id AS id,
                           r.company_id, c.kia_dealer_type AS dealer_type, r.date,
                           k.id AS kpi_id, k.sequence,
                           v.numerator::float AS numerator,
                           v.denominator::float AS denominator,
                           v.factor::float AS factor,
                           CASE WHEN v.denominator IS NULL THEN v.numerator * v.factor
                                ELSE v.numerator * v.factor / NULLIF(v.denominator, 0)
                           END AS value,
                           (SELECT t.target FROM kia_kpi_target t
                             WHERE t.kpi_id = k.id AND t.dealer_type = c.kia_dealer_type
                               AND t.date_from <= (r.date + INTERVAL '1 month' - INTERVAL '1 day')
                             ORDER BY t.date_from DESC LIMIT 1) AS target
                      FROM kia_kpi_report r
                      JOIN res_company c ON c.id = r.company_id
                     CROSS JOIN LATERAL (VALUES %(rows)s)
                           AS v(code, numerator, denominator, factor)
                      JOIN kia_kpi k ON k.code = v.code AND k.active
                )
                """,
                table=SQL.identifier(self._table),
                rows=rows,
            )
        )
