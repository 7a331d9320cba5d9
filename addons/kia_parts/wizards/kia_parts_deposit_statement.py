from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class KiaPartsDepositStatement(models.TransientModel):
    """The monthly guarantee deposit statement: per dealer, the opening balance, the month's
    posted movements and the closing balance of the deposit ledger, beside the deposit balance in
    the dealer's books and in head office's books. A dealer's users get their own dealer; head
    office's accountant and parts officer every dealer of head office."""

    _name = "kia.parts.deposit.statement"
    _description = "Parts Guarantee Deposit Statement"

    month = fields.Date(
        required=True,
        default=lambda self: fields.Date.context_today(self).replace(day=1),
        help="Any day of the month of the statement.",
    )
    date_from = fields.Date(compute="_compute_dates")
    date_to = fields.Date(compute="_compute_dates")
    line_ids = fields.One2many("kia.parts.deposit.statement.line", "statement_id", readonly=True)
    all_agree = fields.Boolean(compute="_compute_all_agree", string="Both Books Agree")

    @api.depends("month")
    def _compute_dates(self):
        for statement in self:
            start = (statement.month or fields.Date.context_today(self)).replace(day=1)
            statement.date_from = start
            statement.date_to = start + relativedelta(months=1, days=-1)

    @api.depends("line_ids.agree")
    def _compute_all_agree(self):
        for statement in self:
            statement.all_agree = all(statement.line_ids.mapped("agree"))

    @api.model_create_multi
    def create(self, vals_list):
        statements = super().create(vals_list)
        statements._kia_fill_lines()
        return statements

    def action_refresh(self):
        self.ensure_one()
        self._kia_fill_lines()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def action_print(self):
        self.ensure_one()
        return self.env.ref("kia_parts.action_report_deposit_month_statement").report_action(self)

    def _kia_dealers(self):
        """The dealers whose statement the caller may read, decided on the server: head
        office's deposit roles get the dealers of their head office, anyone else the dealers
        among their own companies."""
        Ledger = self.env["kia.parts.deposit.line"]
        user = self.env.user
        # sudo: head office's accountant does not hold the dealers' companies; which dealers
        # it may read is decided just here
        Company = self.env["res.company"].sudo()
        if Ledger._kia_is_hq():
            hq = user.company_ids.filtered(lambda company: company.kia_dealer_type == "hq")
            return Company.search([("kia_hq_company_id", "in", hq.ids)], order="name")
        return Company.browse(user.company_ids.ids).filtered(
            lambda company: company.kia_dealer_type != "hq" and company.kia_hq_company_id
        )

    def _kia_fill_lines(self):
        for statement in self:
            dealers = statement._kia_dealers()
            figures = statement._kia_figures(dealers)
            statement.line_ids = [fields.Command.clear()] + [
                fields.Command.create(dict(figures[dealer.id], dealer_id=dealer.id))
                for dealer in dealers
            ]

    def _kia_figures(self, dealers):
        """Per dealer: the ledger's opening and closing balances and the deposit balance at the
        end of the month in both books (four grouped queries for all dealers)."""
        self.ensure_one()
        # sudo: the figures of the dealers chosen by _kia_dealers, from books the caller may
        # not read (head office's for a dealer, the dealers' for head office)
        Ledger = self.env["kia.parts.deposit.line"].sudo()
        Aml = self.env["account.move.line"].sudo()
        domain = [("company_id", "in", dealers.ids), ("state", "=", "posted")]
        opening = dict(
            Ledger._read_group(
                [*domain, ("date", "<", self.date_from)], ["company_id"], ["signed_amount:sum"]
            )
        )
        closing = dict(
            Ledger._read_group(
                [*domain, ("date", "<=", self.date_to)], ["company_id"], ["signed_amount:sum"]
            )
        )
        dealer_books = {
            company.id: balance
            for company, account, partner, balance in Aml._read_group(
                [
                    ("company_id", "in", dealers.ids),
                    ("account_id", "in", dealers.kia_parts_deposit_account_id.ids),
                    ("partner_id", "in", dealers.kia_hq_company_id.partner_id.ids),
                    ("parent_state", "=", "posted"),
                    ("date", "<=", self.date_to),
                ],
                ["company_id", "account_id", "partner_id"],
                ["balance:sum"],
            )
            if account == company.kia_parts_deposit_account_id
            and partner == company.kia_hq_company_id.partner_id
        }
        hq_books = {}
        hqs = dealers.kia_hq_company_id
        for company, account, partner, balance in Aml._read_group(
            [
                ("company_id", "in", hqs.ids),
                ("account_id", "in", hqs.kia_parts_deposit_account_id.ids),
                ("partner_id", "in", dealers.partner_id.ids),
                ("parent_state", "=", "posted"),
                ("date", "<=", self.date_to),
            ],
            ["company_id", "account_id", "partner_id"],
            ["balance:sum"],
        ):
            if account == company.kia_parts_deposit_account_id:
                hq_books[(company.id, partner.id)] = -balance
        result = {}
        for dealer in dealers:
            result[dealer.id] = {
                "opening_balance": opening.get(dealer, 0.0),
                "closing_balance": closing.get(dealer, 0.0),
                "dealer_balance": dealer_books.get(dealer.id, 0.0),
                "hq_balance": hq_books.get(
                    (dealer.kia_hq_company_id.id, dealer.partner_id.id), 0.0
                ),
            }
        return result

    def _kia_movements(self, dealer):
        """The posted movements of ``dealer`` in the month, oldest first."""
        self.ensure_one()
        if dealer not in self._kia_dealers():
            return self.env["kia.parts.deposit.line"]
        # sudo: a dealer chosen by _kia_dealers (head office's accountant does not hold it)
        return (
            self.env["kia.parts.deposit.line"]
            .sudo()
            .search(
                [
                    ("company_id", "=", dealer.id),
                    ("state", "=", "posted"),
                    ("date", ">=", self.date_from),
                    ("date", "<=", self.date_to),
                ],
                order="date, id",
            )
        )


