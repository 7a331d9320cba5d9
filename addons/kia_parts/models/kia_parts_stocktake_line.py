from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError


class KiaPartsStocktakeLine(models.Model):
    _name = "kia.parts.stocktake.line"
    _description = "Parts Stocktaking Line"
    _inherit = ["kia.protected.mixin"]
    _order = "stocktake_id, location_id, product_id"
    _check_company_auto = True

    stocktake_id = fields.Many2one(
        "kia.parts.stocktake", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(
        related="stocktake_id.company_id", store=True, index=True, precompute=True
    )
    product_id = fields.Many2one(
        "product.product", string="Part", required=True, check_company=True, index=True
    )
    part_category = fields.Selection(related="product_id.kia_part_category")
    location_id = fields.Many2one("stock.location", string="Bin", required=True, check_company=True)
    theoretical_qty = fields.Float(
        string="Book Quantity", digits="Product Unit of Measure", readonly=True
    )
    counted_qty = fields.Float(string="Counted Quantity", digits="Product Unit of Measure")
    count_state = fields.Selection(
        [("to_count", "Not Counted"), ("counted", "Counted"), ("skipped", "Skipped")],
        string="Count",
        default="to_count",
        required=True,
        readonly=True,
        index=True,
        help="A line not counted is not zero: it blocks the submission until it is counted, or "
        "skipped with a reason (a skipped line leaves its stock at the book quantity).",
    )
    variance_qty = fields.Float(
        compute="_compute_variance", store=True, digits="Product Unit of Measure"
    )
    variance_value = fields.Float(compute="_compute_variance", store=True, digits="Product Price")
    over_tolerance = fields.Boolean(compute="_compute_variance", store=True, index=True)
    reason = fields.Char(string="Variance Reason")

    @api.depends("counted_qty", "theoretical_qty", "product_id", "count_state")
    def _compute_variance(self):
        tolerances = self.env["kia.parts.variance.tolerance"]._kia_tolerances(self.company_id)
        for line in self:
            if line.count_state != "counted":
                # Not counted (or skipped) is no variance: the book quantity stands.
                line.variance_qty = line.variance_value = 0.0
                line.over_tolerance = False
                continue
            line.variance_qty = line.counted_qty - line.theoretical_qty
            line.variance_value = line.variance_qty * line.product_id.standard_price
            company = line.company_id
            pct = tolerances.get(company.id, {}).get(
                line.product_id.kia_part_category, company.kia_parts_variance_tolerance
            )
            allowed = abs(line.theoretical_qty) * pct / 100.0
            line.over_tolerance = abs(line.variance_qty) > allowed + 1e-9

    @api.constrains("counted_qty", "theoretical_qty")
    def _check_counted_qty(self):
        for line in self:
            if line.counted_qty < 0:
                raise ValidationError(
                    self.env._(
                        "Count of %(part)s cannot be negative.", part=line.product_id.display_name
                    )
                )
            limit = max(line.theoretical_qty, 1.0) * line.company_id.kia_parts_max_count_factor
            if line.counted_qty > limit:
                raise ValidationError(
                    self.env._(
                        "Count of %(part)s (%(qty)s) is not plausible against a book quantity of "
                        "%(book)s: check it.",
                        part=line.product_id.display_name,
                        qty=line.counted_qty,
                        book=line.theoretical_qty,
                    )
                )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        start = self.env._("the Start button of the stocktaking (the book quantity)")
        counted = self.env._("the counted quantity")
        res.update(
            {
                "theoretical_qty": start,
                "variance_qty": counted,
                "variance_value": counted,
                "over_tolerance": counted,
                "count_state": self.env._("entering the counted quantity or the Skip button"),
            }
        )
        return res

    def _kia_check_counting(self, stocktakes):
        """Lines are counted while their stocktaking is being counted; after it is submitted
        they are what the parts manager approves, and they change no more."""
        if self.env.su:
            return
        closed = stocktakes.filtered(lambda stocktake: stocktake.state != "counting")
        if closed:
            raise AccessError(
                self.env._(
                    "Stocktaking %(name)s is not being counted: its count lines do not change.",
                    name=closed[0].name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._kia_check_counting(
            self.env["kia.parts.stocktake"].browse(
                {vals["stocktake_id"] for vals in vals_list if vals.get("stocktake_id")}
            )
        )
        for vals in vals_list:
            if "counted_qty" in vals and "count_state" not in vals:
                vals["count_state"] = "counted"
        with self._kia_unlocked("count_state"):
            return super().create(vals_list)

    def write(self, vals):
        self._kia_check_counting(self.stocktake_id)
        moved = [
            name
            for name in ("stocktake_id", "product_id", "location_id")
            if name in vals and not self._kia_same_value(name, vals[name])
        ]
        if moved and not self.env.su:
            raise AccessError(
                self.env._(
                    "A count line keeps its part and bin: add a line for another part or bin."
                )
            )
        if "counted_qty" in vals and "count_state" not in vals:
            # Entering a quantity, even 0, is counting the line.
            with self._kia_unlocked("count_state"):
                return super().write(dict(vals, count_state="counted"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_counted(self):
        self._kia_check_counting(self.stocktake_id)

    def action_count_as_book(self):
        """Take the book quantity as counted, for lines the counter confirms unchanged."""
        for line in self:
            line.counted_qty = line.theoretical_qty
        return True

    def action_skip(self, reason=None):
        """Leave lines out of this count on purpose (bin not reachable...), with a reason: their
        stock stays at the book quantity."""
        self._kia_require_groups("kia_parts.group_parts_clerk", action=self.env._("skip"))
        self._kia_check_counting(self.stocktake_id)
        reason = (reason or "").strip()
        if reason:
            self.write({"reason": reason})
        missing = self.filtered(lambda line: not (line.reason or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Say why %(part)s is not counted (the Variance Reason).",
                    part=missing[0].product_id.display_name,
                )
            )
        with self._kia_unlocked("count_state"):
            self.write({"count_state": "skipped"})
        return True
