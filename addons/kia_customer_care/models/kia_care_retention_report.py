from odoo import fields, models, tools
from odoo.tools import SQL


class KiaCareRetentionReport(models.Model):
    """Customer retention per dealer and month: of the vehicles that visited in a month, how many
    came back within the dealer's retention window (manual S51: churn = 1 - returned / visited)."""

    _name = "kia.care.retention.report"
    _description = "Customer Retention per Dealer and Month"
    _auto = False
    _order = "month desc, company_id"

    company_id = fields.Many2one("res.company", string="Dealer", readonly=True)
    month = fields.Date(readonly=True, help="The month of the first visit counted.")
    visited_count = fields.Integer(string="Visitors", readonly=True, aggregator="sum")
    returned_count = fields.Integer(string="Returned", readonly=True, aggregator="sum")
    retention_rate = fields.Float(string="Retention (%)", readonly=True, aggregator="avg")
    churn_rate = fields.Float(string="Churn (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    WITH visit AS (
                        SELECT DISTINCT r.company_id, r.vehicle_id,
                               date_trunc('month', r.schedule_date)::date AS month
                          FROM repair_order r
                         WHERE r.state = 'done' AND r.vehicle_id IS NOT NULL
                    ), counted AS (
                        SELECT v.company_id, v.month, v.vehicle_id,
                               EXISTS (
                                   SELECT 1 FROM visit later
                                    WHERE later.company_id = v.company_id
                                      AND later.vehicle_id = v.vehicle_id
                                      AND later.month > v.month
                                      AND later.month <= (v.month + make_interval(
                                              months => COALESCE(c.kia_care_retention_months, 6)
                                          ))::date
                               ) AS returned
                          FROM visit v
                          JOIN res_company c ON c.id = v.company_id
                    )
                    SELECT row_number() OVER (ORDER BY company_id, month) AS id,
                           company_id, month,
                           COUNT(*) AS visited_count,
                           COUNT(*) FILTER (WHERE returned) AS returned_count,
                           ROUND(100.0 * COUNT(*) FILTER (WHERE returned) / COUNT(*), 1)
                               AS retention_rate,
                           ROUND(100.0 - 100.0 * COUNT(*) FILTER (WHERE returned) / COUNT(*), 1)
                               AS churn_rate
                      FROM counted
                  GROUP BY company_id, month
                )
                """,
                SQL.identifier(self._table),
            )
        )