class KiaPartsDepositStatementLine(models.TransientModel):
    _name = "kia.parts.deposit.statement.line"
    _description = "Parts Guarantee Deposit Statement per Dealer"
    _order = "dealer_name"

    statement_id = fields.Many2one(
        "kia.parts.deposit.statement", required=True, ondelete="cascade", index=True
    )
    dealer_id = fields.Many2one("res.company", string="Dealer ID", required=True)
    dealer_name = fields.Char(
        string="Dealer", compute="_compute_dealer_name", store=True, compute_sudo=True
    )
    currency_id = fields.Many2one(
        "res.currency", compute="_compute_dealer_name", store=True, compute_sudo=True
    )
    opening_balance = fields.Monetary()
    closing_balance = fields.Monetary()
    movement_total = fields.Monetary(
        string="Movements", compute="_compute_movement_total", store=True
    )
    dealer_balance = fields.Monetary(
        string="Dealer's Books", help="Deposit receivable from head office in the dealer's books."
    )
    hq_balance = fields.Monetary(
        string="Head Office's Books", help="Deposit owed to the dealer in head office's books."
    )
    agree = fields.Boolean(
        compute="_compute_agree",
        store=True,
        help="The ledger's closing balance, the dealer's books and head office's books agree to "
        "the cent.",
    )

    @api.depends("dealer_id")
    def _compute_dealer_name(self):
        for line in self:
            line.dealer_name = line.dealer_id.name
            line.currency_id = line.dealer_id.currency_id

    @api.depends("opening_balance", "closing_balance")
    def _compute_movement_total(self):
        for line in self:
            line.movement_total = line.closing_balance - line.opening_balance

    @api.depends("closing_balance", "dealer_balance", "hq_balance", "currency_id")
    def _compute_agree(self):
        for line in self:
            currency = line.currency_id
            line.agree = bool(currency) and (
                currency.compare_amounts(line.closing_balance, line.dealer_balance) == 0
                and currency.compare_amounts(line.closing_balance, line.hq_balance) == 0
            )
