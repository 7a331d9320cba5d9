from odoo import fields, models


class KiaTrainingEnrolmentRefuse(models.TransientModel):
    """Asks the reason before kia.training.enrolment's action_refuse."""

    _name = "kia.training.enrolment.refuse"
    _description = "Refuse Training Enrolments"

    enrolment_ids = fields.Many2many("kia.training.enrolment", string="Enrolments", required=True)
    reason = fields.Text(required=True)

    def action_refuse(self):
        self.ensure_one()
        return self.enrolment_ids.action_refuse(reason=self.reason)
