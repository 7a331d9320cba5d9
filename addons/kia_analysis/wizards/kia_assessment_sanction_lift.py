from odoo import fields, models


class KiaAssessmentSanctionLift(models.TransientModel):
    """Asks the reason before kia.assessment.sanction's action_lift."""

    _name = "kia.assessment.sanction.lift"
    _description = "Lift Dealer Sanctions"

    sanction_ids = fields.Many2many("kia.assessment.sanction", string="Sanctions", required=True)
    reason = fields.Text(required=True)

    def action_lift(self):
        self.ensure_one()
        return self.sanction_ids.action_lift(reason=self.reason)
