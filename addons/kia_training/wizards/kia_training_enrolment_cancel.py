from odoo import fields, models


class KiaTrainingEnrolmentCancel(models.TransientModel):
    """Asks the reason before kia.training.enrolment's action_cancel."""

    _name = "kia.training.enrolment.cancel"
    _description = "Cancel Training Enrolments"

    enrolment_ids = fields.Many2many("kia.training.enrolment", string="Enrolments", required=True)
    reason = fields.Text(required=True)

    def action_cancel(self):
        self.ensure_one()
        return self.enrolment_ids.action_cancel(reason=self.reason)
