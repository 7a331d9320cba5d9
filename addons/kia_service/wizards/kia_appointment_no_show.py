from odoo import fields, models


class KiaAppointmentNoShow(models.TransientModel):
    _name = "kia.appointment.no.show"
    _description = "Appointment No-Show"

    appointment_ids = fields.Many2many("kia.appointment", required=True)
    reason = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        self.appointment_ids.action_no_show(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
