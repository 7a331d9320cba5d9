from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KiaPartsStocktakeLine(models.Model):
    _name = "kia.parts.stocktake.line"
    _description = "Parts Stocktaking Line"
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
        tolerances = {}
        for company in self.company_id:
            tolerances[company.id] = dict(
                self.env["kia.parts.variance.tolerance"]._read_group(
                    [("company_id", "=", company.id)], ["part_category"], ["tolerance_pct:max"]
                )
            )
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

    def action_count_as_book(self):
        """Take the book quantity as counted, for lines the counter confirms unchanged."""
        for line in self:
            line.counted_qty = line.theoretical_qty
        return True
