from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.kia_base.models.kia_protected_mixin import kia_lock_rows

DEPOSIT_TYPES = [
    ("payment", "Payment In"),
    ("deduction", "Deduction"),
    ("refund", "Refund"),
    ("penalty", "Penalty"),
]


class KiaPartsDepositLine(models.Model):
    _name = "kia.parts.deposit.line"
    _description = "Parts Guarantee Deposit Ledger Line"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company",
        string="Dealer",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    line_type = fields.Selection(
        DEPOSIT_TYPES, string="Type", required=True, default="payment", tracking=True, index=True
    )
    amount = fields.Monetary(required=True, tracking=True, help="Always positive.")
    signed_amount = fields.Monetary(
        compute="_compute_signed_amount",
        store=True,
        help="Positive for money paid in, negative for what leaves the deposit.",
    )
    note = fields.Char(string="Description")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("declared", "Declared, Awaiting HQ"),
            ("posted", "Posted"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        readonly=True,
        copy=False,
    )
    move_id = fields.Many2one(
        "account.move",
        string="Journal Entry",
        readonly=True,
        copy=False,
        check_company=True,
        index="btree_not_null",
    )
    hq_move_id = fields.Many2one(
        "account.move",
        string="Head Office's Journal Entry",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The same movement in head office's books (deposit received from the dealer).",
    )
    settled_move_id = fields.Many2one(
        "account.move",
        string="Settles Bill",
        copy=False,
        check_company=True,
        index="btree_not_null",
        domain="[('company_id', '=', company_id), ('move_type', '=', 'in_invoice'), "
        "('state', '=', 'posted'), ('payment_state', 'not in', ('paid', 'reversed'))]",
        help="The dealer's open bill from head office this deduction pays; head office's "
        "invoice that matches it is paid in head office's books.",
    )
    settled_hq_move_id = fields.Many2one(
        "account.move",
        string="Settles Head Office's Invoice",
        compute="_compute_settled_hq_move_id",
        inverse="_inverse_settled_hq_move_id",
        domain="[('move_type', '=', 'out_invoice'), ('state', '=', 'posted'), "
        "('payment_state', 'not in', ('paid', 'reversed')), "
        "('commercial_partner_id', '=', dealer_partner_id)]",
        help="Head office's open invoice to the dealer this deduction pays; the dealer's bill "
        "that mirrors it is paid in the dealer's books. Head office picks its invoice, the "
        "dealer its bill.",
    )
    dealer_partner_id = fields.Many2one(related="company_id.partner_id", string="Dealer Partner")
    declared_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    declared_date = fields.Datetime(string="Declared On", readonly=True, copy=False)
    confirmed_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        tracking=True,
        help="Head-office accountant (or parts officer) who confirmed the movement (for a "
        "dealer's payment: that the money was received).",
    )
    confirmed_date = fields.Datetime(string="Confirmed On", readonly=True, copy=False)
    reversal_of_id = fields.Many2one(
        "kia.parts.deposit.line",
        string="Reverses",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The posted movement this line takes back.",
    )
    reversal_ids = fields.One2many("kia.parts.deposit.line", "reversal_of_id")
    reversed_by_id = fields.Many2one(
        "kia.parts.deposit.line",
        compute="_compute_reversed_by_id",
        help="The line that takes this movement back.",
    )
    deposit_balance = fields.Monetary(
        related="company_id.kia_parts_deposit_balance", string="Dealer's Deposit Balance"
    )
    credit_open = fields.Monetary(
        related="company_id.kia_parts_credit_open", string="Dealer's Open Parts Credit"
    )

    @api.depends("amount", "line_type", "reversal_of_id")
    def _compute_signed_amount(self):
        for line in self:
            sign = 1 if line.line_type == "payment" else -1
            line.signed_amount = -sign * line.amount if line.reversal_of_id else sign * line.amount

    @api.depends("reversal_ids.state")
    def _compute_reversed_by_id(self):
        for line in self:
            line.reversed_by_id = line.reversal_ids.filtered(
                lambda reversal: reversal.state == "posted"
            )[:1]

    @api.depends("settled_move_id")
    def _compute_settled_hq_move_id(self):
        for line in self:
            # sudo: the dealer's users see which head-office invoice their bill mirrors
            line.settled_hq_move_id = line.settled_move_id.sudo().auto_invoice_id

    def _inverse_settled_hq_move_id(self):
        """Head office names its own invoice: the deduction settles the dealer's bill that
        mirrors it (head office's users do not see the dealers' bills)."""
        for line in self:
            invoice = line.settled_hq_move_id
            if not invoice:
                if line.settled_move_id:
                    line.settled_move_id = False
                continue
            # sudo: the dealer's bill is in the dealer's books, which head office does not hold
            bill = (
                self.env["account.move"]
                .sudo()
                .search(
                    [
                        ("auto_invoice_id", "=", invoice.id),
                        ("company_id", "=", line.company_id.id),
                        ("move_type", "=", "in_invoice"),
                    ],
                    limit=1,
                )
            )
            if not bill:
                raise UserError(
                    self.env._(
                        "%(invoice)s has no bill of %(dealer)s behind it: a deduction cannot "
                        "settle it.",
                        invoice=invoice.display_name,
                        dealer=line.company_id.name,
                    )
                )
            if line.settled_move_id != bill:
                line.settled_move_id = bill.with_env(self.env)

    @api.constrains("amount")
    def _check_amount(self):
        for line in self:
            if line.currency_id.compare_amounts(line.amount, 0.0) <= 0:
                raise ValidationError(self.env._("A deposit movement needs a positive amount."))

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        post = self.env._("the Post button")
        confirm = self.env._("head office's Confirm Receipt button")
        res.update(
            {
                "state": self.env._("the Post, Confirm Receipt, Cancel and Reverse buttons"),
                "move_id": post,
                "hq_move_id": post,
                "declared_by_id": post,
                "declared_date": post,
                "confirmed_by_id": confirm,
                "confirmed_date": confirm,
                "reversal_of_id": self.env._("head office's Reverse button"),
                "signed_amount": self.env._("the amount and type of a draft movement"),
            }
        )
        return res

    @api.model
    def _kia_frozen_fields(self):
        """What a line says once it is declared or posted: changed by no one, corrected by a
        reversing line."""
        return ("company_id", "date", "line_type", "amount", "settled_move_id")

    def _kia_is_hq(self):
        """Head office's deposit roles: its accountant (an account manager whose company is
        head office) and its parts officer."""
        user = self.env.user
        return (
            self.env.su
            or user.has_group("kia_parts.group_hq_parts_officer")
            or (
                user.company_id.kia_dealer_type == "hq"
                and user.has_group("account.group_account_manager")
            )
        )

    def _kia_require_hq(self, action):
        if not self._kia_is_hq():
            raise AccessError(
                self.env._(
                    "Only head office's accountant or parts officer may %(action)s a deposit "
                    "movement.",
                    action=action,
                )
            )

    def _kia_check_hq_line(self, action):
        """Deductions, penalties and refunds are head office's: dealers read them."""
        if self._kia_is_hq():
            return
        hq_lines = self.filtered(lambda line: line.line_type != "payment" or line.reversal_of_id)
        if hq_lines:
            raise AccessError(
                self.env._(
                    "%(name)s is head office's deposit movement: only head office's accountant "
                    "or parts officer may %(action)s it.",
                    name=hq_lines[0].name,
                    action=action,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._kia_is_hq() and any(
            vals.get("line_type", "payment") != "payment" for vals in vals_list
        ):
            raise AccessError(
                self.env._(
                    "Only head office's accountant or parts officer records deductions, "
                    "penalties and refunds of the guarantee deposit; a dealer's accountant "
                    "declares its payments."
                )
            )
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kia.parts.deposit.line") or "/"
        return super().create(vals_list)

    def write(self, vals):
        frozen = [name for name in self._kia_frozen_fields() if name in vals]
        if frozen and not self.env.su:
            for line in self.filtered(lambda line: line.state != "draft"):
                if any(not line._kia_same_value(name, vals[name]) for name in frozen):
                    raise AccessError(
                        self.env._(
                            "Deposit movement %(name)s is %(state)s: it cannot be changed. "
                            "Head office corrects a posted movement with a reversing line.",
                            name=line.name,
                            state=dict(self._fields["state"]._description_selection(self.env))[
                                line.state
                            ],
                        )
                    )
        if not self._kia_is_hq():
            self._kia_check_hq_line(self.env._("change"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if any(line.state in ("declared", "posted") for line in self):
            raise UserError(
                self.env._(
                    "A declared or posted deposit movement cannot be deleted: head office "
                    "reverses it."
                )
            )
        self._kia_check_hq_line(self.env._("delete"))

    def action_post(self):
        """Head office posts its movements (and the payments it received) at once; a dealer's
        payment is only declared, by the dealer's accountant: it counts once head office
        confirms the money arrived."""
        if not self._kia_is_hq():
            self._kia_require_groups("account.group_account_manager", action=self.env._("declare"))
        self._kia_check_hq_line(self.env._("post"))
        for line in self:
            if line.state != "draft":
                raise UserError(
                    self.env._("Deposit movement %(name)s is not a draft.", name=line.name)
                )
        if self._kia_is_hq():
            return self._kia_post_confirmed()
        with self._kia_unlocked("state", "declared_by_id", "declared_date"):
            self.write(
                {
                    "state": "declared",
                    "declared_by_id": self.env.user.id,
                    "declared_date": fields.Datetime.now(),
                }
            )
        return True

    def action_confirm_receipt(self):
        """Head office confirms it received the dealer's declared payment: it is posted and
        counts toward the dealer's parts credit."""
        self._kia_require_hq(self.env._("confirm the receipt of"))
        for line in self:
            if line.state != "declared":
                raise UserError(
                    self.env._(
                        "Deposit movement %(name)s is not a declared payment.", name=line.name
                    )
                )
        return self._kia_post_confirmed()

    def _kia_post_confirmed(self):
        """Post the movement in both books (the dealer's and head office's) and stamp head
        office's confirmation. The dealer's deposit row is locked for what takes money out (the
        last of the deposit)."""
        kia_lock_rows(self.company_id)
        for line in self:
            # sudo: head office's accountant reads the dealer's company (not one of its own)
            company = line.company_id.sudo()
            balance = self._deposit_balances(company).get(company.id, 0.0)
            if (
                company.currency_id.compare_amounts(line.signed_amount, 0.0) < 0
                and company.currency_id.compare_amounts(balance + line.signed_amount, 0.0) < 0
            ):
                raise UserError(
                    self.env._(
                        "The deposit of %(dealer)s (%(balance)s) cannot cover %(amount)s.",
                        dealer=company.name,
                        balance=balance,
                        amount=line.amount,
                    )
                )
            line._kia_check_settlement()
            # sudo: head office's confirmation posts in the dealer's books and in head office's
            # books, which the confirming user (checked above) need not both be allowed to write.
            Move = self.env["account.move"].sudo()
            if line.reversal_of_id:
                moves = line._kia_reverse_entries()
            else:
                moves = Move.create(
                    [line._prepare_move_vals(), line._prepare_move_vals(hq_side=True)]
                )
                moves.action_post()
                line._kia_reconcile_settlement(moves[0], moves[1])
            with line._kia_unlocked(
                "state", "move_id", "hq_move_id", "confirmed_by_id", "confirmed_date"
            ):
                line.write(
                    {
                        "move_id": moves[0].id,
                        "hq_move_id": moves[1].id,
                        "state": "posted",
                        "confirmed_by_id": self.env.user.id,
                        "confirmed_date": fields.Datetime.now(),
                    }
                )
        self.company_id.invalidate_recordset(["kia_parts_deposit_balance", "kia_parts_credit_open"])
        return True

    def _kia_reverse_entries(self):
        """Reverse both entries of the movement this line takes back; a deduction's bill and
        invoice are open again."""
        self.ensure_one()
        original = self.reversal_of_id.sudo()  # sudo: see _kia_post_confirmed
        entries = original.move_id | original.hq_move_id
        if original.settled_move_id:
            entries.line_ids.remove_move_reconcile()
        reversals = self.env["account.move"].sudo()
        for entry in original.move_id, original.hq_move_id:
            reversals |= entry._reverse_moves(
                [
                    {
                        "ref": self._kia_lang_env()._("Reversal of %(name)s", name=original.name),
                        "date": self.date,
                    }
                ]
            )
        reversals.action_post()
        return reversals

    def _kia_check_settlement(self):
        """A deduction that names a bill pays it: the bill is the dealer's open bill from head
        office, head office's matching invoice is open too, and neither is smaller than the
        deduction."""
        self.ensure_one()
        bill = self.settled_move_id.sudo()  # sudo: head office reads the dealer's bill
        if not bill or self.reversal_of_id:
            return
        invoice = bill.auto_invoice_id
        dealer = self.company_id.sudo()  # sudo: see _kia_post_confirmed
        hq = dealer.kia_hq_company_id
        if self.line_type != "deduction":
            raise UserError(self.env._("Only a deduction settles a bill from head office."))
        if (
            bill.company_id != self.company_id
            or bill.move_type != "in_invoice"
            or bill.state != "posted"
            or bill.commercial_partner_id != hq.partner_id
            or not invoice
            or invoice.state != "posted"
        ):
            raise UserError(
                self.env._(
                    "%(bill)s is not a posted bill of %(dealer)s from head office with head "
                    "office's posted invoice behind it: a deduction cannot settle it.",
                    bill=bill.display_name,
                    dealer=dealer.name,
                )
            )
        currency = self.currency_id
        open_amount = min(bill.amount_residual, invoice.amount_residual)
        if currency.compare_amounts(self.amount, open_amount) > 0:
            raise UserError(
                self.env._(
                    "The deduction %(name)s (%(amount)s) is more than what is still open on "
                    "%(bill)s (%(open)s).",
                    name=self.name,
                    amount=self.amount,
                    bill=bill.display_name,
                    open=open_amount,
                )
            )

    def _kia_reconcile_settlement(self, move, hq_move):
        """The deduction's payable line pays the dealer's bill; head office's receivable line
        pays its invoice."""
        bill = self.settled_move_id.sudo()  # sudo: see _kia_post_confirmed
        if not bill or self.reversal_of_id:
            return
        for entry, document in ((move, bill), (hq_move, bill.auto_invoice_id)):
            terms = document.line_ids.filtered(
                lambda aml: aml.display_type == "payment_term" and not aml.reconciled
            )
            (
                entry.line_ids.filtered(lambda aml, terms=terms: aml.account_id in terms.account_id)
                | terms
            ).reconcile()

    def _kia_counterpart_account(self, company, hq_side):
        """The account that takes the other side of the deposit movement in ``company``'s
        books: the bank for a payment or a refund; the settled document's payable (dealer) or
        receivable (head office) for a deduction; the penalty expense (dealer) or income (head
        office)."""
        if self.line_type in ("payment", "refund"):
            return company.kia_parts_deposit_bank_account_id
        if self.line_type == "penalty":
            return company.kia_parts_deposit_penalty_account_id
        bill = self.settled_move_id.sudo()  # sudo: see _kia_post_confirmed
        document = bill.auto_invoice_id if hq_side else bill
        terms = document.line_ids.filtered(lambda aml: aml.display_type == "payment_term")
        return terms.account_id[:1] or company.kia_parts_deposit_deduction_account_id

    def action_cancel(self):
        """Drop a draft, or withdraw (dealer) or refuse (head office) a declared payment that
        never arrived. A posted movement is not cancelled: head office reverses it."""
        if not self._kia_is_hq():
            self._kia_require_groups("account.group_account_manager", action=self.env._("cancel"))
        self._kia_check_hq_line(self.env._("cancel"))
        for line in self:
            if line.state not in ("draft", "declared"):
                raise UserError(
                    self.env._(
                        "Deposit movement %(name)s is posted: head office reverses it with a "
                        "new line instead.",
                        name=line.name,
                    )
                )
        with self._kia_unlocked("state"):
            self.write({"state": "cancel"})
        return True

    def action_reverse(self):
        """Head office takes a posted movement back with a new, posted line of the opposite
        sign (and the reversal of its journal entry), as in accounting."""
        self._kia_require_hq(self.env._("reverse"))
        reversals = self.browse()
        for line in self:
            if line.state != "posted" or line.reversal_of_id or line.reversed_by_id:
                raise UserError(
                    self.env._(
                        "Only a posted movement not yet reversed can be reversed (%(name)s).",
                        name=line.name,
                    )
                )
            with self._kia_unlocked("reversal_of_id"):
                reversals |= self.create(
                    {
                        "company_id": line.company_id.id,
                        "line_type": line.line_type,
                        "amount": line.amount,
                        "note": line._kia_lang_env()._("Reversal of %(name)s", name=line.name),
                        "reversal_of_id": line.id,
                    }
                )
        reversals._kia_post_confirmed()
        return True

    def _prepare_move_vals(self, hq_side=False):
        """The movement's entry in the dealer's books (deposit receivable from head office) or,
        with ``hq_side``, in head office's books (deposit owed to the dealer), mirrored."""
        self.ensure_one()
        # sudo: head office's accountant posts in the dealer's books (see _kia_post_confirmed)
        dealer = self.company_id.sudo()
        company = dealer.kia_hq_company_id if hq_side else dealer
        if not company:
            raise UserError(
                self.env._(
                    "%(dealer)s has no head office to pay its deposit to.", dealer=dealer.name
                )
            )
        deposit = company.kia_parts_deposit_account_id
        journal = company.kia_parts_deposit_journal_id
        counterpart = self._kia_counterpart_account(company, hq_side)
        if not (deposit and journal and counterpart):
            raise UserError(
                self.env._(
                    "Set the parts deposit journal and accounts of %(company)s first (Settings, "
                    "Kia After-Sales, Parts).",
                    company=company.name,
                )
            )
        partner = dealer.partner_id if hq_side else dealer.kia_hq_company_id.partner_id
        label = f"{self.name} {self.note or ''}".strip()
        amount = -self.signed_amount if hq_side else self.signed_amount
        return {
            "move_type": "entry",
            "company_id": company.id,
            "journal_id": journal.id,
            "date": self.date,
            "ref": label,
            "line_ids": [
                fields.Command.create(
                    {
                        "name": label,
                        "account_id": deposit.id,
                        "partner_id": partner.id,
                        "debit": max(amount, 0.0),
                        "credit": max(-amount, 0.0),
                    }
                ),
                fields.Command.create(
                    {
                        "name": label,
                        "account_id": counterpart.id,
                        "partner_id": partner.id,
                        "debit": max(-amount, 0.0),
                        "credit": max(amount, 0.0),
                    }
                ),
            ],
        }

    @api.model
    def _deposit_balances(self, companies):
        """Posted deposit balance per company, from the ledger (one query for the batch)."""
        # sudo: the credit is shown to users who may not read the ledger itself
        groups = self.sudo()._read_group(
            [("company_id", "in", companies.ids), ("state", "=", "posted")],
            ["company_id"],
            ["signed_amount:sum"],
        )
        return {company.id: total for company, total in groups}

    @api.model
    def _committed_amounts(self, companies):
        """Open parts orders to head office (not yet invoiced) plus unpaid parts invoices from
        head office, per company, in two queries for the batch."""
        if not companies:
            return {}
        self.env["purchase.order.line"].flush_model()
        self.env["purchase.order"].flush_model()
        self.env["account.move"].flush_model()
        result = dict.fromkeys(companies.ids, 0.0)
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
                companies=tuple(companies.ids),
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
                companies=tuple(companies.ids),
            )
        )
        for company_id, amount in self.env.cr.fetchall():
            result[company_id] += amount or 0.0
        return result

    @api.model
    def _open_credits(self, companies, balances=None):
        """Credit open for parts orders per company, as it is now: deposit x credit factor,
        less open orders to head office and unpaid parts invoices."""
        if balances is None:
            balances = self._deposit_balances(companies)
        committed = self._committed_amounts(companies)
        return {
            company.id: balances.get(company.id, 0.0) * company.kia_parts_credit_factor
            - committed.get(company.id, 0.0)
            for company in companies
        }

    @api.model
    def _lock_credit(self, companies):
        """Serialise credit checks of one dealer: two parts orders confirmed at once must not
        both spend the same credit. The dealer's company row stands for its credit: it is locked
        and touched, so the second request fails (Odoo retries it) instead of checking the
        credit on a count read before the first one committed."""
        kia_lock_rows(companies)
