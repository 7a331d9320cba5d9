from odoo import fields, models


class KiaAppointmentCancel(models.TransientModel):
    _name = "kia.appointment.cancel"
    _description = "Cancel Appointment"

    appointment_ids = fields.Many2many("kia.appointment", required=True)
    reason = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        self.appointment_ids.action_cancel(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
