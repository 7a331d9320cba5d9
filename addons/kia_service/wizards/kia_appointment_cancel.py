from odoo import fields, models


class KiaAppointmentCancel(models.TransientModel):
    _name = "kia.appointment.cancel"
    _description = "Cancel Appointment"

    appointment_ids = fields.Many2many("kia.appointment", required=True)
    reason = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        # Add-ons extend action_cancel without a reason argument: the reason goes on the
        # appointments first, where the action reads it.
        self.appointment_ids.write({"cancel_reason": self.reason})
        self.appointment_ids.action_cancel()
        return {"type": "ir.actions.act_window_close"}
