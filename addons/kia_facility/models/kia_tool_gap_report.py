from odoo import fields, models, tools
from odoo.tools import SQL


class KiaToolGapReport(models.Model):
    """Each dealer's usable special tools against the list its dealer type must hold."""

    _name = "kia.tool.gap.report"
    _description = "Special Tool Gaps per Dealer"
    _auto = False
    _order = "company_id, tool_code"

    company_id = fields.Many2one("res.company", string="Dealer", readonly=True)
    requirement_id = fields.Many2one("kia.tool.requirement", readonly=True)
    tool_code = fields.Char(string="Kia Tool Code", readonly=True)
    required_qty = fields.Integer(string="Required", readonly=True)
    held_qty = fields.Integer(string="Usable", readonly=True)
    missing_qty = fields.Integer(string="Missing", readonly=True)
    compliant = fields.Boolean(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT (c.id::bigint << 32) | r.id AS id, c.id AS company_id,
                           r.id AS requirement_id, r.tool_code, r.quantity AS required_qty,
                           COALESCE(e.held, 0) AS held_qty,
                           GREATEST(r.quantity - COALESCE(e.held, 0), 0) AS missing_qty,
                           COALESCE(e.held, 0) >= r.quantity AS compliant
                      FROM res_company c
                      JOIN kia_tool_requirement r ON r.dealer_type = c.kia_dealer_type
                 LEFT JOIN (
                        SELECT company_id, kia_tool_code, COUNT(*) AS held
                          FROM maintenance_equipment
                         WHERE active AND kia_condition IN ('good', 'worn')
                      GROUP BY company_id, kia_tool_code
                    ) e ON e.company_id = c.id AND e.kia_tool_code = r.tool_code
                     WHERE c.active
                )
                """,
                SQL.identifier(self._table),
            )
        )
