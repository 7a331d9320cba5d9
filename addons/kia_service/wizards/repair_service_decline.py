from odoo import fields, models


class RepairServiceDecline(models.TransientModel):
    _name = "repair.service.decline"
    _description = "Decline Additional Work"

    service_ids = fields.Many2many("repair.service", required=True)
    reason = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        self.service_ids.action_kia_decline(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
