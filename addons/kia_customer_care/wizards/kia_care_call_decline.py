from odoo import api, fields, models


class KiaCareCallDecline(models.TransientModel):
    """Asks why the customer declined before closing the care call as declined."""

    _name = "kia.care.call.decline"
    _description = "Care Call Declined"

    call_ids = fields.Many2many("kia.care.call", string="Calls")
    reason = fields.Text(
        required=True, compute="_compute_reason", store=True, readonly=False, precompute=True
    )

    @api.depends("call_ids")
    def _compute_reason(self):
        for wizard in self:
            notes = "\n".join(filter(None, wizard.call_ids.mapped("note")))
            wizard.reason = wizard.reason or notes or False

    def action_decline(self):
        self.ensure_one()
        return self.call_ids.action_outcome_declined(reason=self.reason)
