from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

COMPENSATION_TYPES = [
    ("vehicle", "Backup Vehicle"),
    ("transport", "Transport Cost Compensation"),
]
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
    _inherit = ["mail.thread", "mail.activity.mixin"]
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

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("kia.warranty.backup.vehicle") or "/"
                )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_granted(self):
        if any(record.state not in ("draft", "cancel") for record in self):
            raise UserError(self.env._("Cancel a granted backup vehicle before deleting it."))

    def action_confirm(self):
        """Grant it: only for a repair over the company's limit, and a backup vehicle is lent to
        one customer at a time."""
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
        self.write({"state": "confirmed"})
        return True

    def action_done(self):
        if self.filtered(lambda r: r.state != "confirmed"):
            raise UserError(self.env._("Only a granted backup vehicle can be closed."))
        today = fields.Date.context_today(self)
        for record in self:
            record.write({"state": "done", "date_end": record.date_end or today})
        return True

    def action_cancel(self):
        if self.filtered(lambda r: r.state == "done"):
            raise UserError(self.env._("A closed backup vehicle record cannot be cancelled."))
        self.write({"state": "cancel"})
        return True

    def _check_backup_vehicle_free(self):
        lent = self.filtered(lambda r: r.compensation_type == "vehicle")
        if not lent:
            return
        # Two advisors may lend the same car at once: lock the cars first (Odoo retries the
        # request when another transaction holds the lock).
        self.env.cr.execute(
            SQL(
                "SELECT id FROM fleet_vehicle WHERE id = ANY(%s) FOR NO KEY UPDATE NOWAIT",
                lent.backup_vehicle_id.ids,
            )
        )
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
