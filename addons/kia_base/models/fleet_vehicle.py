import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# ISO 3779 / GB 16735 check digit (position 9): letters transliterate to digits, I, O, Q never
# appear, each position has a weight, the remainder 10 is written X.
_VIN_VALUES = dict(
    zip(
        "ABCDEFGHJKLMNPRSTUVWXYZ",
        [1, 2, 3, 4, 5, 6, 7, 8, 1, 2, 3, 4, 5, 7, 9, 2, 3, 4, 5, 6, 7, 8, 9],
        strict=True,
    ),
    **{str(d): d for d in range(10)},
)
_VIN_WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2]
_VIN_RE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")

# Mainland China plates: province character, issuing-office letter, then five characters
# (fuel cars) or six (new-energy, green plates); trailer/coach/police suffixes allowed.
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE_RE = re.compile(
    rf"^[{_PROVINCES}][A-HJ-NP-Z](?:[A-HJ-NP-Z0-9]{{5}}|[A-HJ-NP-Z0-9]{{6}}|[A-HJ-NP-Z0-9]{{4}}[挂学警])$"
)

USE_TYPES = [
    ("private", "Private"),
    ("taxi", "Taxi / Ride-hailing"),
    ("rental", "Rental"),
    ("company", "Company Car"),
]

# fleet.vehicle field -> kia.vehicle field: the facts of a VIN shared by the whole network.
NETWORK_FIELDS = {
    "kia_engine_no": "engine_no",
    "kia_sale_date": "sale_date",
    "kia_selling_company_id": "selling_company_id",
    "kia_use_type": "use_type",
}
# Copied from the dealer's file when the identity is made, then head office's.
IDENTITY_COPY_FIELDS = {"model_id": "model_id", "model_year": "model_year"}


def vin_check_digit(vin):
    """The check digit a 17-character VIN must carry at position 9 ('0'-'9' or 'X')."""
    total = sum(_VIN_VALUES[char] * weight for char, weight in zip(vin, _VIN_WEIGHTS, strict=True))
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def normalize_code(value):
    """Upper case without spaces: VINs and plates are typed in every way at reception."""
    return re.sub(r"\s+", "", value).upper() if value else value


