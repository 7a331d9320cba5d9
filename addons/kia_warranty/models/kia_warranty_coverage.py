from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.kia_base.models.fleet_vehicle import USE_TYPES

COVERAGE_CATEGORIES = [
    ("vehicle", "Whole Vehicle"),
    ("powertrain", "Powertrain"),
    ("ev_battery", "EV High-Voltage Battery"),
    ("corrosion", "Corrosion"),
    ("paid_parts", "Paid Genuine Parts"),
    ("wear", "Wear Items"),
]


class KiaWarrantyCoverage(models.Model):
    _name = "kia.warranty.coverage"
    _description = "Warranty Coverage"
    _inherit = ["mail.thread", "kia.hq.owned.mixin"]
    _order = "category, date_from desc, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    category = fields.Selection(
        COVERAGE_CATEGORIES, required=True, default="vehicle", index=True, tracking=True
    )
    months = fields.Integer(required=True, tracking=True, help="Months from the sale date.")
    km = fields.Integer(
        string="Mileage (km)", required=True, tracking=True, help="Whichever comes first."
    )
    excluded = fields.Boolean(
        string="Not Covered",
        tracking=True,
        help="Parts of this category are not covered (wear items): claims on them are refused.",
    )
    date_from = fields.Date(
        string="For Vehicles Sold From",
        required=True,
        default=lambda self: fields.Date.to_date("2000-01-01"),
        tracking=True,
        help="The policy applies to vehicles sold on or after this date, until a newer policy "
        "for the same category starts.",
    )
    model_ids = fields.Many2many(
        "fleet.vehicle.model", string="Models", help="Leave empty for every model."
    )
    use_type = fields.Selection(USE_TYPES, help="Leave empty for every use type.")
    product_categ_ids = fields.Many2many(
        "product.category",
        string="Part Categories",
        help="Parts of these categories fall under this coverage. Parts of no category listed "
        "on any policy fall under the whole-vehicle coverage.",
    )
    note = fields.Text()

    def _kia_hq_owned(self):
        # Kia's network catalogue: no record belongs to a dealer.
        return self

    def _kia_hq_groups(self):
        return ("kia_base.group_hq_manager", "kia_warranty.group_hq_warranty_reviewer")

    @api.constrains("category", "months", "km", "excluded")
    def _check_legal_floor(self):
        company = self.env.company.kia_hq_company_id or self.env.company
        for coverage in self:
            if coverage.months < 0 or coverage.km < 0:
                raise ValidationError(self.env._("Warranty months and mileage cannot be negative."))
            # The 包修期 floor protects household vehicles (家用汽车产品): private use or all uses.
            if (
                coverage.category != "vehicle"
                or coverage.excluded
                or coverage.use_type not in (False, "private")
            ):
                continue
            if (
                coverage.months < company.kia_wty_legal_months
                or coverage.km < company.kia_wty_legal_km
            ):
                raise ValidationError(
                    self.env._(
                        "Policy %(name)s is below the legal warranty floor of %(months)s months "
                        "/ %(km)s km (包修期).",
                        name=coverage.name,
                        months=company.kia_wty_legal_months,
                        km=company.kia_wty_legal_km,
                    )
                )

    @api.model
    def _kia_policy_for_identities(self, identities):
        """{kia.vehicle: {category: coverage}}: the policies of network vehicles."""
        return self._kia_policy_for(identities, "warranty_start", "use_type")

    def _kia_policy_for(self, vehicles, date_field="kia_sale_date", use_field="kia_use_type"):
        """{vehicle: {category: coverage}} for many vehicles with one query: the most specific
        policy (model, then use type, then the latest start) in force at each sale date."""
        coverages = self.search([])
        result = {}
        for vehicle in vehicles:
            by_category = {}
            sale_date = vehicle[date_field]
            for coverage in coverages:
                if sale_date and coverage.date_from > sale_date:
                    continue
                if coverage.model_ids and vehicle.model_id not in coverage.model_ids:
                    continue
                if coverage.use_type and coverage.use_type != vehicle[use_field]:
                    continue
                key = (bool(coverage.model_ids), bool(coverage.use_type), coverage.date_from)
                best = by_category.get(coverage.category)
                if not best or key > best[0]:
                    by_category[coverage.category] = (key, coverage)
            result[vehicle] = {cat: value[1] for cat, value in by_category.items()}
        return result

    @api.model
    def _kia_category_of(self, products):
        """{product: category} from the part categories the policies list (default vehicle)."""
        mapping = {}
        for coverage in self.search([("product_categ_ids", "!=", False)]):
            for categ in coverage.product_categ_ids:
                mapping.setdefault(categ, coverage.category)
        result = {}
        for product in products:
            categ = product.categ_id
            category = "vehicle"
            while categ:
                if categ in mapping:
                    category = mapping[categ]
                    break
                categ = categ.parent_id
            result[product] = category
        return result

    def _kia_end_date(self, sale_date):
        self.ensure_one()
        return sale_date + relativedelta(months=self.months) if sale_date else False

    def _kia_covers(self, sale_date, on_date, odometer):
        """True when this coverage still runs at that date and mileage."""
        self.ensure_one()
        if self.excluded or not sale_date:
            return False
        return on_date <= self._kia_end_date(sale_date) and (odometer or 0) <= self.km
