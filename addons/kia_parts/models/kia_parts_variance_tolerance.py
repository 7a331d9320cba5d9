from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .product_template import PART_CATEGORIES


class KiaPartsVarianceTolerance(models.Model):
    """Count variance tolerance per part category. Head office's records (no company) hold for
    the whole network and only head office changes them; a dealer may keep a stricter one of
    its own."""

    _name = "kia.parts.variance.tolerance"
    _inherit = ["kia.hq.owned.mixin"]
    _description = "Stocktaking Variance Tolerance per Part Category"
    _order = "company_id, part_category"
    _check_company_auto = True
    _sql_constraints = [
        (
            "category_company_uniq",
            "unique NULLS NOT DISTINCT (company_id, part_category)",
            "One tolerance per part category and dealer.",
        ),
        ("tolerance_positive", "CHECK(tolerance_pct >= 0)", "A tolerance cannot be negative."),
    ]

    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Empty: head office's tolerance for the whole network.",
    )
    part_category = fields.Selection(PART_CATEGORIES, required=True)
    tolerance_pct = fields.Float(
        string="Tolerance (%)",
        required=True,
        help="A count differing from the book by more than this share of the book quantity "
        "needs the parts manager's approval.",
    )

    def _kia_hq_groups(self):
        return ("kia_base.group_hq_manager", "kia_parts.group_hq_parts_officer")

    @api.constrains("tolerance_pct", "company_id", "part_category")
    def _check_within_network_tolerance(self):
        # sudo: head office's network tolerances bound every dealer's, whoever reads them
        network = dict(
            self.sudo()._read_group(
                [("company_id", "=", False)], ["part_category"], ["tolerance_pct:min"]
            )
        )
        for tolerance in self.filtered(lambda t: t.company_id and not t._kia_hq_owned()):
            limit = network.get(tolerance.part_category)
            if limit is not None and tolerance.tolerance_pct > limit:
                raise ValidationError(
                    self.env._(
                        "Head office's tolerance for %(category)s parts is %(limit)s %%: a "
                        "dealer's own tolerance may only be stricter.",
                        category=dict(
                            self._fields["part_category"]._description_selection(self.env)
                        )[tolerance.part_category],
                        limit=limit,
                    )
                )

    @api.model
    def _kia_tolerances(self, companies):
        """{company id: {part category: tolerance %}}: the dealer's own tolerance, else head
        office's network tolerance (the company's default tolerance applies to the rest)."""
        # sudo: the tolerances decide a count's approval whoever counts; read only
        groups = self.sudo()._read_group(
            [("company_id", "in", [False, *companies.ids])],
            ["company_id", "part_category"],
            ["tolerance_pct:max"],
        )
        network = {category: pct for company, category, pct in groups if not company}
        result = {}
        for company in companies:
            result[company.id] = dict(network)
            result[company.id].update(
                {category: pct for owner, category, pct in groups if owner == company}
            )
        return result
