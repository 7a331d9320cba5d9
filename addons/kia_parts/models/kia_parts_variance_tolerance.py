from odoo import fields, models

from .product_template import PART_CATEGORIES


class KiaPartsVarianceTolerance(models.Model):
    _name = "kia.parts.variance.tolerance"
    _description = "Stocktaking Variance Tolerance per Part Category"
    _order = "company_id, part_category"
    _check_company_auto = True
    _sql_constraints = [
        (
            "category_company_uniq",
            "unique(company_id, part_category)",
            "One tolerance per part category and dealer.",
        ),
        ("tolerance_positive", "CHECK(tolerance_pct >= 0)", "A tolerance cannot be negative."),
    ]

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    part_category = fields.Selection(PART_CATEGORIES, required=True)
    tolerance_pct = fields.Float(
        string="Tolerance (%)",
        required=True,
        help="A count differing from the book by more than this share of the book quantity "
        "needs the parts manager's approval.",
    )
