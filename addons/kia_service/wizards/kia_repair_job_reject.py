from odoo import fields, models


class KiaRepairJobReject(models.TransientModel):
    _name = "kia.repair.job.reject"
    _description = "Send Job Back for Rework"

    job_ids = fields.Many2many("kia.repair.job", required=True)
    reason = fields.Text(required=True)

    def action_apply(self):
        self.ensure_one()
        self.job_ids.action_foreman_reject(reason=self.reason)
        return {"type": "ir.actions.act_window_close"}
