from odoo import api, fields, models
from odoo.exceptions import ValidationError

# The rules head office checks and pays a dealer's claims by, and the legal floors: set for each
# dealer by head office (kia_base lets its HQ Managers write a company's protected fields).
HQ_POLICY_FIELDS = (
    "kia_wty_legal_months",
    "kia_wty_legal_km",
    "kia_wty_sanbao_legal_months",
    "kia_wty_sanbao_legal_km",
    "kia_wty_first_maint_months",
    "kia_wty_first_maint_km",
    "kia_wty_claim_deadline_days",
    "kia_wty_min_documents",
    "kia_wty_labor_rate",
    "kia_wty_return_days",
    "kia_wty_late_return_penalty",
    "kia_wty_clocked_tolerance",
)


class ResCompany(models.Model):
    _inherit = "res.company"

    kia_wty_legal_months = fields.Integer(
        string="Legal Warranty Floor (Months)",
        default=36,
        help="PRC 包修期 minimum: no whole-vehicle warranty policy may be shorter.",
    )
    kia_wty_legal_km = fields.Integer(
        string="Legal Warranty Floor (km)",
        default=60000,
        help="PRC 包修期 minimum mileage: no whole-vehicle warranty policy may be shorter.",
    )
    kia_wty_sanbao_legal_months = fields.Integer(
        string="Legal Three Guarantees Floor (Months)",
        default=24,
        help="PRC 三包有效期 minimum: the company's three guarantees period may not be shorter.",
    )
    kia_wty_sanbao_legal_km = fields.Integer(
        string="Legal Three Guarantees Floor (km)",
        default=50000,
        help="PRC 三包有效期 minimum mileage.",
    )
    kia_wty_sanbao_months = fields.Integer(
        string="Three Guarantees Period (Months)",
        default=24,
        help="三包有效期: at least 24 months by law.",
    )
    kia_wty_sanbao_km = fields.Integer(
        string="Three Guarantees Period (km)",
        default=50000,
        help="三包有效期 mileage: at least 50,000 km by law.",
    )
    kia_wty_sanbao_early_days = fields.Integer(
        string="Early Period (Days)",
        default=60,
        help="Serious faults within this many days of sale entitle the customer to a "
        "replacement or refund.",
    )
    kia_wty_sanbao_early_km = fields.Integer(string="Early Period (km)", default=3000)
    kia_wty_sanbao_max_days = fields.Integer(
        string="Cumulative Repair Days Limit",
        default=35,
        help="Cumulative repair days within the three guarantees period above which the "
        "customer may ask for a replacement.",
    )
    kia_wty_sanbao_max_repeats = fields.Integer(
        string="Repeat Repairs Limit",
        default=5,
        help="Repairs of the same quality problem above which the customer may ask for a "
        "replacement.",
    )
    kia_wty_sanbao_alert_margin = fields.Integer(
        string="Alert Margin",
        default=5,
        help="The service manager is alerted this many days (or repairs, for repeat repairs) "
        "before a three guarantees limit is reached.",
    )
    kia_wty_long_repair_days = fields.Integer(
        string="Long Repair (Days)",
        default=5,
        help="A repair lasting longer entitles the customer to a replacement vehicle or "
        "transport costs.",
    )
    kia_wty_first_maint_months = fields.Integer(
        string="First Free Maintenance Window (Months)", default=6
    )
    kia_wty_first_maint_km = fields.Integer(
        string="First Free Maintenance Window (km)", default=5000
    )
    kia_wty_claim_deadline_days = fields.Integer(
        string="Claim Submission Deadline (Days)",
        default=8,
        help="A claim must be submitted within this many days after the repair is completed.",
    )
    kia_wty_min_documents = fields.Integer(
        string="Required Documents",
        default=1,
        help="Number of documents or photos a claim must carry before it is submitted.",
    )
    kia_wty_labor_rate = fields.Monetary(
        string="Warranty Labour Rate",
        default=120.0,
        currency_field="currency_id",
        help="Hourly labour rate head office pays on claims.",
    )
    kia_wty_retention_days = fields.Integer(
        string="Old Part Retention (Days)",
        default=90,
        help="Old parts are kept at the dealer this long after the claim is submitted.",
    )
    kia_wty_return_days = fields.Integer(
        string="Old Part Return Deadline (Days)",
        default=15,
        help="Days the dealer has to ship old parts once head office asks for them.",
    )
    kia_wty_late_return_penalty = fields.Monetary(
        string="Late Old-Part Return Penalty",
        default=200.0,
        currency_field="currency_id",
        help="Taken from the dealer's parts guarantee deposit for each old part shipped after "
        "its return deadline (or still not shipped after it), once per part.",
    )

    kia_wty_clocked_tolerance = fields.Float(
        string="Clocked Hours Tolerance (%)",
        default=20.0,
        help="A claimed labour line passes its pre-check when the hours the technicians clocked "
        "are within this percentage of the labour catalog's standard hours.",
    )
    kia_wty_sanbao_major_replacements = fields.Integer(
        string="Main Part Replacements Limit",
        default=2,
        help="Replacements of the same engine, gearbox or traction battery main part within the "
        "three guarantees period after which a customer whose car still does not work may ask "
        "for a replacement or a return.",
    )
    kia_wty_sanbao_serious_repairs = fields.Integer(
        string="Serious Safety Fault Repairs Limit",
        default=2,
        help="Repairs of serious safety faults within the three guarantees period after which a "
        "customer whose fault is still present may ask for a replacement or a return.",
    )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res.update(
            dict.fromkeys(
                HQ_POLICY_FIELDS, self.env._("head office's HQ Manager, in the warranty Settings")
            )
        )
        return res

    @api.constrains(
        "kia_wty_sanbao_months",
        "kia_wty_sanbao_km",
        "kia_wty_legal_months",
        "kia_wty_legal_km",
        "kia_wty_sanbao_legal_months",
        "kia_wty_sanbao_legal_km",
    )
    def _check_kia_wty_sanbao(self):
        for company in self:
            if (
                company.kia_wty_sanbao_months < company.kia_wty_sanbao_legal_months
                or company.kia_wty_sanbao_km < company.kia_wty_sanbao_legal_km
            ):
                raise ValidationError(
                    self.env._(
                        "The three guarantees period of %(name)s is below the legal floor of "
                        "%(months)s months / %(km)s km (三包有效期).",
                        name=company.name,
                        months=company.kia_wty_sanbao_legal_months,
                        km=company.kia_wty_sanbao_legal_km,
                    )
                )
