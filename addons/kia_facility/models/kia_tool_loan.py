from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.kia_base.models.kia_protected_mixin import kia_lock_rows

TOOL_ROOM = ("kia_base.group_technician", "kia_base.group_service_manager")


class KiaToolLoan(models.Model):
    """Who took which special tool, for which repair order, and when it came back."""

    _name = "kia.tool.loan"
    _description = "Special Tool Loan"
    _inherit = ["mail.thread", "kia.protected.mixin"]
    _order = "date_out desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    equipment_id = fields.Many2one(
        "maintenance.equipment",
        string="Tool",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users",
        string="Taken By",
        required=True,
        default=lambda self: self.env.user,
        tracking=True,
    )
    repair_id = fields.Many2one(
        "repair.order", string="Repair Order", index=True, check_company=True, tracking=True
    )
    date_out = fields.Datetime(
        string="Taken On", required=True, default=fields.Datetime.now, tracking=True
    )
    date_returned = fields.Datetime(string="Returned On", readonly=True, tracking=True)
    state = fields.Selection(
        [("out", "On Loan"), ("returned", "Returned")],
        default="out",
        required=True,
        index=True,
        readonly=True,
        tracking=True,
    )
    return_condition = fields.Selection(
        related="equipment_id.kia_condition", string="Condition", readonly=True
    )
    note = fields.Text()

    def init(self):
        # The database is the last guard against two open loans of one tool.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS kia_tool_loan_one_open_per_tool "
                "ON kia_tool_loan (equipment_id) WHERE state = 'out'"
            )
        )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        returned = self.env._("the Return button")
        res.update({"state": returned, "date_returned": returned})
        return res

    def _compute_display_name(self):
        for loan in self:
            loan.display_name = f"{loan.equipment_id.display_name} → {loan.user_id.name}"

    @api.model_create_multi
    def create(self, vals_list):
        equipment_ids = [vals.get("equipment_id") for vals in vals_list if vals.get("equipment_id")]
        if len(set(equipment_ids)) < len(equipment_ids):
            raise UserError(self.env._("A tool can be lent only once at a time."))
        self._lock_tools(equipment_ids)
        tools = self.env["maintenance.equipment"].browse(equipment_ids)
        unusable = tools.filtered(lambda t: t.kia_condition in ("damaged", "lost"))
        if unusable:
            raise UserError(
                self.env._(
                    "Tool %(tool)s is damaged or lost and cannot be lent.",
                    tool=unusable[0].display_name,
                )
            )
        # sudo: a loan by another user (or another role) must block the tool for everyone.
        open_loan = self.sudo().search(
            [("equipment_id", "in", equipment_ids), ("state", "=", "out")], limit=1
        )
        if open_loan:
            raise UserError(
                self.env._(
                    "Tool %(tool)s is already lent to %(user)s since %(date)s. It must be "
                    "returned first.",
                    tool=open_loan.equipment_id.display_name,
                    user=open_loan.user_id.name,
                    date=fields.Datetime.to_string(open_loan.date_out),
                )
            )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_out(self):
        if any(loan.state == "out" for loan in self):
            raise UserError(self.env._("A tool on loan cannot be deleted: record its return."))

    def action_return(self):
        self._kia_require_groups(*TOOL_ROOM, action=self.env._("record the return of"))
        if any(loan.state != "out" for loan in self):
            raise UserError(self.env._("This tool has already been returned."))
        with self._kia_unlocked("state", "date_returned"):
            self.write({"state": "returned", "date_returned": fields.Datetime.now()})
        return True

    @api.model
    def _lock_tools(self, equipment_ids):
        """Take the tools for this transaction: of two users lending the same tool at the same
        moment, the second fails to lock it (at once, or because the first touched it after the
        second's snapshot); Odoo's request handler retries, and the retry sees the first loan."""
        kia_lock_rows(self.env["maintenance.equipment"].browse(equipment_ids))
