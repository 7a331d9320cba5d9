from odoo import fields, models


class KiaAssessmentSanctionCancel(models.TransientModel):
    """Asks the reason before kia.assessment.sanction's action_cancel."""

    _name = "kia.assessment.sanction.cancel"
    _description = "Cancel Dealer Rewards and Penalties"

    sanction_ids = fields.Many2many(
        "kia.assessment.sanction", string="Rewards and Penalties", required=True
    )
    reason = fields.Text(required=True)

    def action_cancel(self):
        self.ensure_one()
        return self.sanction_ids.action_cancel(reason=self.reason)
