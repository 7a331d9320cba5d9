from odoo import fields, models


class KiaAssessmentReturn(models.TransientModel):
    """Asks the reason before kia.assessment's action_reset_draft."""

    _name = "kia.assessment.return"
    _description = "Return Dealer Assessments to Draft"

    assessment_ids = fields.Many2many("kia.assessment", string="Assessments", required=True)
    reason = fields.Text(required=True)

    def action_reset_draft(self):
        self.ensure_one()
        return self.assessment_ids.action_reset_draft(reason=self.reason)
