from odoo import fields, models


class KiaPartsClaimReject(models.TransientModel):
    _name = "kia.parts.claim.reject"
    _description = "Reject a Parts Claim"

    claim_ids = fields.Many2many("kia.parts.claim", string="Parts Claims", required=True)
    reason = fields.Text(
        required=True, help="Why head office rejects the claim; the dealer sees it."
    )

    def action_reject(self):
        self.ensure_one()
        return self.claim_ids.action_reject(reason=self.reason)
