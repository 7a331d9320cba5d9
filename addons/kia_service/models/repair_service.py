from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .repair_order import SOLD_PAYERS, kia_portal_field_access

PAYERS = [
    ("customer", "Customer"),
    ("insurance", "Insurer"),
    ("warranty", "Warranty"),
    ("internal", "Internal"),
    ("goodwill", "Goodwill"),
]

# What a portal customer reads of the work on their repair order over RPC: no technicians'
# jobs, sale lines or staff.
PORTAL_FIELDS = {
    "id",
    "display_name",
    "sequence",
    "repair_id",
    "product_id",
    "product_uom",
    "product_uom_qty",
    "company_id",
    "kia_labor_operation_id",
    "kia_payer",
    "kia_amount",
    "kia_is_additional",
    "kia_approval_state",
    "kia_approval_date",
    "kia_decline_reason",
    "kia_vehicle_id",
}


class RepairService(models.Model):
    """A labor line of a repair order (OCA repair_service), priced at the dealer's hourly rate."""

    _name = "repair.service"
    _inherit = ["repair.service", "kia.protected.mixin"]

    kia_labor_operation_id = fields.Many2one(
        "kia.labor.operation", string="Labor Operation", index=True
    )
    kia_payer = fields.Selection(
        PAYERS,
        string="Payer",
        compute="_compute_kia_payer",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        help="Who pays this line (by default the repair order's payment type): customer lines "
        "go on the customer's order, insurer lines on the insurer's, warranty lines are claimed "
        "from Kia; internal and goodwill work is the dealer's own cost, booked to an expense "
        "account at delivery.",
    )
    kia_price_unit = fields.Float(
        string="Hourly Rate",
        compute="_compute_kia_price_unit",
        store=True,
        readonly=False,
        precompute=True,
    )
    kia_amount = fields.Float(
        string="Amount", compute="_compute_kia_amount", store=True, precompute=True
    )
    kia_is_additional = fields.Boolean(
        string="Additional Work",
        readonly=True,
        help="Work found during the repair (增项): it starts only once the customer approves it.",
    )
    kia_approval_state = fields.Selection(
        [("pending", "Waiting for Customer"), ("approved", "Approved"), ("declined", "Declined")],
        string="Customer Approval",
        default="approved",
        index=True,
    )
    kia_approval_date = fields.Datetime(string="Approved/Declined On", readonly=True)
    kia_approval_user_id = fields.Many2one("res.users", string="Recorded By", readonly=True)
    kia_decline_reason = fields.Char(string="Decline Reason")
    kia_recovered_repair_id = fields.Many2one(
        "repair.order",
        string="Recovered On",
        readonly=True,
        index=True,
        help="The later repair order on which this declined work was finally done.",
    )
    kia_job_ids = fields.One2many("kia.repair.job", "service_id", string="Jobs")
    kia_vehicle_id = fields.Many2one(
        related="repair_id.vehicle_id", store=True, index=True, precompute=True
    )
    kia_sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sale Order Line",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Where this labor line is sold: on the order of its payer.",
    )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        approval = self.env._("the Approve and Decline buttons of the additional work")
        res.update(
            {
                "kia_approval_state": approval,
                "kia_approval_date": approval,
                "kia_approval_user_id": approval,
                "kia_is_additional": self.env._("adding work to a repair order in progress"),
                "kia_recovered_repair_id": self.env._("confirming the repair order"),
            }
        )
        return res

    def check_field_access_rights(self, operation, field_names):
        return kia_portal_field_access(
            self, PORTAL_FIELDS, super().check_field_access_rights, operation, field_names
        )

    @api.constrains("product_uom_qty")
    def _check_kia_quantity(self):
        for line in self:
            if line.product_uom_qty < 0:
                raise ValidationError(
                    self.env._(
                        "The hours of %(work)s on repair order %(repair)s cannot be negative.",
                        work=line.display_name,
                        repair=line.repair_id.name,
                    )
                )

    @api.depends("kia_labor_operation_id")
    def _compute_display_name(self):
        # The line reads as its labor operation (更换机油…), not as the labor product "Labor".
        res = super()._compute_display_name()
        for line in self.filtered("kia_labor_operation_id"):
            line.display_name = line.kia_labor_operation_id.display_name
        return res

    @api.depends("repair_id")
    def _compute_kia_payer(self):
        for line in self:
            line.kia_payer = line.kia_payer or line.repair_id.kia_payment_type or "customer"

    @api.depends("repair_id.company_id")
    def _compute_kia_price_unit(self):
        # Every line is worth the dealer's rate whoever pays it: the payer decides on whose
        # order it is sold (or that it is claimed from Kia), not what it is worth.
        for line in self:
            line.kia_price_unit = line.repair_id.company_id.kia_labor_hourly_rate

    @api.depends("kia_price_unit", "product_uom_qty")
    def _compute_kia_amount(self):
        for line in self:
            line.kia_amount = line.kia_price_unit * line.product_uom_qty

    @api.onchange("kia_labor_operation_id")
    def _onchange_kia_labor_operation_id(self):
        operation = self.kia_labor_operation_id
        if operation:
            self.product_uom_qty = operation._get_hours(self.repair_id.vehicle_id.model_id)
            self.display_name = operation.display_name
            if not self.product_id:
                self.product_id = self.repair_id.company_id.kia_labor_product_id or self.env.ref(
                    "kia_service.product_labor", raise_if_not_found=False
                )

    @api.model_create_multi
    def create(self, vals_list):
        # One prefetch set for all lines: the operations and orders are read once, not per line.
        repairs = self.env["repair.order"].browse(
            {vals.get("repair_id") for vals in vals_list} - {None, False}
        )
        operations = self.env["kia.labor.operation"].browse(
            {vals.get("kia_labor_operation_id") for vals in vals_list} - {None, False}
        )
        for vals in vals_list:
            repair = repairs.browse(vals.get("repair_id")).with_prefetch(repairs._prefetch_ids)
            operation = operations.browse(vals.get("kia_labor_operation_id")).with_prefetch(
                operations._prefetch_ids
            )
            if not vals.get("product_id"):
                product = repair.company_id.kia_labor_product_id or self.env.ref(
                    "kia_service.product_labor", raise_if_not_found=False
                )
                if not product:
                    raise UserError(
                        self.env._(
                            "Set the labor product of %(company)s in the settings first.",
                            company=repair.company_id.name,
                        )
                    )
                vals["product_id"] = product.id
            if operation and "product_uom_qty" not in vals:
                vals["product_uom_qty"] = operation._get_hours(repair.vehicle_id.model_id)
        # The caller's values go through the protected fields' check; the line added to a
        # repair order in progress is then marked as additional work waiting for the customer.
        lines = super().create(vals_list)
        additional = lines.filtered(
            lambda line: line.repair_id.state in ("confirmed", "under_repair")
        )
        with self._kia_unlocked("kia_is_additional", "kia_approval_state"):
            additional.write({"kia_is_additional": True})
            additional.filtered(lambda line: line.kia_approval_state == "approved").write(
                {"kia_approval_state": "pending"}
            )
        lines.filtered(
            lambda line: line.repair_id.state in ("confirmed", "under_repair")
        )._kia_create_jobs()
        lines._create_repair_sale_order_line()
        return lines

    def write(self, vals):
        if "kia_payer" in vals:
            changed = self.filtered(lambda line: line.kia_payer != vals["kia_payer"])
            changed.kia_sale_line_id._kia_release_for_payer_change()
        result = super().write(vals)
        if "kia_payer" in vals:
            self.filtered(lambda line: not line.kia_sale_line_id)._create_repair_sale_order_line()
        return result

    def action_kia_approve(self):
        """The advisor records the customer's approval of the additional work (the portal
        records the customer's own, in sudo)."""
        self._kia_require_groups("kia_base.group_advisor", action=self.env._("approve"))
        self._kia_set_approval("approved")
        return True

    def action_kia_decline(self, reason=None):
        """The customer declines the additional work, for a reason: the one given, else the
        one already on the line (the portal records the customer's own words there)."""
        self._kia_require_groups("kia_base.group_advisor", action=self.env._("decline"))
        reason = (reason or "").strip()
        if reason:
            self.write({"kia_decline_reason": reason})
        missing = self.filtered(lambda line: not (line.kia_decline_reason or "").strip())
        if missing:
            raise UserError(
                self.env._("Say why the customer declines %(work)s.", work=missing[0].display_name)
            )
        self._kia_set_approval("declined")
        return True

    def _kia_set_approval(self, state):
        if self.filtered(lambda line: line.kia_approval_state != "pending"):
            raise UserError(
                self.env._("Only work waiting for the customer can be approved or declined.")
            )
        with self._kia_unlocked("kia_approval_state", "kia_approval_date", "kia_approval_user_id"):
            self.write(
                {
                    "kia_approval_state": state,
                    "kia_approval_date": fields.Datetime.now(),
                    "kia_approval_user_id": self.env.user.id,
                }
            )
        if state == "declined":
            self.kia_job_ids.write({"state": "cancel"})
        else:
            self.kia_job_ids.filtered(lambda job: job.state == "waiting_approval").write(
                {"state": "ready"}
            )
            self._create_repair_sale_order_line()
        for line in self:
            line.repair_id.message_post(
                body=line._kia_lang_env()._(
                    "Additional work %(work)s: %(decision)s by the customer.",
                    work=line.display_name,
                    decision=dict(
                        line._fields["kia_approval_state"]._description_selection(
                            line._kia_lang_env()
                        )
                    )[state],
                )
            )

    def _kia_create_jobs(self):
        """One workshop job per labor line that is not declined and has none yet."""
        lines = self.filtered(
            lambda line: not line.kia_job_ids and line.kia_approval_state != "declined"
        )
        if not lines:
            return
        self.env["kia.repair.job"].create(
            [
                {
                    "service_id": line.id,
                    "repair_id": line.repair_id.id,
                    "company_id": line.repair_id.company_id.id,
                    "labor_operation_id": line.kia_labor_operation_id.id,
                    "name": line.kia_labor_operation_id.name or line.display_name,
                    "planned_hours": line.product_uom_qty,
                }
                for line in lines
            ]
        )

    def _prepare_sale_order_line_vals(self, product_qty):
        vals = super()._prepare_sale_order_line_vals(product_qty)
        vals["order_id"] = self.repair_id._kia_payer_order(self.kia_payer).id
        if self.repair_id.company_id.kia_dealer_type:
            # a company of Kia's network sells labour at its hourly rate; other companies keep
            # repair_service's price (nothing under warranty, else the product's sales price)
            vals["price_unit"] = self.kia_price_unit
        vals["name"] = self.display_name
        return vals

    def _create_repair_sale_order_line(self):
        """Sell each labor line on the order of its payer once the repair order has its sale
        orders. Work the customer has not approved is not sold; warranty work is claimed from
        Kia instead. (OCA repair_service sells every line on the repair's one sale order.)"""
        lines = self.filtered(
            lambda line: (
                line.kia_approval_state == "approved"
                and line.kia_payer in SOLD_PAYERS
                and not line.kia_sale_line_id
                and line.repair_id.kia_sale_order_ids
            )
        )
        values = [line._prepare_sale_order_line_vals(line.product_uom_qty) for line in lines]
        sale_lines = self.env["sale.order.line"].create(values)
        for line, sale_line in zip(lines, sale_lines, strict=True):
            line.kia_sale_line_id = sale_line
