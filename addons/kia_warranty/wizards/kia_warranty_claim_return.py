from odoo import fields, models


class KiaWarrantyClaimReturn(models.TransientModel):
    """Head office returns claims to the dealer: asks what the dealer must correct."""

    _name = "kia.warranty.claim.return"
    _description = "Return Warranty Claim for Correction"

    claim_ids = fields.Many2many("kia.warranty.claim", string="Claims", required=True)
    review_note = fields.Text(
        string="What to Correct",
        required=True,
        help="Goes to the claim's review note and chatter for the dealer.",
    )

    def action_return_apply(self):
        self.ensure_one()
        return self.claim_ids.action_return(note=self.review_note)
