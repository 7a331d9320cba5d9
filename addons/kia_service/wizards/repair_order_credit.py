from odoo import api, fields, models

from ..models.repair_order_settlement import CREDIT_KINDS


class RepairOrderCreditWizard(models.TransientModel):
    """The service manager or an accountant approves credit: the car leaves before the
    customer pays."""

    _name = "kia.repair.credit.wizard"
    _description = "Approve Credit for a Repair Order"

    repair_ids = fields.Many2many("repair.order", string="Repair Orders", required=True)
    repair_names = fields.Char(string="For Repair Orders", compute="_compute_repair_names")
    kind = fields.Selection(CREDIT_KINDS, string="Credit For", required=True, default="fleet")
    reason = fields.Text(
        required=True,
        help="For whom and why the car leaves unpaid, e.g. the fleet contract or the insurer's "
        "commitment.",
    )

    @api.depends("repair_ids")
    def _compute_repair_names(self):
        for wizard in self:
            # sudo: the accountant, who holds no repair rights, sees the names of the repair
            # orders they approve credit for.
            wizard.repair_names = ", ".join(wizard.sudo().repair_ids.mapped("name"))

    def action_confirm(self):
        self.ensure_one()
        # sudo: read the wizard's repair orders for the accountant (no repair rights); the
        # approval below runs as the user and checks the role.
        repairs = self.sudo().repair_ids.with_env(self.env)
        repairs.action_kia_approve_credit(self.kind, self.reason)
        return {"type": "ir.actions.act_window_close"}
