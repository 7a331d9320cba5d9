from odoo import fields, models, tools
from odoo.tools import SQL


class KiaPartsStockReport(models.Model):
    _name = "kia.parts.stock.report"
    _description = "Parts Stock Health (slow-moving, dead stock, turnover)"
    _auto = False
    _order = "days_idle desc"

    company_id = fields.Many2one("res.company", string="Dealer", readonly=True)
    product_id = fields.Many2one("product.product", string="Part", readonly=True)
    kia_part_category = fields.Selection(
        related="product_id.kia_part_category", string="Part Category"
    )
    quantity = fields.Float(string="On Hand", readonly=True)
    value = fields.Float(string="Stock Value", readonly=True, digits="Product Price")
    issued_12m = fields.Float(string="Issued (12 months)", readonly=True)
    last_issue_date = fields.Datetime(readonly=True)
    days_idle = fields.Integer(string="Days Without Issue", readonly=True)
    turnover = fields.Float(
        string="Turnover (12 months)", readonly=True, help="Quantity issued / quantity on hand."
    )
    stock_status = fields.Selection(
        [("normal", "Normal"), ("slow", "Slow-moving"), ("dead", "Dead Stock")],
        readonly=True,
    )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    WITH onhand AS (
                        SELECT MIN(q.id) AS id, q.company_id, q.product_id,
                               SUM(q.quantity) AS quantity,
                               MIN(q.in_date) AS first_in
                          FROM stock_quant q
                          JOIN stock_location l ON l.id = q.location_id
                         WHERE l.usage = 'internal'
                         GROUP BY q.company_id, q.product_id
                    ), issues AS (
                        SELECT sm.company_id, sm.product_id, MAX(sm.date) AS last_date,
                               SUM(sm.product_qty) FILTER (
                                   WHERE sm.date >= NOW() - INTERVAL '12 months') AS qty
                          FROM stock_move sm
                          JOIN stock_location src ON src.id = sm.location_id
                          JOIN stock_location dst ON dst.id = sm.location_dest_id
                         WHERE sm.state = 'done'
                           AND src.usage = 'internal'
                           AND dst.usage IN ('customer', 'production')
                         GROUP BY sm.company_id, sm.product_id
                    )
                    SELECT o.id, o.company_id, o.product_id, o.quantity,
                           o.quantity * COALESCE(pt.kia_dealer_price, 0) AS value,
                           COALESCE(i.qty, 0) AS issued_12m,
                           i.last_date AS last_issue_date,
                           EXTRACT(DAY FROM NOW() - COALESCE(i.last_date, o.first_in))::int
                               AS days_idle,
                           CASE WHEN o.quantity > 0 THEN COALESCE(i.qty, 0) / o.quantity
                                ELSE 0 END AS turnover,
                           CASE
                               WHEN EXTRACT(DAY FROM NOW() - COALESCE(i.last_date, o.first_in))
                                    >= c.kia_parts_dead_days THEN 'dead'
                               WHEN EXTRACT(DAY FROM NOW() - COALESCE(i.last_date, o.first_in))
                                    >= c.kia_parts_slow_days THEN 'slow'
                               ELSE 'normal' END AS stock_status
                      FROM onhand o
                      JOIN res_company c ON c.id = o.company_id
                      JOIN product_product pp ON pp.id = o.product_id
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                      LEFT JOIN issues i
                             ON i.company_id = o.company_id AND i.product_id = o.product_id
                     WHERE pt.kia_part_number IS NOT NULL AND o.quantity > 0
                )
                """,
                table=SQL.identifier(self._table),
            )
        )
