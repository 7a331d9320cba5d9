from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.kia_base.models.kia_protected_mixin import kia_lock_rows

COMPENSATION_TYPES = [
    ("vehicle", "Backup Vehicle"),
    ("transport", "Transport Cost Compensation"),
]
# What a grant is made of: fixed once granted (a change would skip the free-vehicle check).
GRANT_FIELDS = ("repair_id", "compensation_type", "backup_vehicle_id", "date_start", "amount")
BACKUP_ROLES = (
    "kia_base.group_advisor",
    "kia_warranty.group_warranty_admin",
    "kia_base.group_service_manager",
)
BACKUP_STATES = [
    ("draft", "Draft"),
    ("confirmed", "Granted"),
    ("done", "Closed"),
    ("cancel", "Cancelled"),
]


class KiaWarrantyBackupVehicle(models.Model):
    """备用车: a repair lasting longer than the company's limit entitles the customer to a
    backup vehicle from the dealer's fleet or to a compensation of transport costs (三包)."""

    _name = "kia.warranty.backup.vehicle"
    _description = "Backup Vehicle or Transport Compensation"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", required=True, copy=False, readonly=True, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        BACKUP_STATES, default="draft", required=True, index=True, tracking=True, copy=False
    )
    repair_id = fields.Many2one(
        "repair.order", string="Repair Order", required=True, index=True, check_company=True
    )
    vehicle_id = fields.Many2one(
        related="repair_id.vehicle_id", store=True, index=True, string="Customer's Vehicle"
    )
    partner_id = fields.Many2one(related="repair_id.partner_id", store=True, string="Customer")
    repair_days = fields.Integer(
        compute="_compute_repair_days", help="Three guarantees repair time of the repair order."
    )
    compensation_type = fields.Selection(
        COMPENSATION_TYPES, required=True, default="vehicle", tracking=True
    )
    backup_vehicle_id = fields.Many2one(
        "fleet.vehicle",
        index=True,
        check_company=True,
        tracking=True,
        help="A vehicle of the dealer's own fleet lent to the customer.",
    )
    date_start = fields.Date(
        string="From", required=True, default=fields.Date.context_today, tracking=True
    )
    date_end = fields.Date(string="Until", tracking=True)
    amount = fields.Monetary(
        string="Transport Costs", tracking=True, help="Transport costs paid to the customer."
    )
    note = fields.Text()

    def _compute_repair_days(self):
        for record in self:
            record.repair_days = record.repair_id._kia_wty_repair_days() if record.repair_id else 0

    @api.constrains("compensation_type", "backup_vehicle_id", "amount", "date_start", "date_end")
    def _check_compensation(self):
        for record in self:
            if record.date_end and record.date_end < record.date_start:
                raise ValidationError(
                    self.env._("%(name)s ends before it starts.", name=record.name)
                )
            if record.compensation_type == "vehicle":
                if not record.backup_vehicle_id:
                    raise ValidationError(
                        self.env._("%(name)s: choose the backup vehicle.", name=record.name)
                    )
                if record.backup_vehicle_id == record.vehicle_id:
                    raise ValidationError(
                        self.env._(
                            "%(name)s: the customer's own vehicle cannot be its backup vehicle.",
                            name=record.name,
                        )
                    )
            elif record.amount <= 0:
                raise ValidationError(
                    self.env._(
                        "%(name)s: enter the transport costs paid to the customer.",
                        name=record.name,
                    )
                )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res["state"] = self.env._("the Grant, Close and Cancel buttons")
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("kia.warranty.backup.vehicle") or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            granted = self.filtered(lambda r: r.state != "draft")
            changed = [
                fname
                for fname in GRANT_FIELDS
                if fname in vals and not granted._kia_same_value(fname, vals[fname])
            ]
            if granted and changed:
                raise UserError(
                    self.env._(
                        "%(name)s is granted: cancel it and make a new one to change it.",
                        name=granted[0].name,
                    )
                )
        res = super().write(vals)
        if "date_end" in vals and not self.env.su:
            # A longer loan must still not overlap another customer's.
            self.filtered(lambda r: r.state == "confirmed")._check_backup_vehicle_free()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_granted(self):
        if any(record.state not in ("draft", "cancel") for record in self):
            raise UserError(self.env._("Cancel a granted backup vehicle before deleting it."))

    def action_confirm(self):
        """Grant it: only for a repair over the company's limit, and a backup vehicle is lent to
        one customer at a time."""
        self._kia_require_groups(*BACKUP_ROLES, action=self.env._("grant"))
        if self.filtered(lambda r: r.state != "draft"):
            raise UserError(self.env._("Only a draft can be granted."))
        for record in self:
            limit = record.company_id.kia_wty_long_repair_days
            days = record.repair_id._kia_wty_repair_days()
            if days <= limit:
                raise UserError(
                    self.env._(
                        "Repair order %(repair)s has lasted %(days)s days: a backup vehicle or "
                        "transport compensation is due only after more than %(limit)s days.",
                        repair=record.repair_id.name,
                        days=days,
                        limit=limit,
                    )
                )
        self._check_backup_vehicle_free()
        with self._kia_unlocked("state"):
            self.write({"state": "confirmed"})
        return True

    def action_done(self):
        self._kia_require_groups(*BACKUP_ROLES, action=self.env._("close"))
        if self.filtered(lambda r: r.state != "confirmed"):
            raise UserError(self.env._("Only a granted backup vehicle can be closed."))
        today = fields.Date.context_today(self)
        for record in self:
            with self._kia_unlocked("state"):
                record.write({"state": "done", "date_end": record.date_end or today})
        return True

    def action_cancel(self):
        self._kia_require_groups(*BACKUP_ROLES, action=self.env._("cancel"))
        if self.filtered(lambda r: r.state == "done"):
            raise UserError(self.env._("A closed backup vehicle record cannot be cancelled."))
        with self._kia_unlocked("state"):
            self.write({"state": "cancel"})
        return True

    def _check_backup_vehicle_free(self):
        lent = self.filtered(lambda r: r.compensation_type == "vehicle")
        if not lent:
            return
        # Two advisors may lend the same car at once: lock and touch the cars first, so that
        # the second request fails (Odoo retries it) instead of counting the loans on a
        # snapshot taken before the first one committed.
        kia_lock_rows(lent.backup_vehicle_id)
        for record in lent:
            overlapping = self.search_count(
                [
                    ("id", "!=", record.id),
                    ("backup_vehicle_id", "=", record.backup_vehicle_id.id),
                    ("state", "=", "confirmed"),
                    "|",
                    ("date_end", "=", False),
                    ("date_end", ">=", record.date_start),
                    *([("date_start", "<=", record.date_end)] if record.date_end else []),
                ],
                limit=1,
            )
            if overlapping:
                raise UserError(
                    self.env._(
                        "Backup vehicle %(vehicle)s is already lent to another customer then.",
                        vehicle=record.backup_vehicle_id.display_name,
                    )
                )
