from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

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
    _inherit = ["mail.thread", "mail.activity.mixin"]
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
    credit_note_id = fields.Many2one("account.move", readonly=True, copy=False, check_company=True)
    replacement_order_id = fields.Many2one(
        "purchase.order", readonly=True, copy=False, check_company=True
    )
    submitted_date = fields.Date(readonly=True, copy=False)

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

    def _check_hq(self):
        if not self.env.user.has_group("kia_parts.group_hq_parts_officer"):
            raise UserError(self.env._("Only head office decides on parts claims."))
        if any(claim.state != "submitted" for claim in self):
            raise UserError(self.env._("Only a submitted claim can be decided."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kia.parts.claim") or "/"
        return super().create(vals_list)

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
        self.write({"state": "submitted", "submitted_date": today})
        return True

    def action_approve(self):
        self._check_hq()
        self.write({"state": "approved"})
        return True

    def action_reject(self, reason=None):
        """Head office rejects the claims for ``reason``, which the dealer reads as head
        office's decision (asked by the reject wizard)."""
        self._check_hq()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for rejecting the claim."))
        self.write({"state": "rejected", "decision_note": reason})
        return True

    def action_settle(self):
        for claim in self:
            if claim.state != "approved":
                raise UserError(self.env._("Claim %(name)s is not approved.", name=claim.name))
            if claim.settlement_type == "credit_note":
                claim._settle_credit_note()
            elif claim.settlement_type == "replacement":
                claim._settle_replacement()
            else:
                raise UserError(self.env._("Choose a credit note or a replacement."))
        self.write({"state": "settled"})
        return True

    def _claimed_lines(self):
        return self.discrepancy_ids.filtered(lambda line: line.discrepancy_type != "over")

    def _settle_credit_note(self):
        """A vendor credit note from head office in the dealer's books."""
        self.ensure_one()
        hq_partner = self.company_id.kia_hq_company_id.partner_id
        move = (
            self.env["account.move"]
            .with_company(self.company_id)
            .create(
                {
                    "move_type": "in_refund",
                    "company_id": self.company_id.id,
                    "partner_id": hq_partner.id,
                    "ref": self.name,
                    "invoice_date": fields.Date.context_today(self),
                    "invoice_line_ids": [
                        fields.Command.create(
                            {
                                "product_id": line.product_id.id,
                                "quantity": line.quantity,
                                "price_unit": line.price_unit,
                                "tax_ids": [(6, 0, [])],
                            }
                        )
                        for line in self._claimed_lines()
                    ],
                }
            )
        )
        self.credit_note_id = move

    def _settle_replacement(self):
        """A free replacement order to head office for the missing or faulty parts."""
        self.ensure_one()
        order = self.env["purchase.order"].create(
            {
                "partner_id": self.company_id.kia_hq_company_id.partner_id.id,
                "company_id": self.company_id.id,
                "kia_order_type": "emergency",
                "origin": self.name,
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
        self.replacement_order_id = order
