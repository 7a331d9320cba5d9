from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

DEALER_TYPES = [
    ("hq", "Head Office"),
    ("dealer_4s", "Authorised 4S Dealer"),
    ("service_station", "Authorised Service Station"),
]


# A company's place in the network and its authorised scope, which head office decides.
SCOPE_FIELDS = ("kia_scope_mechanical", "kia_scope_body_paint", "kia_scope_warranty")
NETWORK_FIELDS = (
    "kia_dealer_type",
    "kia_dealer_code",
    "kia_region_id",
    "kia_hq_company_id",
    *SCOPE_FIELDS,
)


class ResCompany(models.Model):
    _name = "res.company"
    _inherit = ["res.company", "kia.protected.mixin"]

    kia_dealer_type = fields.Selection(
        DEALER_TYPES,
        string="Kia Network Role",
        index=True,
        help="Head office, a 4S dealer (sales, service, parts, information feedback) or a "
        "service station (service, parts, information feedback).",
    )
    kia_dealer_code = fields.Char(
        string="Dealer Code", index=True, copy=False, help="Code head office gives the dealer."
    )
    kia_region_id = fields.Many2one("kia.region", string="Region", index=True)
    kia_hq_company_id = fields.Many2one(
        "res.company",
        string="Kia Head Office",
        domain=[("kia_dealer_type", "=", "hq")],
        help="The head-office company this dealer reports to. A separate legal entity, so not "
        "Odoo's branch parent, which would share the head office's books.",
    )

    kia_scope_mechanical = fields.Boolean(
        string="Authorised: Mechanical",
        default=True,
        help="Head office authorises the outlet for mechanical repair and maintenance.",
    )
    kia_scope_body_paint = fields.Boolean(
        string="Authorised: Body & Paint",
        default=True,
        help="Head office authorises the outlet for body and paint work.",
    )
    kia_scope_warranty = fields.Boolean(
        string="Authorised: Warranty",
        default=True,
        help="Head office authorises the outlet for warranty and campaign work and claims.",
    )

    _sql_constraints = [
        (
            "kia_dealer_code_uniq",
            "unique(kia_dealer_code)",
            "A dealer code can belong to one company only.",
        ),
    ]

    @api.constrains("kia_dealer_code", "kia_dealer_type", "kia_hq_company_id")
    def _check_kia_dealer(self):
        for company in self:
            if company.kia_dealer_type in ("dealer_4s", "service_station") and not (
                company.kia_dealer_code
            ):
                raise ValidationError(
                    self.env._("Dealer %(name)s needs a dealer code.", name=company.name)
                )
            hq = company.kia_hq_company_id
            if hq and (hq == company or hq.kia_dealer_type != "hq"):
                raise ValidationError(
                    self.env._(
                        "The head office of %(name)s must be another company of type Head Office.",
                        name=company.name,
                    )
                )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res.update(dict.fromkeys(NETWORK_FIELDS, self.env._("head office's HQ Manager")))
        return res

    def _kia_locked_fields(self, fnames):
        # Head office's managers set every company's place in the network; a dealer's own
        # administrator manages its company but cannot make it head office or another dealer.
        if self.env.user.has_group("kia_base.group_hq_manager"):
            return []
        return super()._kia_locked_fields(fnames)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("kia_dealer_code"):
                vals["kia_dealer_code"] = vals["kia_dealer_code"].strip().upper()
        self._check_dealer_code_free(
            [v["kia_dealer_code"] for v in vals_list if v.get("kia_dealer_code")]
        )
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("kia_dealer_code"):
            vals["kia_dealer_code"] = vals["kia_dealer_code"].strip().upper()
            if len(self) > 1:
                raise ValidationError(self.env._("Each dealer needs a dealer code of its own."))
            self._check_dealer_code_free([vals["kia_dealer_code"]], exclude=self)
        return super().write(vals)

    @api.model
    def _check_dealer_code_free(self, codes, exclude=None):
        """Refuse a dealer code another company holds, with a clear message rather than the
        database's unique-constraint error."""
        if len(set(codes)) < len(codes):
            raise ValidationError(self.env._("Each dealer needs a dealer code of its own."))
        if not codes:
            return
        domain = [("kia_dealer_code", "in", codes)]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        # sudo: the code must be unique across the network, including companies the current
        # user cannot read.
        other = self.sudo().with_context(active_test=False).search(domain, limit=1)
        if other:
            raise ValidationError(
                self.env._(
                    "Dealer code %(code)s is already used by %(other)s.",
                    code=other.kia_dealer_code,
                    other=other.name,
                )
            )

    def _kia_check_scope(self, scope, what):
        """Refuse ``what`` (a translated description) at a Kia outlet that is not authorised
        for ``scope``: "sales" (a 4S dealer's: PDI, sales handover), "mechanical",
        "body_paint" or "warranty". Companies outside the Kia network meet no Kia rule."""
        # sudo: the outlet's type and scope are head office's data, also of an outlet the
        # user cannot read (the selling dealer of a vehicle).
        for company in self.sudo():
            if company.kia_dealer_type not in ("dealer_4s", "service_station"):
                continue
            if scope == "sales":
                allowed = company.kia_dealer_type == "dealer_4s"
            else:
                allowed = company[f"kia_scope_{scope}"]
            if not allowed:
                raise ValidationError(
                    self.env._(
                        "%(company)s is not authorised for %(what)s: head office decides an "
                        "outlet's type and scope.",
                        company=company.name,
                        what=what,
                    )
                )

    def _kia_add_working_days(self, start, days):
        """End of the ``days``-th working day from ``start`` on the company's working
        calendar (public holidays included), calendar days when it has none."""
        self.ensure_one()
        calendar = self.resource_calendar_id
        end = calendar.plan_days(days, start, compute_leaves=True) if calendar else False
        return end or start + timedelta(days=days)

    def _kia_vat(self, use, rate=None, or_default=False):
        """The company's VAT of ``use`` ("sale" or "purchase") on a Kia money document: its
        chart's default tax of that use (l10n_cn: 13 %), or its tax of that use at ``rate`` when
        the document needs another rate (a service at 6 %, or the rate of the other company's
        document it mirrors); with ``or_default``, the default tax when it has none at that
        rate. A company without one cannot book the document: a clear error, nothing written."""
        self.ensure_one()
        Tax = self.env["account.tax"]
        default = self.account_sale_tax_id if use == "sale" else self.account_purchase_tax_id
        tax = default
        if rate is not None and default.amount != rate:
            tax = Tax.search(
                [
                    *Tax._check_company_domain(self),
                    ("type_tax_use", "=", use),
                    ("amount_type", "=", "percent"),
                    ("amount", "=", rate),
                ],
                limit=1,
            )
            if not tax and or_default:
                tax = default
        if not tax:
            raise UserError(
                self.env._(
                    "%(company)s has no %(use)s VAT of %(rate)s in its chart of accounts: "
                    "install its Chinese chart (l10n_cn) or set its default taxes.",
                    company=self.name,
                    use=self.env._("sales") if use == "sale" else self.env._("purchase"),
                    rate=f"{rate:g}%" if rate is not None else self.env._("the default rate"),
                )
            )
        return tax
