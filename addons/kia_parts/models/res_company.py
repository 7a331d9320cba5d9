from odoo import fields, models
from odoo.exceptions import UserError

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

    kia_parts_deposit_account_id = fields.Many2one(
        "account.account",
        string="Parts Deposit Account",
        help="A dealer: the asset account holding the guarantee deposit paid to head office "
        "(1221). Head office: the liability account of the deposits received from dealers "
        "(2241).",
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
        help="A dealer: the payable to head office a deduction pays; head office: the "
        "receivable from the dealer it settles (when the deduction names no bill).",
    )
    kia_parts_deposit_penalty_account_id = fields.Many2one(
        "account.account",
        string="Deposit Penalty Account",
        help="A dealer: the expense of a penalty taken from its deposit; head office: the "
        "income of that penalty.",
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
    kia_parts_stock_account_id = fields.Many2one(
        "account.account",
        string="Parts Stock Account",
        help="Asset account holding the value of the Kia parts in stock.",
    )
    kia_parts_stock_input_account_id = fields.Many2one(
        "account.account",
        string="Parts Received Account",
        help="Goods received not yet billed: the receipt credits it, head office's bill debits it.",
    )
    kia_parts_stock_output_account_id = fields.Many2one(
        "account.account",
        string="Cost of Parts Account",
        help="Expense account of the parts issued and sold; the chart's default expense account "
        "when empty.",
    )
    kia_parts_count_account_id = fields.Many2one(
        "account.account",
        string="Stocktaking Gains and Losses Account",
        help="Account of the count variances (on the inventory-adjustment location).",
    )
    kia_parts_deposit_balance = fields.Monetary(
        string="Parts Deposit", compute="_compute_kia_parts_credit", currency_field="currency_id"
    )
    kia_parts_credit_open = fields.Monetary(
        string="Open Parts Credit",
        compute="_compute_kia_parts_credit",
        currency_field="currency_id",
    )

    def _compute_kia_parts_credit(self):
        Ledger = self.env["kia.parts.deposit.line"]
        balances = Ledger._deposit_balances(self)
        credits = Ledger._open_credits(self, balances=balances)
        for company in self:
            company.kia_parts_deposit_balance = balances.get(company.id, 0.0)
            company.kia_parts_credit_open = credits.get(company.id, 0.0)

    def _kia_parts_check_accounts(self, field_names, vals):
        """Refuse to go on while one of these account settings is empty, in the company and in
        ``vals`` (what is about to be written)."""
        self.ensure_one()
        missing = [
            self._fields[name].get_description(self.env)["string"]
            for name in field_names
            if not vals.get(name) and not self[name]
        ]
        if missing:
            raise UserError(
                self.env._(
                    "Choose these accounts of %(company)s in Settings (Kia After-Sales, "
                    "Parts) first: %(accounts)s.",
                    company=self.name,
                    accounts=", ".join(missing),
                )
            )