class FleetVehicle(models.Model):
    _inherit = "fleet.vehicle"

    vin_sn = fields.Char(string="VIN", index="trigram")
    license_plate = fields.Char(index="trigram")
    kia_vehicle_id = fields.Many2one(
        "kia.vehicle",
        string="Network Vehicle",
        index=True,
        readonly=True,
        ondelete="restrict",
        copy=False,
        help="The vehicle's identity in the Kia network (one per VIN, kept by head office), "
        "shared by every dealer that services it. Linked from the VIN.",
    )
    kia_engine_no = fields.Char(
        string="Engine Number",
        related="kia_vehicle_id.engine_no",
        store=True,
        readonly=False,
        tracking=True,
    )
    kia_owner_id = fields.Many2one(
        "res.partner",
        string="Owner",
        tracking=True,
        index=True,
        check_company=True,
        help="The customer who owns the vehicle.",
    )
    # The network facts below are head office's (kia.vehicle): a dealer's change is refused by
    # the identity's own guard, head office's change reaches every dealer's file.
    kia_use_type = fields.Selection(
        string="Use Type",
        related="kia_vehicle_id.use_type",
        store=True,
        readonly=False,
        tracking=True,
        help="Private, taxi/ride-hailing, rental or company use: warranty terms differ.",
    )
    kia_selling_company_id = fields.Many2one(
        "res.company",
        string="Selling Dealer",
        related="kia_vehicle_id.selling_company_id",
        store=True,
        readonly=False,
        tracking=True,
        help="The dealer that sold the vehicle new; it may be another dealer than this one.",
    )
    kia_sale_date = fields.Date(
        string="Sale Date",
        related="kia_vehicle_id.sale_date",
        store=True,
        readonly=False,
        tracking=True,
        help="Date on the purchase invoice: the warranty starts that day.",
    )

    kia_odometer_ids = fields.One2many(
        "fleet.vehicle.odometer", "vehicle_id", string="Odometer Readings"
    )

    _sql_constraints = [
        (
            "kia_vin_company_uniq",
            "unique(vin_sn, company_id)",
            "A dealer keeps one file per VIN.",
        ),
    ]

    @api.constrains("vin_sn", "company_id")
    def _check_vin_sn(self):
        for vehicle in self.filtered("vin_sn"):
            vin = vehicle.vin_sn
            if not _VIN_RE.match(vin):
                raise ValidationError(
                    self.env._(
                        "VIN %(vin)s is not valid: a VIN has 17 letters and digits, without I, O "
                        "or Q.",
                        vin=vin,
                    )
                )
            expected = vin_check_digit(vin)
            if vin[8] != expected:
                raise ValidationError(
                    self.env._(
                        "VIN %(vin)s is not valid: its check digit (9th character) should be "
                        "%(digit)s. Please check the VIN for a typing error.",
                        vin=vin,
                        digit=expected,
                    )
                )

    @api.constrains("license_plate")
    def _check_license_plate(self):
        for vehicle in self.filtered("license_plate"):
            if not _PLATE_RE.match(vehicle.license_plate):
                raise ValidationError(
                    self.env._(
                        "Licence plate %(plate)s is not a Chinese plate: a province character, "
                        "a letter, then five characters (six for new-energy vehicles), e.g. "
                        "沪A12345 or 沪AD12345.",
                        plate=vehicle.license_plate,
                    )
                )

    @api.onchange("kia_owner_id")
    def _onchange_kia_owner_id(self):
        if self.kia_owner_id and not self.driver_id:
            self.driver_id = self.kia_owner_id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._kia_check_selling_company(vals)
            self._normalize_kia_codes(vals)
            if vals.get("kia_owner_id") and not vals.get("driver_id"):
                vals["driver_id"] = vals["kia_owner_id"]
        self._check_vin_free(
            [
                (vals["vin_sn"], vals.get("company_id") or self.env.company.id)
                for vals in vals_list
                if vals.get("vin_sn")
            ]
        )
        identities = self.env["kia.vehicle"]._kia_identities_for(
            {vals["vin_sn"]: vals for vals in vals_list if vals.get("vin_sn")}
        )
        for vals in vals_list:
            if vals.get("vin_sn"):
                # The VIN's identity holds the network facts: never copied into the file.
                for fname in NETWORK_FIELDS:
                    vals.pop(fname, None)
                vals["kia_vehicle_id"] = identities[vals["vin_sn"]].id
        return super().create(vals_list)

    def write(self, vals):
        self._kia_check_selling_company(vals)
        self._normalize_kia_codes(vals)
        if not self.env.su and any(fname in vals for fname in NETWORK_FIELDS):
            # The network facts are the identity's: refused here, before the dealer's own
            # access rights, with head office's message; the same value passes (forms).
            changed = self.filtered(
                lambda vehicle: (
                    vehicle.kia_vehicle_id
                    and any(
                        vehicle._fields[fname].convert_to_cache(vals[fname], vehicle)
                        != vehicle._fields[fname].convert_to_cache(vehicle[fname], vehicle)
                        for fname in NETWORK_FIELDS
                        if fname in vals
                    )
                )
            )
            changed.kia_vehicle_id._kia_check_hq_owned()
            if not changed:
                vals = {key: value for key, value in vals.items() if key not in NETWORK_FIELDS}
        if vals.get("vin_sn") or vals.get("company_id"):
            self._check_vin_free(
                [
                    (vals.get("vin_sn") or v.vin_sn, vals.get("company_id") or v.company_id.id)
                    for v in self
                    if vals.get("vin_sn") or v.vin_sn
                ],
                exclude=self,
            )
        if vals.get("vin_sn"):
            identity = self.env["kia.vehicle"]._kia_identities_for({vals["vin_sn"]: {}})
            vals["kia_vehicle_id"] = identity[vals["vin_sn"]].id
        elif "vin_sn" in vals:
            vals["kia_vehicle_id"] = False
        return super().write(vals)

    @api.constrains("vin_sn", "kia_vehicle_id")
    def _check_kia_vehicle_id(self):
        for vehicle in self:
            if vehicle.vin_sn and vehicle.kia_vehicle_id.vin != vehicle.vin_sn:
                raise ValidationError(
                    self.env._(
                        "Vehicle %(vin)s must be linked to the network vehicle of its VIN.",
                        vin=vehicle.vin_sn,
                    )
                )

    @api.model
    def _kia_check_selling_company(self, vals):
        """Only a 4S dealer sells new vehicles and hands them over to service: a service
        station is refused as a vehicle's selling dealer (superuser code, such as imported
        history, may record what happened)."""
        if vals.get("kia_selling_company_id") and not self.env.su:
            self.env["res.company"].browse(vals["kia_selling_company_id"])._kia_check_scope(
                "sales", self.env._("selling new vehicles and their sales handover")
            )

    @api.model
    def _check_vin_free(self, vin_companies, exclude=None):
        """Refuse a VIN the dealer already has a file for, before the database's unique
        constraint would fail with a technical error."""
        if not vin_companies:
            return
        seen = set()
        for key in vin_companies:
            if key in seen:
                raise ValidationError(
                    self.env._("VIN %(vin)s appears twice in the same request.", vin=key[0])
                )
            seen.add(key)
        domain = [
            ("vin_sn", "in", [vin for vin, _company in vin_companies]),
            ("company_id", "in", [company for _vin, company in vin_companies]),
        ]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        # sudo: archived files and readings the user's own rules hide still hold the VIN.
        existing = self.sudo().with_context(active_test=False).search(domain)
        for vehicle in existing:
            if (vehicle.vin_sn, vehicle.company_id.id) in seen:
                raise ValidationError(
                    self.env._(
                        "VIN %(vin)s is already registered at %(company)s. Open that vehicle's "
                        "file instead of creating a second one.",
                        vin=vehicle.vin_sn,
                        company=vehicle.company_id.name or "-",
                    )
                )

    @api.model
    def _normalize_kia_codes(self, vals):
        for key in ("vin_sn", "license_plate", "kia_engine_no"):
            if vals.get(key):
                vals[key] = normalize_code(vals[key])
