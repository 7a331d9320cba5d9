from odoo import fields, models


class KiaCertificationRevoke(models.TransientModel):
    """Asks the reason before kia.certification's action_revoke."""

    _name = "kia.certification.revoke"
    _description = "Revoke Certifications"

    certification_ids = fields.Many2many(
        "kia.certification", string="Certifications", required=True
    )
    reason = fields.Text(required=True)

    def action_revoke(self):
        self.ensure_one()
        return self.certification_ids.action_revoke(reason=self.reason)
