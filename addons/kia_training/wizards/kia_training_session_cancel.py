from odoo import fields, models


class KiaTrainingSessionCancel(models.TransientModel):
    """Asks the reason before kia.training.session's action_cancel."""

    _name = "kia.training.session.cancel"
    _description = "Cancel Training Sessions"

    session_ids = fields.Many2many("kia.training.session", string="Sessions", required=True)
    reason = fields.Text(required=True)

    def action_cancel(self):
        self.ensure_one()
        return self.session_ids.action_cancel(reason=self.reason)
