from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

PART_CATEGORIES = [
    ("maintenance", "Maintenance"),
    ("repair", "Repair"),
    ("accessory", "Accessory"),
    ("body", "Body"),
    ("ev", "EV"),
]
ABC_CLASSES = [("a", "A"), ("b", "B"), ("c", "C")]


class ProductTemplate(models.Model):
    _inherit = "product.template"
    _sql_constraints = [
        (
            "kia_part_number_uniq",
            "unique(kia_part_number)",
            "A Kia part number belongs to one product only.",
        ),
    ]

    kia_part_number = fields.Char(
        index="trigram",
        copy=False,
        help="Head office's part number, shared by the whole dealer network.",
    )
    kia_part_category = fields.Selection(PART_CATEGORIES, string="Part Category", index=True)
    kia_successor_id = fields.Many2one(
        "product.template",
        string="Superseded By",
        index="btree_not_null",
        domain=[("kia_part_number", "!=", False)],
        help="The part number that replaces this one: ordering this part orders its successor.",
    )
    kia_abc_class = fields.Selection(
        ABC_CLASSES,
        string="ABC Class",
        index=True,
        readonly=True,
        copy=False,
        help="From the last 12 months of usage value across the network; recomputed daily.",
    )
    kia_hq_list_price = fields.Float(
        string="HQ List Price", digits="Product Price", help="Retail price head office lists."
    )
    kia_dealer_price = fields.Float(
        string="Dealer Price", digits="Product Price", help="Price head office charges dealers."
    )

    @api.constrains("kia_part_number", "company_id")
    def _check_kia_part_shared(self):
        for template in self:
            if template.kia_part_number and template.company_id:
                raise ValidationError(
                    self.env._(
                        "Kia part %(number)s is shared by the whole network: it cannot belong "
                        "to one company.",
                        number=template.kia_part_number,
                    )
                )

    @api.constrains("kia_successor_id")
    def _check_kia_successor(self):
        for template in self:
            seen = template
            successor = template.kia_successor_id
            while successor:
                if successor in seen:
                    raise ValidationError(
                        self.env._(
                            "Part %(number)s cannot be superseded by itself, directly or "
                            "through a chain.",
                            number=template.kia_part_number or template.name,
                        )
                    )
                seen |= successor
                successor = successor.kia_successor_id

    @api.model_create_multi
    def create(self, vals_list):
        category = self.env.ref("kia_parts.product_category_kia_parts", raise_if_not_found=False)
        generic = self.env.ref("product.product_category_all", raise_if_not_found=False)
        for vals in vals_list:
            if vals.get("kia_part_number"):
                vals["kia_part_number"] = vals["kia_part_number"].strip().upper()
                if category and vals.get("categ_id") in (None, False, generic.id if generic else 0):
                    # a Kia part left in the generic category is valued in the Kia Parts one
                    vals["categ_id"] = category.id
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("kia_part_number"):
            vals["kia_part_number"] = vals["kia_part_number"].strip().upper()
        return super().write(vals)

    def _kia_final_successor(self):
        """The part to order in place of this one: the end of its supersession chain."""
        self.ensure_one()
        template = self
        while template.kia_successor_id:
            template = template.kia_successor_id
        return template

    @api.model
    def _cron_kia_compute_abc(self):
        """ABC class of every Kia part from its usage value (quantity issued out of stock times
        dealer price) over the last 12 months, network wide: one UPDATE for all parts."""
        hq = self.env["res.company"].search([("kia_dealer_type", "=", "hq")], limit=1)
        company = hq or self.env.company
        self.env["stock.move"].flush_model()
        self.flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH usage AS (
                    SELECT pt.id AS tmpl_id,
                           COALESCE(SUM(sm.product_qty), 0) * MAX(pt.kia_dealer_price) AS value
                      FROM product_template pt
                      JOIN product_product pp ON pp.product_tmpl_id = pt.id
                      LEFT JOIN stock_move sm
                             ON sm.product_id = pp.id
                            AND sm.state = 'done'
                            AND sm.date >= NOW() - INTERVAL '12 months'
                            AND sm.location_id IN (
                                SELECT id FROM stock_location WHERE usage = 'internal')
                            AND sm.location_dest_id IN (
                                SELECT id FROM stock_location
                                 WHERE usage IN ('customer', 'production'))
                     WHERE pt.kia_part_number IS NOT NULL
                     GROUP BY pt.id
                ), ranked AS (
                    SELECT tmpl_id, value,
                           (SUM(value) OVER (ORDER BY value DESC, tmpl_id
                                             ROWS UNBOUNDED PRECEDING) - value)
                           / NULLIF(SUM(value) OVER (), 0) * 100 AS before_pct
                      FROM usage
                )
                UPDATE product_template pt
                   SET kia_abc_class = CASE
                           WHEN r.value > 0 AND r.before_pct < %(a)s THEN 'a'
                           WHEN r.value > 0 AND r.before_pct < %(b)s THEN 'b'
                           ELSE 'c' END
                  FROM ranked r
                 WHERE r.tmpl_id = pt.id
                """,
                a=company.kia_parts_abc_a_pct,
                b=company.kia_parts_abc_b_pct,
            )
        )
        self.invalidate_model(["kia_abc_class"])
        return True
