from odoo import fields, models


class RepairOrderCancel(models.TransientModel):
    _name = "repair.order.cancel"
    _description = "Cancel Repair Order"

    repair_ids = fields.Many2many("repair.order", required=True)
    reason = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        self.repair_ids.action_kia_cancel(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
