from odoo import api, fields, models
from odoo.exceptions import UserError

# What submission stamps on a paid-part line from the fitting it found.
PAID_PART_STAMPS = ("fitted_part_id", "fitted_date", "fitted_km", "fitted_dealer")
LINE_TYPES = [("labor", "Labour"), ("part", "Part"), ("sublet", "Sublet")]


class KiaWarrantyClaimLine(models.Model):
    _name = "kia.warranty.claim.line"
    _description = "Warranty Claim Line"
    _inherit = ["kia.protected.mixin"]
    _order = "claim_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    claim_id = fields.Many2one("kia.warranty.claim", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="claim_id.company_id", store=True, index=True)
    currency_id = fields.Many2one(related="claim_id.currency_id")
    line_type = fields.Selection(LINE_TYPES, string="Type", required=True, default="part")
    name = fields.Char(string="Description", required=True)
    operation_code = fields.Char(help="Labour operation code.")
    product_id = fields.Many2one("product.product", string="Part", check_company=True)
    is_causal = fields.Boolean(string="Causal Part")
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    hours = fields.Float(digits=(16, 2))
    price_unit = fields.Monetary(string="Unit Price / Rate")
    amount = fields.Monetary(compute="_compute_amount", store=True)
    approved_amount = fields.Monetary(
        copy=False,
        help="What head office accepts for this line; empty means the claimed amount.",
    )
    approved_set = fields.Boolean(copy=False, help="Technical: head office adjusted this line.")
    labor_operation_id = fields.Many2one(
        "kia.labor.operation",
        string="Labour Operation",
        index=True,
        check_company=True,
        help="Operation of the labour catalog; its standard hours for the vehicle's model are "
        "what head office pays.",
    )
    repair_service_id = fields.Many2one(
        "repair.service",
        string="Repair Order Labour Line",
        index=True,
        readonly=True,
        help="The warranty-paid labour line of the repair order this line was built from: the "
        "pre-checks read its jobs' clocked hours and technicians.",
    )
    standard_hours = fields.Float(
        digits=(16, 2),
        readonly=True,
        help="Flat-rate hours of the labour operation for the vehicle's model.",
    )
    kia_paid_part = fields.Boolean(
        string="Paid-Part Warranty",
        help="This part was bought and paid for by the customer and fitted at a Kia dealer: it "
        "is claimed under head office's paid-parts policy, from its fitting, not under the "
        "vehicle's warranty.",
    )
    fitted_part_id = fields.Many2one(
        "kia.warranty.fitted.part",
        string="Fitting",
        readonly=True,
        copy=False,
        index=True,
        help="The paid fitting of this part on the vehicle, found when the claim was submitted.",
    )
    fitted_date = fields.Date(string="Fitted On", readonly=True, copy=False)
    fitted_km = fields.Integer(string="Fitted At (km)", readonly=True, copy=False)
    fitted_dealer = fields.Char(string="Fitted By", readonly=True, copy=False)
    clocked_hours = fields.Float(
        digits=(16, 2),
        readonly=True,
        help="Hours the technicians clocked on the repair order's jobs for this line, when the "
        "claim was made.",
    )

    @api.depends("line_type", "quantity", "hours", "price_unit")
    def _compute_amount(self):
        for line in self:
            factor = line.hours if line.line_type == "labor" else line.quantity
            line.amount = (
                line.currency_id.round(factor * line.price_unit)
                if line.currency_id
                else (factor * line.price_unit)
            )

    @api.onchange("product_id")
    def _onchange_product_id(self):
        if self.product_id:
            self.name = self.product_id.display_name
            self.price_unit = self.product_id.lst_price

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        adjust = self.env._(
            "head office's review (a head-office warranty reviewer adjusts the approved amount "
            "of a submitted claim's line)"
        )
        res.update({"approved_amount": adjust, "approved_set": adjust})
        submit = self.env._("submitting the claim (the paid fitting found for the part)")
        res.update(dict.fromkeys(PAID_PART_STAMPS, submit))
        return res

    @api.model_create_multi
    def create(self, vals_list):
        claims = self.env["kia.warranty.claim"].browse(
            [vals["claim_id"] for vals in vals_list if vals.get("claim_id")]
        )
        self._kia_check_editable(claims)
        return super().create(vals_list)

    def write(self, vals):
        if "approved_amount" in vals and (
            self.env.su or self.env.user.has_group("kia_warranty.group_hq_warranty_reviewer")
        ):
            # Head office's adjustment: a reviewer of another company, on a submitted claim.
            self.claim_id._kia_check_reviewer()
            if not self.env.su and any(
                state != "submitted" for state in self.claim_id.mapped("state")
            ):
                raise UserError(self.env._("Only submitted claims can be adjusted."))
            vals = dict(vals, approved_set=True)
            if set(vals) - {"approved_amount", "approved_set"}:
                self._kia_check_editable(self.claim_id)
            with self._kia_unlocked("approved_amount", "approved_set"):
                return super().write(vals)
        if set(vals) - {"approved_amount", "approved_set"}:
            self._kia_check_editable(self.claim_id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._kia_check_editable(self.claim_id)

    def _kia_check_editable(self, claims):
        if self.env.su:
            return
        locked = claims.filtered(lambda c: c.state not in ("draft", "returned"))
        if locked:
            raise UserError(
                self.env._(
                    "Claim %(name)s is no longer a draft: its lines cannot be changed.",
                    name=locked[0].name,
                )
            )

    def _kia_approved(self):
        self.ensure_one()
        return self.approved_amount if self.approved_set else self.amount
