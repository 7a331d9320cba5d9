from odoo import fields, models


class KiaAppointmentNoShow(models.TransientModel):
    _name = "kia.appointment.no.show"
    _description = "Appointment No-Show"

    appointment_ids = fields.Many2many("kia.appointment", required=True)
    reason = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        # Add-ons extend action_no_show without a reason argument: the reason goes on the
        # appointments first, where the action reads it.
        self.appointment_ids.write({"cancel_reason": self.reason})
        self.appointment_ids.action_no_show()
        return {"type": "ir.actions.act_window_close"}
