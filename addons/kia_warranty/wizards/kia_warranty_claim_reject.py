from odoo import fields, models


class KiaWarrantyClaimReject(models.TransientModel):
    """Head office rejects claims: asks the rejection reason."""

    _name = "kia.warranty.claim.reject"
    _description = "Reject Warranty Claim"

    claim_ids = fields.Many2many("kia.warranty.claim", string="Claims", required=True)
    reject_reason_id = fields.Many2one(
        "kia.warranty.code",
        string="Rejection Reason",
        required=True,
        domain=[("code_type", "=", "rejection")],
    )
    review_note = fields.Text(
        string="Note", help="Optional explanation for the dealer, posted on the claim."
    )

    def action_reject_apply(self):
        self.ensure_one()
        return self.claim_ids.action_reject(
            reason_id=self.reject_reason_id.id, note=self.review_note
        )
