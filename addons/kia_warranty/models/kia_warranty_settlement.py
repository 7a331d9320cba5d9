from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import float_compare

SETTLEMENT_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Confirmed"),
    ("paid", "Paid"),
    ("received", "Received"),
]
REVIEWER = "kia_warranty.group_hq_warranty_reviewer"
ACCOUNTANT = "account.group_account_manager"
DEALER_ACCOUNTANT = "account.group_account_invoice"
CLAIM_MOVE_TYPES = ("in_invoice", "in_refund")


class KiaWarrantySettlement(models.Model):
    """Head office's settlement statement of a dealer's claims for a period: the bills (and
    chargeback credit notes) of the dealer's settled claims, paid in one payment that
    reconciles them all; the dealer's accountant receives the payment in the dealer's books,
    reconciling the matching invoices."""

    _name = "kia.warranty.settlement"
    _description = "Warranty Settlement Statement"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "date_to desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Statement No.", required=True, copy=False, readonly=True, default="/"
    )
    company_id = fields.Many2one(
        "res.company",
        string="Head Office",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain=[("kia_dealer_type", "=", "hq")],
    )
    dealer_company_id = fields.Many2one(
        "res.company",
        string="Dealer",
        required=True,
        index=True,
        tracking=True,
        domain="[('kia_hq_company_id', '=', company_id)]",
    )
    dealer_partner_id = fields.Many2one(
        related="dealer_company_id.partner_id", string="Dealer Partner"
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date(string="From", required=True, tracking=True)
    date_to = fields.Date(string="To", required=True, tracking=True)
    state = fields.Selection(
        SETTLEMENT_STATES, default="draft", required=True, index=True, tracking=True, copy=False
    )
    line_ids = fields.One2many(
        "kia.warranty.settlement.line", "settlement_id", string="Claims", readonly=True
    )
    claim_count = fields.Integer(compute="_compute_amounts", store=True, string="Claims Count")
    amount_untaxed = fields.Monetary(
        string="Untaxed", compute="_compute_amounts", store=True, tracking=True
    )
    amount_tax = fields.Monetary(string="VAT", compute="_compute_amounts", store=True)
    amount_total = fields.Monetary(
        string="Total", compute="_compute_amounts", store=True, tracking=True
    )
    journal_id = fields.Many2one(
        "account.journal",
        string="Bank Journal",
        check_company=True,
        domain="[('type', 'in', ('bank', 'cash'))]",
        groups="account.group_account_invoice",
        help="Head office's bank journal the statement is paid from.",
    )
    payment_date = fields.Date(readonly=True, copy=False, tracking=True)
    # Head office's payment: its company's record; the dealer reads the date and amount here.
    payment_id = fields.Many2one(
        "account.payment",
        string="Head Office Payment",
        readonly=True,
        copy=False,
        check_company=True,
        groups="account.group_account_invoice",
    )
    dealer_payment_id = fields.Many2one(
        "account.payment",
        string="Dealer Receipt",
        readonly=True,
        copy=False,
        groups="account.group_account_invoice",
    )
    received_date = fields.Date(readonly=True, copy=False, tracking=True)
    confirmed_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    paid_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    received_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    _sql_constraints = [
        (
            "period_check",
            "CHECK (date_from <= date_to)",
            "The statement's period must start before it ends.",
        ),
    ]

    @api.depends("line_ids.amount_untaxed", "line_ids.amount_tax", "line_ids.amount_total")
    def _compute_amounts(self):
        for statement in self:
            lines = statement.line_ids
            statement.claim_count = len(lines.claim_id)
            statement.amount_untaxed = sum(lines.mapped("amount_untaxed"))
            statement.amount_tax = sum(lines.mapped("amount_tax"))
            statement.amount_total = sum(lines.mapped("amount_total"))

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        confirm = self.env._("head office's Confirm button")
        pay = self.env._("head office's Pay button")
        receive = self.env._("the dealer's Receive Payment button")
        res.update(
            {
                "state": self.env._("the statement's buttons (Confirm, Pay, Receive Payment)"),
                "line_ids": confirm,
                "claim_count": confirm,
                "amount_untaxed": confirm,
                "amount_tax": confirm,
                "amount_total": confirm,
                "confirmed_by_id": confirm,
                "payment_id": pay,
                "payment_date": pay,
                "paid_by_id": pay,
                "dealer_payment_id": receive,
                "received_date": receive,
                "received_by_id": receive,
            }
        )
        return res

    @api.constrains("company_id", "dealer_company_id")
    def _check_dealer(self):
        for statement in self:
            if (
                statement.company_id.kia_dealer_type != "hq"
                or statement.dealer_company_id.kia_hq_company_id != statement.company_id
            ):
                raise UserError(
                    self.env._(
                        "A settlement statement is made by head office for one of its own "
                        "dealers: %(dealer)s is not a dealer of %(company)s.",
                        dealer=statement.dealer_company_id.name,
                        company=statement.company_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._kia_check_hq_staff(self.env._("create"))
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("kia.warranty.settlement") or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and set(vals) - {"message_main_attachment_id"}:
            self._kia_check_hq_staff(self.env._("change"))
            if self.filtered(lambda s: s.state != "draft") and set(vals) & {
                "company_id",
                "dealer_company_id",
                "date_from",
                "date_to",
            }:
                raise UserError(self.env._("Only a draft statement's dealer and period change."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if any(statement.state != "draft" for statement in self):
            raise UserError(self.env._("Only draft settlement statements can be deleted."))

    # ------------------------------------------------------------------ actions

    def action_load_claims(self):
        """List the dealer's claim documents of the period not yet on a statement: head
        office's posted bills of settled claims and its chargeback credit notes."""
        self._kia_check_hq_staff(self.env._("load claims on"))
        self._kia_check_state(("draft",), self.env._("loaded"))
        Line = self.env["kia.warranty.settlement.line"]
        with Line._kia_unlocked():
            self.line_ids.unlink()
        vals_list = []
        for statement in self:
            for move in statement._kia_open_moves():
                vals_list.append({"settlement_id": statement.id, "hq_move_id": move.id})
        with Line._kia_unlocked():
            Line.create(vals_list)
        return True

    def action_confirm(self):
        """Head office agrees the statement: its documents are taken for it (no other
        statement lists them again, see ``_kia_open_moves``)."""
        self._kia_check_hq_staff(self.env._("confirm"))
        self._kia_check_state(("draft",), self.env._("confirmed"))
        self.action_load_claims()
        empty = self.filtered(lambda s: not s.line_ids)
        if empty:
            raise UserError(
                self.env._(
                    "Statement %(name)s lists no settled claim of %(dealer)s in its period.",
                    name=empty[0].name,
                    dealer=empty[0].dealer_company_id.name,
                )
            )
        for statement in self:
            if statement.currency_id.compare_amounts(statement.amount_total, 0.0) <= 0:
                raise UserError(
                    self.env._(
                        "Statement %(name)s pays nothing (%(total)s): its chargebacks exceed "
                        "its claims; leave it for a later period.",
                        name=statement.name,
                        total=statement.amount_total,
                    )
                )
        with self._kia_unlocked("state", "confirmed_by_id"):
            self.write({"state": "confirmed", "confirmed_by_id": self.env.uid})
        return True

    def action_pay(self):
        """Head office's accountant pays the statement: one outbound payment to the dealer for
        its total, reconciled with every bill and credit note it lists."""
        self._kia_check_hq_staff(self.env._("pay"), accountant=True)
        self._kia_check_state(("confirmed",), self.env._("paid"))
        today = fields.Date.context_today(self)
        for statement in self:
            journal = statement.journal_id or self.env["account.journal"].search(
                [
                    *self.env["account.journal"]._check_company_domain(statement.company_id),
                    ("type", "=", "bank"),
                ],
                limit=1,
            )
            moves = statement.line_ids.hq_move_id
            statement._kia_check_residual(moves, "liability_payable", -1)
            lang_env = statement.with_context(lang=statement.company_id.partner_id.lang).env
            payment = (
                self.env["account.payment"]
                .with_company(statement.company_id)
                .create(
                    {
                        "payment_type": "outbound",
                        "partner_type": "supplier",
                        "partner_id": statement.dealer_partner_id.id,
                        "amount": statement.amount_total,
                        "currency_id": statement.currency_id.id,
                        "journal_id": journal.id,
                        "date": today,
                        "memo": lang_env._(
                            "Warranty settlement statement %(name)s", name=statement.name
                        ),
                        "company_id": statement.company_id.id,
                    }
                )
            )
            payment.action_post()
            statement._kia_reconcile(payment, moves, "liability_payable")
            vals = {
                "state": "paid",
                "payment_id": payment.id,
                "payment_date": today,
                "paid_by_id": self.env.uid,
                "journal_id": journal.id,
            }
            with self._kia_unlocked(*vals):
                statement.write(vals)
            statement.message_post(
                body=lang_env._(
                    "Paid %(amount)s to %(dealer)s.",
                    amount=payment.amount,
                    dealer=statement.dealer_company_id.name,
                )
            )
        return True

    def action_receive(self):
        """The dealer's accountant receives head office's payment in the dealer's books: one
        inbound payment from head office, reconciled with the statement's invoices and credit
        notes."""
        self._kia_check_state(("paid",), self.env._("received"))
        user = self.env.user
        for statement in self:
            if not self.env.su and not (
                user.has_group(DEALER_ACCOUNTANT)
                and statement.dealer_company_id in user.company_ids
            ):
                raise AccessError(
                    self.env._(
                        "Only an accountant of %(dealer)s receives the payment of statement "
                        "%(name)s.",
                        dealer=statement.dealer_company_id.name,
                        name=statement.name,
                    )
                )
        today = fields.Date.context_today(self)
        for statement in self:
            dealer = statement.dealer_company_id
            moves = statement.line_ids.dealer_move_id.with_company(dealer)
            statement._kia_check_residual(moves, "asset_receivable", 1)
            lang_env = statement.with_context(lang=dealer.partner_id.lang).env
            journal = self.env["account.journal"].search(
                [*self.env["account.journal"]._check_company_domain(dealer), ("type", "=", "bank")],
                limit=1,
            )
            payment = (
                self.env["account.payment"]
                .with_company(dealer)
                .create(
                    {
                        "payment_type": "inbound",
                        "partner_type": "customer",
                        "partner_id": statement.company_id.partner_id.id,
                        "amount": statement.amount_total,
                        "currency_id": statement.currency_id.id,
                        "journal_id": journal.id,
                        "date": today,
                        "memo": lang_env._(
                            "Warranty settlement statement %(name)s", name=statement.name
                        ),
                        "company_id": dealer.id,
                    }
                )
            )
            payment.action_post()
            statement._kia_reconcile(payment, moves, "asset_receivable")
            vals = {
                "state": "received",
                "dealer_payment_id": payment.id,
                "received_date": today,
                "received_by_id": self.env.uid,
            }
            # sudo: the statement is head office's record; the dealer's accountant, checked
            # above, stamps the receipt on it.
            with self._kia_unlocked(*vals):
                statement.sudo().write(vals)
        return True

    def action_view_payment(self):
        self.ensure_one()
        payment = (
            self.payment_id if self.company_id in self.env.companies else (self.dealer_payment_id)
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.payment",
            "res_id": payment.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------------ helpers

    def _kia_check_hq_staff(self, action, accountant=False):
        """Statements are head office's: its warranty reviewers and accountants make and
        confirm them, only its accountants pay them. A dealer's user (its accountant too) reads
        its own."""
        if self.env.su:
            return
        user = self.env.user
        groups = (ACCOUNTANT,) if accountant else (REVIEWER, ACCOUNTANT)
        if user.company_id.kia_dealer_type != "hq" or not any(
            user.has_group(group) for group in groups
        ):
            # sudo: the names of the roles, for the message.
            roles = " / ".join(self.env.ref(group).sudo().name for group in groups)
            raise AccessError(
                self.env._(
                    "Only head office's %(roles)s may %(action)s a warranty settlement statement.",
                    roles=roles,
                    action=action,
                )
            )

    def _kia_check_state(self, states, action):
        wrong = self.filtered(lambda s: s.state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "Statement %(name)s is %(state)s: it cannot be %(action)s.",
                    name=wrong[0].name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        wrong[0].state
                    ],
                    action=action,
                )
            )

    def _kia_open_moves(self):
        """Head office's posted claim bills and chargeback credit notes of the dealer in the
        period, still open and on no statement yet; with the chargebacks Odoo already
        reconciled with an open bill (a reversal posted while its bill was unpaid), so that the
        statement shows the claim and its chargeback, and totals what is open."""
        self.ensure_one()
        # sudo: head office's warranty reviewer holds no accounting rights; the statement lists
        # head office's own claim documents of the dealer (checked by the callers).
        Move = self.env["account.move"].sudo()
        moves = Move.search(
            [
                ("company_id", "=", self.company_id.id),
                ("move_type", "in", CLAIM_MOVE_TYPES),
                ("state", "=", "posted"),
                ("kia_wty_claim_id", "!=", False),
                ("payment_state", "in", ("not_paid", "partial")),
                ("partner_id", "=", self.dealer_partner_id.id),
                ("invoice_date", ">=", self.date_from),
                ("invoice_date", "<=", self.date_to),
            ],
            order="invoice_date, id",
        )
        moves |= moves.reversal_move_ids.filtered(lambda m: m.state == "posted")
        taken = (
            self.env["kia.warranty.settlement.line"]
            .sudo()
            .search([("hq_move_id", "in", moves.ids), ("settlement_id.state", "!=", "draft")])
            .hq_move_id
        )
        return (moves - taken).sorted(lambda m: (m.invoice_date, m.id))

    def _kia_check_residual(self, moves, account_type, sign):
        """The documents' open amount still is the statement's total (nothing was paid or
        reconciled aside since it was confirmed)."""
        self.ensure_one()
        lines = moves.line_ids.filtered(lambda line: line.account_type == account_type)
        residual = sign * sum(lines.mapped("amount_residual"))
        if float_compare(residual, self.amount_total, precision_rounding=self.currency_id.rounding):
            raise UserError(
                self.env._(
                    "The documents of statement %(name)s are open for %(residual)s, not its "
                    "total %(total)s: one of them was paid or reconciled aside.",
                    name=self.name,
                    residual=residual,
                    total=self.amount_total,
                )
            )

    def _kia_reconcile(self, payment, moves, account_type):
        # The moves' amounts are recomputed after the reconciliation, reading their lines'
        # taxes: read them for all moves at once.
        moves.line_ids.fetch(["tax_ids", "tax_line_id", "account_id"])
        lines = (payment.move_id | moves).line_ids.filtered(
            lambda line: line.account_type == account_type and not line.reconciled
        )
        lines.reconcile()


class KiaWarrantySettlementLine(models.Model):
    """One claim document on a settlement statement: head office's bill (or chargeback credit
    note) and the dealer's matching invoice (or credit note), their amounts signed (a
    chargeback counts negative)."""

    _name = "kia.warranty.settlement.line"
    _description = "Warranty Settlement Statement Line"
    _inherit = ["kia.protected.mixin"]
    _order = "settlement_id, invoice_date, id"

    settlement_id = fields.Many2one(
        "kia.warranty.settlement", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="settlement_id.company_id", store=True, index=True)
    dealer_company_id = fields.Many2one(
        related="settlement_id.dealer_company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="settlement_id.currency_id")
    hq_move_id = fields.Many2one(
        "account.move", string="Head Office Bill", required=True, index=True, readonly=True
    )
    dealer_move_id = fields.Many2one(
        "account.move", string="Dealer Invoice", compute="_compute_from_move", store=True
    )
    claim_id = fields.Many2one(
        "kia.warranty.claim", compute="_compute_from_move", store=True, index=True
    )
    vin = fields.Char(string="VIN", compute="_compute_from_move", store=True)
    invoice_date = fields.Date(compute="_compute_from_move", store=True)
    document_type = fields.Selection(
        [("settlement", "Settlement"), ("chargeback", "Chargeback")],
        compute="_compute_from_move",
        store=True,
    )
    amount_untaxed = fields.Monetary(string="Untaxed", compute="_compute_from_move", store=True)
    amount_tax = fields.Monetary(string="VAT", compute="_compute_from_move", store=True)
    amount_total = fields.Monetary(string="Total", compute="_compute_from_move", store=True)

    @api.depends("hq_move_id")
    def _compute_from_move(self):
        # auto_invoice_id is not prefetched (OCA): read for all lines at once.
        self.hq_move_id.sudo().fetch(["auto_invoice_id", "kia_wty_claim_id", "move_type"])
        for line in self:
            # sudo: the line copies head office's bill figures for the dealer, who cannot read
            # head office's books.
            move = line.hq_move_id.sudo()
            sign = -1 if move.move_type == "in_refund" else 1
            line.dealer_move_id = move.auto_invoice_id
            line.claim_id = move.kia_wty_claim_id
            line.vin = move.kia_wty_claim_id.vin
            line.invoice_date = move.invoice_date
            line.document_type = "chargeback" if sign < 0 else "settlement"
            line.amount_untaxed = sign * move.amount_untaxed
            line.amount_tax = sign * move.amount_tax
            line.amount_total = sign * move.amount_total

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res.update(
            dict.fromkeys(
                (
                    "settlement_id",
                    "hq_move_id",
                    "dealer_move_id",
                    "claim_id",
                    "vin",
                    "amount_untaxed",
                    "amount_tax",
                    "amount_total",
                    "document_type",
                    "invoice_date",
                ),
                self.env._("head office's Confirm button"),
            )
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self._kia_is_unlocked("hq_move_id"):
            self._kia_refuse_protected("hq_move_id")
        return super().create(vals_list)

    def unlink(self):
        if not self.env.su and not self._kia_is_unlocked("hq_move_id"):
            self._kia_refuse_protected("hq_move_id")
        return super().unlink()
