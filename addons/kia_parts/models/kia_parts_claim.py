from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

CLAIM_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted to HQ"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("settled", "Settled"),
]


class KiaPartsClaim(models.Model):
    _name = "kia.parts.claim"
    _description = "Parts Claim to Head Office"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(required=True, readonly=True, copy=False, default="/", index="trigram")
    company_id = fields.Many2one(
        "res.company",
        string="Dealer",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    picking_id = fields.Many2one(
        "stock.picking", string="Receipt", required=True, check_company=True, index=True
    )
    purchase_id = fields.Many2one(
        "purchase.order", related="picking_id.purchase_id", store=True, string="Parts Order"
    )
    receipt_date = fields.Date(required=True, default=fields.Date.context_today)
    deadline = fields.Date(
        compute="_compute_deadline", store=True, help="Last day to submit the claim to HQ."
    )
    state = fields.Selection(
        CLAIM_STATES, default="draft", required=True, tracking=True, index=True, readonly=True
    )
    discrepancy_ids = fields.One2many("kia.parts.receipt.discrepancy", "claim_id")
    amount = fields.Monetary(compute="_compute_amount", store=True, tracking=True)
    decision_note = fields.Text(string="HQ Decision", tracking=True)
    settlement_type = fields.Selection(
        [("credit_note", "Credit Note"), ("replacement", "Replacement")],
        tracking=True,
    )
    credit_note_id = fields.Many2one(
        "account.move",
        string="Dealer's Credit Note",
        readonly=True,
        copy=False,
        check_company=True,
        help="The vendor credit note from head office in the dealer's books, mirrored from head "
        "office's credit note.",
    )
    hq_credit_note_id = fields.Many2one(
        "account.move",
        string="Head Office's Credit Note",
        readonly=True,
        copy=False,
        help="Head office's customer credit note to the dealer in head office's books.",
    )
    replacement_order_id = fields.Many2one(
        "purchase.order", readonly=True, copy=False, check_company=True
    )
    submitted_date = fields.Date(readonly=True, copy=False)
    decided_by_id = fields.Many2one(
        "res.users",
        readonly=True,
        copy=False,
        tracking=True,
        help="Head-office parts officer who approved or rejected the claim.",
    )
    decided_date = fields.Datetime(string="Decided On", readonly=True, copy=False)

    @api.depends("receipt_date", "company_id.kia_parts_claim_days")
    def _compute_deadline(self):
        for claim in self:
            claim.deadline = claim.receipt_date and claim.receipt_date + timedelta(
                days=claim.company_id.kia_parts_claim_days
            )

    @api.depends("discrepancy_ids.quantity", "discrepancy_ids.price_unit")
    def _compute_amount(self):
        for claim in self:
            claim.amount = sum(
                line.quantity * line.price_unit
                for line in claim.discrepancy_ids
                if line.discrepancy_type != "over"
            )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        decision = self.env._("head office's Approve and Reject buttons")
        settle = self.env._("head office's Settle button")
        res.update(
            {
                "state": self.env._("the Submit button and head office's decision buttons"),
                "submitted_date": self.env._("the Submit button"),
                "amount": self.env._("the lines of a draft claim"),
                "receipt_date": self.env._("validating the receipt"),
                "deadline": self.env._("validating the receipt"),
                "decided_by_id": decision,
                "decided_date": decision,
                "credit_note_id": settle,
                "hq_credit_note_id": settle,
                "replacement_order_id": settle,
            }
        )
        return res

    @api.model
    def _kia_hq_decision_fields(self):
        """Head office's decision on the claim, which the dealer reads."""
        return ("decision_note", "settlement_type")

    def _check_hq(self):
        self._kia_require_groups("kia_parts.group_hq_parts_officer", action=self.env._("decide on"))
        if any(claim.state != "submitted" for claim in self):
            raise UserError(self.env._("Only a submitted claim can be decided."))

    def _kia_check_hq_decision(self, vals_list):
        fnames = {name for vals in vals_list for name in vals if vals[name]}
        decided = fnames & set(self._kia_hq_decision_fields())
        if decided and not (
            self.env.su or self.env.user.has_group("kia_parts.group_hq_parts_officer")
        ):
            raise AccessError(
                self.env._(
                    "%(field)s of a parts claim is head office's decision: only the head-office "
                    "parts officer sets it.",
                    field=self._fields[sorted(decided)[0]]._description_string(self.env),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._kia_check_hq_decision(vals_list)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kia.parts.claim") or "/"
        return super().create(vals_list)

    def write(self, vals):
        changed = {
            name: value
            for name, value in vals.items()
            if name in self._kia_hq_decision_fields() and not self._kia_same_value(name, value)
        }
        if changed:
            self._kia_check_hq_decision([dict.fromkeys(changed, True)])
        if (
            not self.env.su
            and set(vals) - {"message_main_attachment_id"}
            and any(claim.state == "settled" for claim in self)
        ):
            raise AccessError(self.env._("A settled parts claim cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_draft(self):
        if any(claim.state != "draft" for claim in self):
            raise UserError(self.env._("Only a draft parts claim can be deleted."))

    def action_submit(self):
        today = fields.Date.context_today(self)
        for claim in self:
            if claim.state != "draft":
                raise UserError(self.env._("Claim %(name)s is not a draft.", name=claim.name))
            if today > claim.deadline:
                raise UserError(
                    self.env._(
                        "Claim %(name)s is past its deadline of %(deadline)s: head office "
                        "no longer accepts it.",
                        name=claim.name,
                        deadline=claim.deadline,
                    )
                )
            if not claim.discrepancy_ids:
                raise UserError(self.env._("Claim %(name)s has no lines.", name=claim.name))
        attachments = self.env["ir.attachment"]._read_group(
            [("res_model", "=", self._name), ("res_id", "in", self.ids)], ["res_id"], ["__count"]
        )
        with_evidence = {res_id for res_id, count in attachments if count}
        for claim in self:
            needs_photo = any(
                line.discrepancy_type in ("damaged", "wrong") for line in claim.discrepancy_ids
            )
            if needs_photo and claim.id not in with_evidence:
                raise UserError(
                    self.env._(
                        "Attach photos of the damaged or wrong parts to claim %(name)s first.",
                        name=claim.name,
                    )
                )
        with self._kia_unlocked("state", "submitted_date"):
            self.write({"state": "submitted", "submitted_date": today})
        return True

    def action_approve(self):
        self._check_hq()
        with self._kia_unlocked("state", "decided_by_id", "decided_date"):
            self.write(
                {
                    "state": "approved",
                    "decided_by_id": self.env.user.id,
                    "decided_date": fields.Datetime.now(),
                }
            )
        return True

    def action_reject(self, reason=None):
        """Head office rejects the claims for ``reason``, which the dealer reads as head
        office's decision (asked by the reject wizard)."""
        self._check_hq()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for rejecting the claim."))
        with self._kia_unlocked("state", "decided_by_id", "decided_date"):
            self.write(
                {
                    "state": "rejected",
                    "decision_note": reason,
                    "decided_by_id": self.env.user.id,
                    "decided_date": fields.Datetime.now(),
                }
            )
        return True

    def action_settle(self):
        """Head office settles the claims it approved: a credit note in the dealer's books or a
        free replacement order to head office."""
        self._kia_require_groups("kia_parts.group_hq_parts_officer", action=self.env._("settle"))
        for claim in self:
            if claim.state != "approved":
                raise UserError(self.env._("Claim %(name)s is not approved.", name=claim.name))
            if claim.settlement_type == "credit_note":
                claim._settle_credit_note()
            elif claim.settlement_type == "replacement":
                claim._settle_replacement()
            else:
                raise UserError(self.env._("Choose a credit note or a replacement."))
        with self._kia_unlocked("state"):
            self.write({"state": "settled"})
        return True

    def _claimed_lines(self):
        return self.discrepancy_ids.filtered(lambda line: line.discrepancy_type != "over")

    def _settle_credit_note(self):
        """Head office's customer credit note to the dealer, with head office's sales VAT, and
        its mirror in the dealer's books (OCA account_invoice_inter_company): the dealer's
        vendor credit note with the purchase VAT of the same rate, the same amounts to the
        cent. Both are posted and name each other and the claim."""
        self.ensure_one()
        dealer = self.company_id
        hq = dealer.kia_hq_company_id
        if not hq:
            raise UserError(
                self.env._("%(dealer)s has no head office to credit it.", dealer=dealer.name)
            )
        sale_vat = hq._kia_vat("sale")
        # the dealer's VAT is checked before anything is booked
        dealer._kia_vat("purchase", sale_vat.amount)
        # sudo: head office's parts officer (checked by action_settle) books the settlement of
        # the claim it approved in head office's and the dealer's books; the officer need not
        # hold accounting rights, and the dealer's side is OCA's mirror, written as superuser
        Move = self.env["account.move"].sudo().with_company(hq)
        hq_move = Move.create(
            {
                "move_type": "out_refund",
                "company_id": hq.id,
                "partner_id": dealer.partner_id.id,
                "invoice_origin": self.name,
                "ref": self.name,
                "payment_reference": self.name,
                "invoice_date": fields.Date.context_today(self),
                "invoice_line_ids": [
                    fields.Command.create(
                        {
                            "product_id": line.product_id.id,
                            "quantity": line.quantity,
                            "price_unit": line.price_unit,
                            "tax_ids": [fields.Command.set(sale_vat.ids)],
                        }
                    )
                    for line in self._claimed_lines()
                ],
            }
        )
        mirror = hq_move.with_context(kia_parts_claim_vat=True)
        mirror.action_post()
        dealer_move = Move.search(
            [("auto_invoice_id", "=", hq_move.id), ("company_id", "=", dealer.id)], limit=1
        )
        if not dealer_move:
            # one of the companies does not mirror its invoices by itself: the same mechanism,
            # called for this credit note
            dealer_move = (
                mirror.with_company(dealer)
                .with_context(skip_check_amount_difference=True)
                ._inter_company_create_invoice(dealer)["dest_invoice"]
            )
        currency = hq_move.currency_id
        if any(
            currency.compare_amounts(hq_move[fname], dealer_move[fname])
            for fname in ("amount_untaxed", "amount_tax", "amount_total")
        ):
            raise UserError(
                self.env._(
                    "The dealer's credit note of claim %(claim)s would not agree with head "
                    "office's (%(dealer_total)s against %(hq_total)s): check both companies' "
                    "VAT.",
                    claim=self.name,
                    dealer_total=dealer_move.amount_total,
                    hq_total=hq_move.amount_total,
                )
            )
        if dealer_move.state == "draft":
            dealer_move.action_post()
        hq_move.ref = self.with_context(lang=hq.partner_id.lang).env._(
            "%(move)s / claim %(claim)s", move=dealer_move.name, claim=self.name
        )
        dealer_move.ref = self.with_context(lang=dealer.partner_id.lang).env._(
            "%(move)s / claim %(claim)s", move=hq_move.name, claim=self.name
        )
        with self._kia_unlocked("credit_note_id", "hq_credit_note_id"):
            self.write({"credit_note_id": dealer_move.id, "hq_credit_note_id": hq_move.id})

    def _settle_replacement(self):
        """A free replacement order to head office for the missing or faulty parts."""
        self.ensure_one()
        Order = self.env["purchase.order"]
        with Order._kia_unlocked("kia_claim_id"):
            order = Order.create(
                {
                    "partner_id": self.company_id.kia_hq_company_id.partner_id.id,
                    "company_id": self.company_id.id,
                    "kia_order_type": "emergency",
                    "origin": self.name,
                    "kia_claim_id": self.id,
                    "order_line": [
                        fields.Command.create(
                            {
                                "product_id": line.product_id.id,
                                "product_qty": line.quantity,
                                "price_unit": 0.0,
                            }
                        )
                        for line in self._claimed_lines()
                    ],
                }
            )
        order.kia_surcharge_pct = 0.0
        with self._kia_unlocked("replacement_order_id"):
            self.replacement_order_id = order
