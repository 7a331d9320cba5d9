from odoo import fields, models, tools
from odoo.tools import SQL


class KiaPartsKpiReport(models.Model):
    """Parts KPIs per dealer and month, for the parts manager, head office and the dealer
    KPIs of kia_analysis (read the fields of this model by ``company_id`` and ``month``):

    - first-pass fill rate 一次满足率: part lines requested on repair orders and counter sales
      in the month, and those issued from stock at the first request. A repair part line with
      a lost sale 缺件登记 for its part, a sale line that needed a backorder, and a lost sale
      recorded at the counter without a repair order count as not filled;
    - stock value at month end (valuation layers of Kia parts), and the share of it that is
      slow-moving or dead: no issue (or, never issued, no receipt) for the company's
      ``kia_parts_slow_days`` / ``kia_parts_dead_days`` at month end;
    - turnover 库存周转率: cost of parts issued in the month x 12 / stock value at month end
      (annualised), and days of stock = stock value / issue cost per day.

    Each ratio is stored with its numerator and denominator: grouped (over months or
    dealers), a ratio is sum(numerator) / sum(denominator) of the group (kia.ratio.report.mixin).
    """

    _name = "kia.parts.kpi.report"
    _inherit = ["kia.ratio.report.mixin"]
    _description = "Parts KPIs per Dealer and Month (fill rate, dead stock, turnover)"
    _auto = False
    _order = "month desc, company_id"
    _rec_name = "month"

    company_id = fields.Many2one("res.company", string="Dealer", readonly=True)
    month = fields.Date(readonly=True, help="First day of the month.")
    request_lines = fields.Integer(string="Part Lines Requested", readonly=True)
    filled_lines = fields.Integer(string="Filled at First Request", readonly=True)
    fill_rate = fields.Float(string="First-Pass Fill Rate (%)", readonly=True, aggregator="sum")
    issue_value = fields.Float(string="Cost of Parts Issued", readonly=True, digits="Account")
    stock_value = fields.Float(string="Stock Value at Month End", readonly=True, digits="Account")
    slow_value = fields.Float(string="Slow-moving Stock Value", readonly=True, digits="Account")
    dead_value = fields.Float(string="Dead Stock Value", readonly=True, digits="Account")
    slow_share = fields.Float(string="Slow-moving Share (%)", readonly=True, aggregator="sum")
    dead_share = fields.Float(string="Dead Stock Share (%)", readonly=True, aggregator="sum")
    turnover = fields.Float(
        string="Turnover (annualised)", readonly=True, aggregator="sum", digits=(16, 2)
    )
    days_of_stock = fields.Float(readonly=True, aggregator="sum", digits=(16, 1))
    stock_value_days = fields.Float(
        string="Stock Value × Days",
        readonly=True,
        help="Stock value at month end times the days of the month: the numerator of the "
        "days of stock, so that grouped months give stock over the period ÷ issues per day.",
    )
    fill_rate_ok = fields.Boolean(
        string="Fill Rate on Target", readonly=True, help="At or above the dealer's target."
    )
    dead_share_ok = fields.Boolean(
        string="Dead Stock on Target", readonly=True, help="At or below the dealer's target."
    )

    def _kia_ratio_specs(self):
        return {
            "fill_rate": ("filled_lines", "request_lines", 100.0),
            "slow_share": ("slow_value", "stock_value", 100.0),
            "dead_share": ("dead_value", "stock_value", 100.0),
            "turnover": ("issue_value", "stock_value", 12.0),
            "days_of_stock": ("stock_value_days", "issue_value", 1.0),
        }

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW %(table)s AS (
                    WITH parts AS (
                        SELECT pp.id AS product_id
                          FROM product_product pp
                          JOIN product_template pt ON pt.id = pp.product_tmpl_id
                         WHERE pt.kia_part_number IS NOT NULL
                    ), issue_moves AS (
                        SELECT sm.id, sm.company_id, sm.product_id, sm.date
                          FROM stock_move sm
                          JOIN parts p ON p.product_id = sm.product_id
                          JOIN stock_location src ON src.id = sm.location_id
                          JOIN stock_location dst ON dst.id = sm.location_dest_id
                         WHERE sm.state = 'done'
                           AND src.usage = 'internal'
                           AND dst.usage IN ('customer', 'production')
                    ), layers AS (
                        SELECT svl.company_id, svl.product_id, svl.quantity, svl.value,
                               COALESCE(sm.date, svl.create_date) AS date,
                               im.id IS NOT NULL AS is_issue
                          FROM stock_valuation_layer svl
                          JOIN parts p ON p.product_id = svl.product_id
                          LEFT JOIN stock_move sm ON sm.id = svl.stock_move_id
                          LEFT JOIN issue_moves im ON im.id = svl.stock_move_id
                    ), requests AS (
                        SELECT sm.company_id, date_trunc('month', sm.date) AS month,
                               CASE WHEN EXISTS (
                                   SELECT 1 FROM kia_parts_lost_sale ls
                                    WHERE ls.repair_id = sm.repair_id
                                      AND ls.product_id = sm.product_id) THEN 0 ELSE 1 END
                                   AS filled
                          FROM stock_move sm
                          JOIN parts p ON p.product_id = sm.product_id
                         WHERE sm.repair_id IS NOT NULL
                           AND sm.repair_line_type = 'add'
                           AND sm.state != 'cancel'
                        UNION ALL
                        SELECT so.company_id, date_trunc('month', so.date_order),
                               CASE WHEN EXISTS (
                                   SELECT 1 FROM stock_move m
                                     JOIN stock_picking pk ON pk.id = m.picking_id
                                    WHERE m.sale_line_id = sol.id
                                      AND pk.backorder_id IS NOT NULL) THEN 0 ELSE 1 END
                          FROM sale_order_line sol
                          JOIN sale_order so ON so.id = sol.order_id
                          JOIN parts p ON p.product_id = sol.product_id
                         WHERE so.state = 'sale'
                        UNION ALL
                        SELECT ls.company_id, date_trunc('month', ls.date), 0
                          FROM kia_parts_lost_sale ls
                         WHERE ls.repair_id IS NULL
                    ), starts AS (
                        SELECT company_id, MIN(month) AS first_month
                          FROM (SELECT company_id, date_trunc('month', MIN(date)) AS month
                                  FROM layers GROUP BY company_id
                                UNION ALL
                                SELECT company_id, MIN(month) FROM requests GROUP BY company_id
                               ) s
                         GROUP BY company_id
                    ), months AS (
                        SELECT s.company_id, m AS month, m + INTERVAL '1 month' AS month_end
                          FROM starts s
                         CROSS JOIN LATERAL generate_series(
                               s.first_month, date_trunc('month', NOW()), INTERVAL '1 month'
                         ) AS m
                    ), monthly AS (
                        -- each part's movements per month, then running totals: the stock
                        -- at a month's end without re-reading every earlier layer per month
                        SELECT company_id, product_id, date_trunc('month', date) AS month,
                               SUM(quantity) AS qty, SUM(value) AS value,
                               MIN(date) FILTER (WHERE quantity > 0) AS first_in,
                               MAX(date) FILTER (WHERE is_issue) AS last_issue
                          FROM layers
                         GROUP BY company_id, product_id, date_trunc('month', date)
                    ), running AS (
                        SELECT company_id, product_id, month,
                               LEAD(month) OVER (PARTITION BY company_id, product_id
                                                     ORDER BY month) AS next_month,
                               SUM(qty) OVER w AS qty, SUM(value) OVER w AS value,
                               MIN(first_in) OVER w AS first_in,
                               MAX(last_issue) OVER w AS last_issue
                          FROM monthly
                        WINDOW w AS (PARTITION BY company_id, product_id ORDER BY month)
                    ), stock AS (
                        SELECT mo.company_id, mo.month, mo.month_end, r.product_id,
                               r.qty, r.value, r.first_in, r.last_issue
                          FROM months mo
                          JOIN running r ON r.company_id = mo.company_id
                                        AND r.month <= mo.month
                                        AND (r.next_month IS NULL OR r.next_month > mo.month)
                    ), stock_status AS (
                        SELECT st.company_id, st.month, st.value,
                               EXTRACT(EPOCH FROM st.month_end
                                       - COALESCE(st.last_issue, st.first_in)) / 86400.0
                                   AS idle_days
                          FROM stock st
                         WHERE st.qty > 0
                    ), stock_month AS (
                        SELECT ss.company_id, ss.month,
                               SUM(ss.value) AS stock_value,
                               SUM(ss.value) FILTER (
                                   WHERE ss.idle_days >= c.kia_parts_slow_days
                                     AND ss.idle_days < c.kia_parts_dead_days) AS slow_value,
                               SUM(ss.value) FILTER (
                                   WHERE ss.idle_days >= c.kia_parts_dead_days) AS dead_value
                          FROM stock_status ss
                          JOIN res_company c ON c.id = ss.company_id
                         GROUP BY ss.company_id, ss.month
                    ), issue_month AS (
                        SELECT company_id, date_trunc('month', date) AS month,
                               -SUM(value) AS issue_value
                          FROM layers
                         WHERE is_issue
                         GROUP BY company_id, date_trunc('month', date)
                    ), request_month AS (
                        SELECT company_id, month, COUNT(*) AS request_lines,
                               SUM(filled) AS filled_lines
                          FROM requests
                         GROUP BY company_id, month
                    ), kpi AS (
                        SELECT mo.company_id, mo.month::date AS month,
                               mo.month_end::date - mo.month::date AS days,
                               COALESCE(r.request_lines, 0) AS request_lines,
                               COALESCE(r.filled_lines, 0) AS filled_lines,
                               COALESCE(i.issue_value, 0) AS issue_value,
                               COALESCE(s.stock_value, 0) AS stock_value,
                               COALESCE(s.slow_value, 0) AS slow_value,
                               COALESCE(s.dead_value, 0) AS dead_value
                          FROM months mo
                          LEFT JOIN request_month r
                                 ON r.company_id = mo.company_id AND r.month = mo.month
                          LEFT JOIN issue_month i
                                 ON i.company_id = mo.company_id AND i.month = mo.month
                          LEFT JOIN stock_month s
                                 ON s.company_id = mo.company_id AND s.month = mo.month
                    )
                    SELECT k.company_id * 100000
                               + (EXTRACT(YEAR FROM k.month) * 12
                                  + EXTRACT(MONTH FROM k.month))::int AS id,
                           k.company_id, k.month, k.request_lines, k.filled_lines,
                           k.issue_value, k.stock_value, k.slow_value, k.dead_value,
                           k.stock_value * k.days AS stock_value_days,
                           CASE WHEN k.request_lines > 0
                                THEN 100.0 * k.filled_lines / k.request_lines END AS fill_rate,
                           CASE WHEN k.stock_value > 0
                                THEN 100.0 * k.slow_value / k.stock_value ELSE 0 END
                               AS slow_share,
                           CASE WHEN k.stock_value > 0
                                THEN 100.0 * k.dead_value / k.stock_value ELSE 0 END
                               AS dead_share,
                           CASE WHEN k.stock_value > 0
                                THEN k.issue_value * 12 / k.stock_value ELSE 0 END AS turnover,
                           CASE WHEN k.issue_value > 0
                                THEN k.stock_value * k.days / k.issue_value END
                               AS days_of_stock,
                           k.request_lines = 0
                               OR 100.0 * k.filled_lines / k.request_lines
                                  >= c.kia_parts_fill_rate_target AS fill_rate_ok,
                           k.stock_value <= 0
                               OR 100.0 * k.dead_value / k.stock_value
                                  <= c.kia_parts_dead_share_target AS dead_share_ok
                      FROM kpi k
                      JOIN res_company c ON c.id = k.company_id
                )
                """,
                table=SQL.identifier(self._table),
            )
        )
