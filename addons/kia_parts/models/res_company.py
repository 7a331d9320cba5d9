from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

WEEKDAYS = [
    ("0", "Monday"),
    ("1", "Tuesday"),
    ("2", "Wednesday"),
    ("3", "Thursday"),
    ("4", "Friday"),
    ("5", "Saturday"),
    ("6", "Sunday"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

    # --- kia_parts: parts operations settings (deposit, ordering, claims, stock) ---
    kia_parts_deposit_account_id = fields.Many2one(
        "account.account",
        string="Parts Deposit Account",
        help="Asset account holding the guarantee deposit paid to head office.",
    )
    kia_parts_deposit_journal_id = fields.Many2one(
        "account.journal", string="Parts Deposit Journal"
    )
    kia_parts_deposit_bank_account_id = fields.Many2one(
        "account.account",
        string="Deposit Payment Account",
        help="Bank or clearing account the deposit is paid from and refunded to.",
    )
    kia_parts_deposit_deduction_account_id = fields.Many2one(
        "account.account",
        string="Deposit Deduction Account",
        help="Account debited when head office deducts from the deposit (e.g. unpaid parts).",
    )
    kia_parts_deposit_penalty_account_id = fields.Many2one(
        "account.account",
        string="Deposit Penalty Account",
        help="Expense account debited when head office takes a penalty from the deposit.",
    )
    kia_parts_credit_factor = fields.Float(
        string="Parts Credit Factor",
        default=2.0,
        help="Credit open for parts orders = deposit x factor - open orders - unpaid invoices.",
    )
    kia_parts_order_weekday = fields.Selection(WEEKDAYS, string="Regular Order Day", default="0")
    kia_parts_lead_days_regular = fields.Integer(string="Regular Order Lead Time (days)", default=7)
    kia_parts_lead_days_emergency = fields.Integer(
        string="Emergency Order Lead Time (days)", default=2
    )
    kia_parts_lead_days_vor = fields.Integer(string="VOR Order Lead Time (days)", default=1)
    kia_parts_surcharge_emergency = fields.Float(string="Emergency Surcharge (%)", default=5.0)
    kia_parts_surcharge_vor = fields.Float(string="VOR Surcharge (%)", default=3.0)
    kia_parts_safety_days = fields.Integer(string="Safety Stock (days of demand)", default=7)
    kia_parts_claim_days = fields.Integer(
        string="Parts Claim Deadline (days after receipt)", default=7
    )
    kia_parts_slow_days = fields.Integer(string="Slow-moving after (days)", default=210)
    kia_parts_dead_days = fields.Integer(string="Dead stock after (days)", default=365)
    kia_parts_fill_rate_target = fields.Float(
        string="First-Pass Fill Rate Target (%)",
        default=90.0,
        help="Share of part lines issued from stock at the first request the dealer aims at.",
    )
    kia_parts_dead_share_target = fields.Float(
        string="Dead Stock Share Target (%)",
        default=2.0,
        help="Highest share of the stock value that may be dead stock.",
    )
    kia_parts_variance_tolerance = fields.Float(
        string="Default Count Variance Tolerance (%)",
        default=2.0,
        help="Count variance above which the parts manager must approve, unless a category "
        "sets its own tolerance.",
    )
    kia_parts_max_count_factor = fields.Float(
        string="Absurd Count Factor",
        default=100.0,
        help="A count above this many times the book quantity (or this many units when the book "
        "is empty) is refused as absurd.",
    )
    kia_parts_cycle_days_a = fields.Integer(
        string="Cycle Count A Parts Every (days)",
        default=30,
        help="A cycle count of the A parts is planned when the last one is this old; 0 to stop.",
    )
    kia_parts_cycle_days_b = fields.Integer(string="Cycle Count B Parts Every (days)", default=90)
    kia_parts_cycle_days_c = fields.Integer(string="Cycle Count C Parts Every (days)", default=180)
    kia_parts_full_count_days = fields.Integer(
        string="Full Count Every (days)",
        default=365,
        help="A full stocktaking is planned when the last one is this old; 0 to stop.",
    )
    kia_parts_abc_a_pct = fields.Float(string="ABC: A up to (% of usage value)", default=80.0)
    kia_parts_abc_b_pct = fields.Float(string="ABC: B up to (% of usage value)", default=95.0)
    kia_parts_deposit_balance = fields.Monetary(
        string="Parts Deposit", compute="_compute_kia_parts_credit", currency_field="currency_id"
    )
    kia_parts_credit_open = fields.Monetary(
        string="Open Parts Credit",
        compute="_compute_kia_parts_credit",
        currency_field="currency_id",
    )

    def _compute_kia_parts_credit(self):
        # Not stored: always from the ledger and the open documents of the moment.
        balances = self._kia_parts_deposit_balances()
        committed = self._kia_parts_committed_amounts()
        for company in self:
            balance = balances.get(company.id, 0.0)
            company.kia_parts_deposit_balance = balance
            company.kia_parts_credit_open = (
                balance * company.kia_parts_credit_factor - committed.get(company.id, 0.0)
            )

    def _kia_parts_deposit_balances(self):
        """Posted deposit balance per company, from the ledger (one query for the batch)."""
        groups = (
            self.env["kia.parts.deposit.line"]
            .sudo()  # sudo: the credit is shown to users who may not read the ledger itself
            ._read_group(
                [("company_id", "in", self.ids), ("state", "=", "posted")],
                ["company_id"],
                ["signed_amount:sum"],
            )
        )
        return {company.id: total for company, total in groups}

    def _kia_parts_committed_amounts(self):
        """Open parts orders to head office (not yet invoiced) plus unpaid parts invoices from
        head office, per company, in two queries for the batch."""
        if not self.ids:
            return {}
        self.env["purchase.order.line"].flush_model()
        self.env["purchase.order"].flush_model()
        self.env["account.move"].flush_model()
        result = dict.fromkeys(self.ids, 0.0)
        self.env.cr.execute(
            SQL(
                """
                SELECT po.company_id,
                       SUM(pol.price_total * (pol.product_qty - pol.qty_invoiced)
                           / NULLIF(pol.product_qty, 0))
                  FROM purchase_order_line pol
                  JOIN purchase_order po ON po.id = pol.order_id
                 WHERE po.company_id IN %(companies)s
                   AND po.kia_is_hq_order
                   AND po.state IN ('purchase', 'done')
                   AND pol.product_qty > pol.qty_invoiced
                 GROUP BY po.company_id
                """,
                companies=tuple(self.ids),
            )
        )
        for company_id, amount in self.env.cr.fetchall():
            result[company_id] += amount or 0.0
        self.env.cr.execute(
            SQL(
                """
                SELECT am.company_id, SUM(am.amount_residual)
                  FROM account_move am
                  JOIN res_company c ON c.id = am.company_id
                  JOIN res_company hq ON hq.id = c.kia_hq_company_id
                 WHERE am.company_id IN %(companies)s
                   AND am.move_type = 'in_invoice'
                   AND am.state = 'posted'
                   AND am.commercial_partner_id = hq.partner_id
                   AND am.payment_state NOT IN ('paid', 'in_payment', 'reversed')
                 GROUP BY am.company_id
                """,
                companies=tuple(self.ids),
            )
        )
        for company_id, amount in self.env.cr.fetchall():
            result[company_id] += amount or 0.0
        return result

    def _kia_parts_fresh_credit(self):
        """The deposit balance and open credit as they are now (drops cached values)."""
        self.invalidate_recordset(["kia_parts_deposit_balance", "kia_parts_credit_open"])
        return self

    def _kia_parts_lock_credit(self):
        """Serialise credit checks of one dealer: two parts orders confirmed at once must not
        both spend the same credit. Odoo retries the request when the lock is taken."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_company WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                tuple(self.ids),
            )
        )

    def action_kia_parts_setup_deposit(self):
        """Create the deposit journal and accounts a dealer needs when they are not set yet."""
        for company in self:
            vals = {}

            account = company._kia_parts_account

            if not company.kia_parts_deposit_account_id:
                vals["kia_parts_deposit_account_id"] = account(
                    "122199", "Parts guarantee deposit with Kia head office", "asset_current"
                ).id
            if not company.kia_parts_deposit_bank_account_id:
                vals["kia_parts_deposit_bank_account_id"] = account(
                    "100299", "Parts deposit bank clearing", "asset_current"
                ).id
            if not company.kia_parts_deposit_deduction_account_id:
                vals["kia_parts_deposit_deduction_account_id"] = account(
                    "220299", "Parts payable settled from deposit", "liability_current"
                ).id
            if not company.kia_parts_deposit_penalty_account_id:
                vals["kia_parts_deposit_penalty_account_id"] = account(
                    "671199", "Parts deposit penalties", "expense"
                ).id
            if not company.kia_parts_deposit_journal_id:
                journal = self.env["account.journal"].search(
                    [("code", "=", "KDEP"), ("company_id", "=", company.id)], limit=1
                ) or self.env["account.journal"].create(
                    {
                        "name": "Parts Deposit",
                        "code": "KDEP",
                        "type": "general",
                        "company_id": company.id,
                    }
                )
                vals["kia_parts_deposit_journal_id"] = journal.id
            if vals:
                company.write(vals)
        return True

    def _kia_parts_account(self, code, name, account_type):
        """The company's account with this code in its chart, created when the chart lacks it."""
        self.ensure_one()
        Account = self.env["account.account"].with_company(self)
        existing = Account.search([("code", "=", code), ("company_ids", "in", self.id)], limit=1)
        return existing or Account.create(
            {
                "code": code,
                "name": name,
                "account_type": account_type,
                "company_ids": [(6, 0, self.ids)],
            }
        )

    def action_kia_parts_setup_valuation(self):
        """Value Kia parts in real time with the stock accounts of the Chinese chart: 140500
        库存商品 (stock), 140200 在途物资 (goods received: the receipt credits it, the vendor
        bill debits it), 640100 主营业务成本 (parts issued and sold) and 190101 待处理财产损溢
        (stocktaking gains and losses, on the inventory-adjustment location). Accounts missing
        from the company's chart are created; moving average cost."""
        category = self.env.ref("kia_parts.product_category_kia_parts")
        for company in self:
            stock = company._kia_parts_account("140500", "Merchandise Inventory", "asset_current")
            transit = company._kia_parts_account("140200", "Materials in Transit", "asset_current")
            cost = company._kia_parts_account(
                "640100", "Main Business Costs", "expense_direct_cost"
            )
            pending = company._kia_parts_account(
                "190101", "Pending Property Gains and Losses", "asset_current"
            )
            Journal = self.env["account.journal"]
            journal = Journal.search(
                [("code", "=", "STJ"), ("company_id", "=", company.id)], limit=1
            ) or Journal.create(
                {
                    "name": self.env._("Inventory Valuation"),
                    "code": "STJ",
                    "type": "general",
                    "company_id": company.id,
                    "show_on_dashboard": False,
                }
            )
            category = category.with_company(company)
            category.write(
                {
                    "property_stock_valuation_account_id": stock.id,
                    "property_stock_account_input_categ_id": transit.id,
                    "property_stock_account_output_categ_id": cost.id,
                    "property_account_expense_categ_id": transit.id,
                    "property_stock_journal": journal.id,
                }
            )
            if category.property_valuation != "real_time" or category.property_cost_method != (
                "average"
            ):
                category.write(
                    {"property_valuation": "real_time", "property_cost_method": "average"}
                )
            self.env["stock.location"].search(
                [("usage", "=", "inventory"), ("company_id", "=", company.id)]
            ).write({"valuation_in_account_id": pending.id, "valuation_out_account_id": pending.id})
        return True

    def action_kia_parts_setup_intercompany(self, sale_user=None):
        """Make head office answer each dealer's parts order with its own sale order (OCA
        purchase_sale_inter_company): head office confirms, delivers and invoices it, and the
        invoice becomes the dealer's vendor bill (OCA account_invoice_inter_company).
        ``sale_user`` creates those sale orders; by default head office's first parts officer."""
        officers = self.env.ref("kia_parts.group_hq_parts_officer").users
        for company in self.filtered(lambda c: c.kia_dealer_type == "hq"):
            user = sale_user or company.intercompany_sale_user_id
            if not user:
                user = officers.filtered(lambda u, c=company: u.company_id == c)[:1]
            if not user:
                raise UserError(
                    self.env._(
                        "Give %(company)s a head-office parts officer first: head office's "
                        "sale orders for dealers are created in that user's name.",
                        company=company.name,
                    )
                )
            company.write(
                {
                    "so_from_po": True,
                    "sale_auto_validation": False,
                    "intercompany_sale_user_id": user.id,
                    "intercompany_invoicing": True,
                }
            )
        return True

    @api.model
    def _kia_parts_next_weekday(self, date, weekday):
        return date + timedelta(days=(int(weekday) - date.weekday()) % 7)

    def _kia_parts_suggested_quantities(self):
        """Suggested regular-order quantity per Kia part for this dealer, in one query whatever
        the number of parts: 12-month demand gives a daily rate; the reorder point is the larger
        of the reorder rule's minimum and the demand over lead time plus safety days; below it,
        order up to the larger of the reorder point and the rule's maximum, less stock on hand
        and already on order."""
        self.ensure_one()
        for model in ("stock.move", "stock.quant", "purchase.order.line", "purchase.order"):
            self.env[model].flush_model()
        self.env["stock.warehouse.orderpoint"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH internal AS (
                    SELECT id FROM stock_location
                     WHERE usage = 'internal' AND company_id = %(company)s
                ), demand AS (
                    SELECT sm.product_id, SUM(sm.product_qty) AS qty
                      FROM stock_move sm
                     WHERE sm.company_id = %(company)s
                       AND sm.state = 'done'
                       AND sm.date >= NOW() - INTERVAL '12 months'
                       AND sm.location_id IN (SELECT id FROM internal)
                       AND sm.location_dest_id IN (SELECT id FROM stock_location
                                                    WHERE usage IN ('customer', 'production'))
                     GROUP BY sm.product_id
                ), onhand AS (
                    SELECT q.product_id, SUM(q.quantity) AS qty
                      FROM stock_quant q
                     WHERE q.location_id IN (SELECT id FROM internal)
                     GROUP BY q.product_id
                ), incoming AS (
                    SELECT pol.product_id, SUM(pol.product_qty - pol.qty_received) AS qty
                      FROM purchase_order_line pol
                      JOIN purchase_order po ON po.id = pol.order_id
                     WHERE po.company_id = %(company)s
                       AND po.state IN ('purchase', 'done')
                       AND pol.product_qty > pol.qty_received
                     GROUP BY pol.product_id
                ), rules AS (
                    SELECT op.product_id, SUM(op.product_min_qty) AS min_qty,
                           SUM(op.product_max_qty) AS max_qty
                      FROM stock_warehouse_orderpoint op
                     WHERE op.company_id = %(company)s AND op.active
                     GROUP BY op.product_id
                ), need AS (
                    SELECT pp.id AS product_id,
                           GREATEST(COALESCE(r.min_qty, 0),
                                    COALESCE(d.qty, 0) / 365.0 * %(days)s) AS reorder_point,
                           COALESCE(r.max_qty, 0) AS max_qty,
                           COALESCE(o.qty, 0) + COALESCE(i.qty, 0) AS projected
                      FROM product_product pp
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                      LEFT JOIN demand d ON d.product_id = pp.id
                      LEFT JOIN onhand o ON o.product_id = pp.id
                      LEFT JOIN incoming i ON i.product_id = pp.id
                      LEFT JOIN rules r ON r.product_id = pp.id
                     WHERE pt.kia_part_number IS NOT NULL
                       AND pt.kia_successor_id IS NULL
                       AND pp.active
                       AND (d.product_id IS NOT NULL OR r.product_id IS NOT NULL)
                )
                SELECT product_id,
                       CEIL(GREATEST(reorder_point, max_qty) - projected)
                  FROM need
                 WHERE projected < reorder_point
                """,
                company=self.id,
                days=self.kia_parts_lead_days_regular + self.kia_parts_safety_days,
            )
        )
        return {product_id: qty for product_id, qty in self.env.cr.fetchall() if qty > 0}

    # --- end kia_parts ---
