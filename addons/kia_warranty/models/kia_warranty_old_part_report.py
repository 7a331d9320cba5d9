from odoo import fields, models, tools
from odoo.tools import SQL


class KiaWarrantyOldPartReport(models.Model):
    """Monthly on-time return statistics of old parts per dealer: the parts head office asked
    back whose return deadline falls in the month, shipped on time, shipped late or still not
    shipped past it."""

    _name = "kia.warranty.old.part.report"
    _description = "Old Part Returns per Dealer and Month"
    _auto = False
    _order = "month desc, company_id"

    company_id = fields.Many2one("res.company", string="Dealer", readonly=True)
    month = fields.Date(readonly=True)
    requested_count = fields.Integer(string="Asked Back", readonly=True)
    on_time_count = fields.Integer(string="Shipped On Time", readonly=True)
    late_count = fields.Integer(string="Late", readonly=True)
    on_time_rate = fields.Float(string="On-Time Rate (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %s AS (
                    SELECT min(p.id) AS id,
                           p.company_id,
                           date_trunc('month', p.return_due_date)::date AS month,
                           count(*) AS requested_count,
                           count(*) FILTER (
                               WHERE r.ship_date IS NOT NULL
                                 AND r.ship_date <= p.return_due_date) AS on_time_count,
                           count(*) FILTER (
                               WHERE r.ship_date > p.return_due_date
                                  OR (r.ship_date IS NULL
                                      AND p.return_due_date < CURRENT_DATE)) AS late_count,
                           round(100.0 * count(*) FILTER (
                               WHERE r.ship_date IS NOT NULL
                                 AND r.ship_date <= p.return_due_date) / count(*), 1)
                               AS on_time_rate
                      FROM kia_warranty_old_part p
                 LEFT JOIN kia_warranty_part_return r
                        ON r.id = p.return_id AND r.state != 'draft'
                     WHERE p.return_due_date IS NOT NULL
                  GROUP BY p.company_id, date_trunc('month', p.return_due_date)
                )
                """,
                SQL.identifier(self._table),
            )
        )
