from odoo import fields, models


class RepairOrderQcFail(models.TransientModel):
    _name = "repair.order.qc.fail"
    _description = "Fail Final Inspection"

    repair_ids = fields.Many2many("repair.order", required=True)
    reason = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        self.repair_ids.action_kia_qc_fail(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
