from odoo import fields, models


class KiaRescueCancel(models.TransientModel):
    """Asks why a rescue is cancelled before cancelling it."""

    _name = "kia.rescue.cancel"
    _description = "Cancel Rescue"

    rescue_ids = fields.Many2many("kia.rescue", string="Rescues")
    reason = fields.Text(required=True)

    def action_cancel(self):
        self.ensure_one()
        return self.rescue_ids.action_cancel(reason=self.reason)
