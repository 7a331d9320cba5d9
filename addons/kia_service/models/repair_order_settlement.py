from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero

from .repair_order import COST_PAYERS, SOLD_PAYERS

PAYMENT_STATES = [
    ("none", "Nothing to Collect"),
    ("to_settle", "To Settle"),
    ("draft", "Invoice to Post"),
    ("not_paid", "Not Paid"),
    ("partial", "Partially Paid"),
    ("paid", "Paid"),
]
CREDIT_KINDS = [
    ("fleet", "Fleet Account"),
    ("insurer", "Insurer Pays"),
    ("other", "Other"),
]
# The accountant (出纳/会计) holds Odoo's accounting group, no Kia role.
ACCOUNTANT = "account.group_account_manager"
SERVICE_MANAGER = "kia_base.group_service_manager"


class RepairOrder(models.Model):
    """The repair order's money: settlement (结算) into the payers' invoices, the cashier's
    payment or an approved credit before the car leaves, the insurer's share of an accident
    repair, and the cost entry of internal and goodwill work."""

    _inherit = "repair.order"

    kia_currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    kia_insurer_id = fields.Many2one(
        "res.partner",
        string="Insurer",
        tracking=True,
        copy=False,
        help="The insurance company paying the accident repair's insurer lines (保险理赔); "
        "their share is invoiced to it.",
    )
    kia_insurance_assessment_ref = fields.Char(
        string="Assessment No.",
        tracking=True,
        copy=False,
        index="btree_not_null",
        help="The insurer's loss assessment number (定损单号).",
    )
    kia_insurance_amount = fields.Monetary(
        string="Insurer's Approved Amount",
        currency_field="kia_currency_id",
        tracking=True,
        copy=False,
        help="The amount the insurer's assessment approves, VAT included; the insurer lines "
        "must add up to it to the cent.",
    )
    kia_invoice_ids = fields.One2many(
        "account.move", "kia_repair_id", string="Invoices", readonly=True, copy=False
    )
    kia_invoice_count = fields.Integer(string="Invoice Count", compute="_compute_kia_payment")
    kia_customer_share = fields.Monetary(
        string="Customer Pays",
        currency_field="kia_currency_id",
        compute="_compute_kia_payment",
        help="The customer's share of the repair order, VAT included.",
    )
    kia_payment_state = fields.Selection(
        PAYMENT_STATES,
        string="Customer Payment",
        compute="_compute_kia_payment",
        help="Whether the customer's share is collected: the accountant registers the payment "
        "on the customer's invoice. The car leaves only when it is paid or credit is approved.",
    )
    kia_credit_approved = fields.Boolean(
        string="Credit Approved", readonly=True, copy=False, tracking=True
    )
    kia_credit_kind = fields.Selection(
        CREDIT_KINDS, string="Credit For", readonly=True, copy=False, tracking=True
    )
    kia_credit_reason = fields.Text(string="Credit Reason", readonly=True, copy=False)
    kia_credit_user_id = fields.Many2one(
        "res.users", string="Credit Approved By", readonly=True, copy=False
    )
    kia_credit_date = fields.Datetime(string="Credit Approved On", readonly=True, copy=False)
    kia_cost_move_ids = fields.Many2many(
        "account.move",
        "kia_repair_order_cost_move_rel",
        "repair_id",
        "move_id",
        string="Cost Entries",
        readonly=True,
        copy=False,
        help="The entries that book internal and goodwill work to their expense accounts.",
    )

    kia_settlement_html = fields.Html(
        string="Settlement", compute="_compute_kia_settlement_html", sanitize=False
    )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        credit = self.env._("the Approve Credit button")
        res.update(
            dict.fromkeys(
                (
                    "kia_credit_approved",
                    "kia_credit_kind",
                    "kia_credit_reason",
                    "kia_credit_user_id",
                    "kia_credit_date",
                ),
                credit,
            )
        )
        res["kia_cost_move_ids"] = self.env._("the Deliver button")
        return res

    @api.depends(
        "repair_service_ids.kia_amount",
        "repair_service_ids.kia_payer",
        "move_ids.kia_payer",
        "kia_invoice_ids.payment_state",
        "kia_invoice_ids.state",
        "kia_sale_order_ids.invoice_status",
    )
    def _compute_kia_payment(self):
        for repair in self:
            invoices = repair.sudo().kia_invoice_ids
            repair.kia_invoice_count = len(invoices)
            share = repair._kia_payer_share("customer")
            repair.kia_customer_share = share
            repair.kia_payment_state = repair._kia_customer_payment_state(share)

    @api.depends(
        "repair_service_ids.kia_amount",
        "repair_service_ids.kia_payer",
        "move_ids.kia_payer",
        "move_ids.product_uom_qty",
    )
    def _compute_kia_settlement_html(self):
        for repair in self:
            repair.kia_settlement_html = (
                self.env["ir.qweb"]._render(
                    "kia_service.repair_order_settlement_table", {"doc": repair}
                )
                if repair.id
                else False
            )

    def _kia_settlement_taxes(self):
        """{payer: VAT in its share}, from each line's taxes (l10n_cn prices include VAT)."""
        self.ensure_one()
        company = self.company_id
        currency = company.currency_id
        result = {}
        for payer, (services, moves) in self._kia_lines_by_payer().items():
            items = [
                (line.product_id or company.kia_labor_product_id, line.kia_amount)
                for line in services
            ] + [
                (move.product_id, move.product_id.lst_price * move.product_uom_qty)
                for move in moves
            ]
            tax = 0.0
            for product, amount in items:
                taxes = product.taxes_id.filtered(lambda t, c=company: t.company_id == c)
                if taxes and amount:
                    res = taxes.compute_all(amount, currency=currency, product=product)
                    tax += res["total_included"] - res["total_excluded"]
            result[payer] = currency.round(tax)
        return result

    def _kia_payer_share(self, payer):
        """The share of ``payer`` at the dealer's prices, VAT included (Chinese prices)."""
        self.ensure_one()
        services, moves = self._kia_lines_by_payer()[payer]
        return sum(services.mapped("kia_amount")) + sum(
            move.product_id.lst_price * move.product_uom_qty for move in moves
        )

    def _kia_customer_payment_state(self, share, keeps_books=None):
        """keeps_books: whether the company keeps its books in Odoo, when the caller knows."""
        self.ensure_one()
        if not self.company_id or float_is_zero(
            share, precision_rounding=self.kia_currency_id.rounding or 0.01
        ):
            return "none"
        if keeps_books is None:
            keeps_books = self.company_id._kia_keeps_books()
        if not keeps_books:
            # A company that invoices outside Odoo collects outside Odoo too.
            return "none"
        # sudo: the payment state of this repair order's own invoices, shown to the advisor,
        # who holds no accounting rights.
        orders = self.sudo().kia_sale_order_ids.filtered(
            lambda o: o.kia_payer == "customer" and o.state != "cancel"
        )
        invoices = self.sudo().kia_invoice_ids.filtered(
            lambda m: (
                m.move_type == "out_invoice"
                and m.state != "cancel"
                and m.partner_id.commercial_partner_id == self.partner_id.commercial_partner_id
            )
        )
        if not orders or any(o.invoice_status == "to invoice" for o in orders) or not invoices:
            return "to_settle"
        if any(move.state == "draft" for move in invoices):
            return "draft"
        states = set(invoices.mapped("payment_state"))
        if states <= {"paid", "in_payment"}:
            return "paid"
        if states & {"partial", "paid", "in_payment"}:
            return "partial"
        return "not_paid"

    # ---- settlement (结算) -------------------------------------------------------------

    def action_kia_settle(self):
        """The advisor settles the finished repair order: the customer's and the insurer's
        sale orders are made and confirmed and their invoices made, posted when the company
        says so (else left to the accountant). The cashier then collects the customer's
        share."""
        self._kia_require_groups("kia_base.group_advisor", action=self.env._("settle"))
        for repair in self:
            if repair.state != "done":
                raise UserError(
                    self.env._(
                        "Repair order %(name)s is settled once its repair is finished.",
                        name=repair.name,
                    )
                )
        self._kia_settle_orders()
        return True

    def _kia_check_insurer(self):
        for repair in self:
            services, moves = repair._kia_lines_by_payer()["insurance"]
            if not (services or moves):
                continue
            if not (repair.kia_insurer_id and repair.kia_insurance_assessment_ref):
                raise UserError(
                    self.env._(
                        "Repair order %(name)s has lines paid by an insurer: give the insurer "
                        "and its assessment number (定损单号) first.",
                        name=repair.name,
                    )
                )

    def _kia_check_insurer_amount(self):
        for repair in self:
            order = repair.kia_sale_order_ids.filtered(
                lambda o: o.kia_payer == "insurance" and o.state != "cancel"
            )
            if not order:
                continue
            total = sum(order.mapped("amount_total"))
            currency = repair.kia_currency_id
            if float_compare(
                total, repair.kia_insurance_amount, precision_rounding=currency.rounding
            ):
                raise UserError(
                    self.env._(
                        "The insurer lines of %(name)s come to %(total)s but the insurer "
                        "approved %(approved)s (assessment %(ref)s): move the difference to the "
                        "customer's lines or correct the approved amount.",
                        name=repair.name,
                        total=format(total, ".2f"),
                        approved=format(repair.kia_insurance_amount, ".2f"),
                        ref=repair.kia_insurance_assessment_ref,
                    )
                )

    def _kia_books_split(self):
        """(these repair orders of companies that invoice in Odoo, the others)."""
        keeps = {company: company._kia_keeps_books() for company in self.company_id}
        books = self.filtered(lambda r: keeps[r.company_id])
        return books, self - books

    def _kia_settle_orders(self):
        """Make, confirm and invoice the sold payers' orders of these repair orders (of a
        company that invoices in Odoo: elsewhere only confirmed orders are invoiced)."""
        books, others = self._kia_books_split()
        if books:
            books._kia_settle_books()
        others._kia_invoice_confirmed()

    def _kia_invoice_confirmed(self):
        orders = self.kia_sale_order_ids.filtered(
            lambda o: o.state == "sale" and o.kia_payer in SOLD_PAYERS
        )
        if orders:
            # sudo: see _kia_settle_books.
            orders.sudo()._kia_invoice_and_post(auto_post=True)

    def _kia_settle_books(self):
        self._kia_check_insurer()
        unsold = self.filtered(
            lambda r: (
                not r.kia_sale_order_ids.filtered(lambda o: o.state != "cancel")
                and any(
                    services or moves
                    for payer, (services, moves) in r._kia_lines_by_payer().items()
                    if payer in SOLD_PAYERS
                )
            )
        )
        if unsold:
            unsold.action_create_sale_order()
        quotations = self.kia_sale_order_ids.filtered(lambda o: o.state in ("draft", "sent"))
        if quotations:
            quotations.action_confirm()
        self._kia_check_insurer_amount()
        orders = self.kia_sale_order_ids.filtered(
            lambda o: o.state == "sale" and o.kia_payer in SOLD_PAYERS
        )
        if not orders:
            return
        # sudo: settling the confirmed orders is the advisor's step (结算), and advisors hold
        # no accounting rights; only these orders' own invoices are made, and posted when the
        # company's setting says so; the accountant can still credit them.
        auto_post = self.filtered(lambda r: r.company_id.kia_ro_invoice_auto_post)
        orders = orders.sudo()
        orders.filtered(lambda o: o.kia_repair_id in auto_post)._kia_invoice_and_post(True)
        orders.filtered(lambda o: o.kia_repair_id not in auto_post)._kia_invoice_and_post(False)

    def _kia_invoice_on_delivery(self):
        """At delivery: the customer's share is collected (or credit approved), what is left
        to invoice is invoiced, and internal and goodwill work is booked to expense (in a
        company that keeps its books in Odoo; elsewhere confirmed orders are invoiced)."""
        books, others = self._kia_books_split()
        others._kia_invoice_confirmed()
        if books:
            books._kia_check_collected()
            books._kia_settle_books()
            books._kia_book_cost_entries()

    def _kia_check_collected(self):
        """For repair orders of companies that keep their books in Odoo (already asked)."""
        for repair in self:
            if repair.kia_credit_approved:
                continue
            state = repair._kia_customer_payment_state(
                repair._kia_payer_share("customer"), keeps_books=True
            )
            if state in ("none", "paid"):
                continue
            raise UserError(
                self.env._(
                    "The customer has not paid repair order %(name)s (%(amount)s to collect, "
                    "%(state)s): the car leaves once the cashier has registered the payment on "
                    "its invoice, or the service manager or an accountant has approved credit.",
                    name=repair.name,
                    amount=format(repair.kia_customer_share, ".2f"),
                    state=dict(self._fields["kia_payment_state"]._description_selection(self.env))[
                        state
                    ],
                )
            )

    # ---- credit ----------------------------------------------------------------------

    def action_kia_approve_credit(self, kind, reason):
        """The service manager or an accountant lets the car leave before the customer pays
        (a fleet account, an insurer that pays later): who, when and why are recorded."""
        self._kia_require_groups(
            SERVICE_MANAGER, ACCOUNTANT, action=self.env._("approve credit on")
        )
        repairs = self
        if not self.env.user.has_group(SERVICE_MANAGER):
            # sudo: the accountant (no Kia role, no repair rights) approves the credit from the
            # repair order's invoice; the role was checked above, only the credit is written.
            repairs = self.sudo()
        reason = (reason or "").strip()
        if not reason or kind not in dict(CREDIT_KINDS):
            raise UserError(self.env._("Say for whom and why credit is approved."))
        if repairs.filtered("kia_delivery_date"):
            raise UserError(self.env._("Credit is approved before the car is delivered."))
        with self._kia_unlocked(
            "kia_credit_approved",
            "kia_credit_kind",
            "kia_credit_reason",
            "kia_credit_user_id",
            "kia_credit_date",
        ):
            repairs.write(
                {
                    "kia_credit_approved": True,
                    "kia_credit_kind": kind,
                    "kia_credit_reason": reason,
                    "kia_credit_user_id": self.env.user.id,
                    "kia_credit_date": fields.Datetime.now(),
                }
            )
        for repair in repairs:
            repair.message_post(
                body=self.env._(
                    "Credit approved by %(user)s: %(reason)s",
                    user=self.env.user.name,
                    reason=reason,
                )
            )
        return True

    def action_kia_open_credit_wizard(self):
        self._kia_require_groups(
            SERVICE_MANAGER, ACCOUNTANT, action=self.env._("approve credit on")
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Approve Credit"),
            "res_model": "kia.repair.credit.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_repair_ids": self.ids},
        }

    def action_kia_view_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_invoice_type"
        )
        action["domain"] = [("kia_repair_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_invoice", "create": False}
        return action

    # ---- internal and goodwill work --------------------------------------------------

    def _kia_book_cost_entries(self):
        """One entry per cost payer with lines: the expense account is debited with the work's
        value at the dealer's prices net of VAT, the parts' and labour's cost accounts
        credited. No invoice: the dealer does not sell to itself."""
        values = []
        # Only repair orders with internal or goodwill lines book an entry: the others need no
        # journal looked up.
        repairs = self.filtered(
            lambda r: (
                not r.kia_cost_move_ids
                and any(
                    services or moves
                    for payer, (services, moves) in r._kia_lines_by_payer().items()
                    if payer in COST_PAYERS
                )
            )
        )
        if not repairs:
            return
        # sudo: the companies' miscellaneous journals (not the exchange difference or cash
        # basis ones), read by the advisor at delivery.
        companies = repairs.company_id.sudo()
        special = companies.currency_exchange_journal_id | companies.tax_cash_basis_journal_id
        journals = {}
        for journal in (
            self.env["account.journal"]
            .sudo()
            .search(
                [
                    ("company_id", "in", companies.ids),
                    ("type", "=", "general"),
                    ("id", "not in", special.ids),
                ],
                order="sequence, id",
            )
        ):
            journals.setdefault(journal.company_id, journal)
        for repair in repairs:
            lines = repair._kia_lines_by_payer()
            company = repair.company_id
            journal = journals.get(company)
            if not journal:
                # A company that keeps no books in Odoo (no chart of accounts).
                continue
            # The entry's labels in the company's language.
            company_self = self.with_context(lang=company.partner_id.lang)
            for payer in COST_PAYERS:
                services, moves = lines[payer]
                credits = repair._kia_cost_credits(services, moves)
                total = sum(amount for _account, _label, amount in credits)
                if float_is_zero(total, precision_rounding=company.currency_id.rounding):
                    continue
                expense = company._kia_cost_expense_account(payer)
                if not expense:
                    raise UserError(
                        self.env._(
                            "Set the expense account of %(payer)s work in the service settings "
                            "before delivering %(name)s.",
                            payer=dict(
                                self._fields["kia_payment_type"]._description_selection(self.env)
                            )[payer],
                            name=repair.name,
                        )
                    )
                label = company_self.env._(
                    "%(name)s: %(payer)s work",
                    name=repair.name,
                    payer=dict(
                        self._fields["kia_payment_type"]._description_selection(company_self.env)
                    )[payer],
                )
                line_vals = [
                    fields.Command.create(
                        {"account_id": account.id, "name": name, "credit": amount}
                    )
                    for account, name, amount in credits
                ]
                line_vals.append(
                    fields.Command.create({"account_id": expense.id, "name": label, "debit": total})
                )
                values.append(
                    (
                        repair,
                        {
                            "move_type": "entry",
                            "journal_id": journal.id,
                            "company_id": company.id,
                            "date": fields.Date.context_today(self),
                            "ref": label,
                            "kia_repair_id": repair.id,
                            "line_ids": line_vals,
                        },
                    )
                )
        if not values:
            return
        # sudo: delivery is the advisor's step and advisors hold no accounting rights; the entry
        # only books this repair order's own internal and goodwill lines to the company's
        # configured accounts, and is corrected by reversal by the accountant.
        moves = self.env["account.move"].sudo().create([vals for _repair, vals in values])
        moves.action_post()
        with self._kia_unlocked("kia_cost_move_ids"):
            for (repair, _vals), move in zip(values, moves, strict=True):
                repair.write({"kia_cost_move_ids": [fields.Command.link(move.id)]})

    def _kia_cost_credits(self, services, moves):
        """[(cost account, label, amount net of VAT)] of internal or goodwill lines."""
        credits = []
        company = self.company_id
        items = [
            (line.product_id or company.kia_labor_product_id, line.display_name, line.kia_amount)
            for line in services
        ] + [
            (
                move.product_id,
                move.product_id.display_name,
                move.product_id.lst_price * move.product_uom_qty,
            )
            for move in moves
        ]
        for product, name, amount in items:
            if float_is_zero(amount, precision_rounding=company.currency_id.rounding):
                continue
            taxes = product.taxes_id.filtered(lambda t, c=company: t.company_id == c)
            net = (
                taxes.compute_all(amount, currency=company.currency_id, product=product)[
                    "total_excluded"
                ]
                if taxes
                else amount
            )
            # sudo: the product's accounts, read by the advisor at delivery.
            account = (
                product.sudo()
                .product_tmpl_id.with_company(company)
                ._get_product_accounts()["expense"]
            )
            if not account:
                raise UserError(
                    self.env._(
                        "%(product)s has no expense account to book internal work against.",
                        product=product.display_name,
                    )
                )
            credits.append((account, name, company.currency_id.round(net)))
        return credits
