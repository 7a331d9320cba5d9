from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError


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
    variance_qty = fields.Float(
        compute="_compute_variance", store=True, digits="Product Unit of Measure"
    )
    variance_value = fields.Float(compute="_compute_variance", store=True, digits="Product Price")
    over_tolerance = fields.Boolean(compute="_compute_variance", store=True, index=True)
    reason = fields.Char(string="Variance Reason")

    @api.depends("counted_qty", "theoretical_qty", "product_id")
    def _compute_variance(self):
        tolerances = self.env["kia.parts.variance.tolerance"]._kia_tolerances(self.company_id)
        for line in self:
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
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_counted(self):
        self._kia_check_counting(self.stocktake_id)

    def action_count_as_book(self):
        """Take the book quantity as counted, for lines the counter confirms unchanged."""
        for line in self:
            line.counted_qty = line.theoretical_qty
        return True
