import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

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
    ("company", "Company"),
]


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
    kia_engine_no = fields.Char(string="Engine Number", tracking=True, copy=False)
    kia_owner_id = fields.Many2one(
        "res.partner",
        string="Owner",
        tracking=True,
        index=True,
        check_company=True,
        help="The customer who owns the vehicle.",
    )
    kia_use_type = fields.Selection(
        USE_TYPES,
        string="Use Type",
        default="private",
        tracking=True,
        help="Private, taxi/ride-hailing, rental or company use: warranty terms differ.",
    )
    kia_selling_company_id = fields.Many2one(
        "res.company",
        string="Selling Dealer",
        tracking=True,
        help="The dealer that sold the vehicle new; it may be another dealer than this one.",
    )
    kia_sale_date = fields.Date(
        string="Sale Date",
        tracking=True,
        help="Date on the purchase invoice: the warranty starts that day.",
    )

    kia_repair_ids = fields.One2many("repair.order", "vehicle_id", string="Repair Orders")
    kia_repair_count = fields.Integer(compute="_compute_kia_repair_count", string="Repairs")
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

    def _compute_kia_repair_count(self):
        counts = dict(
            self.env["repair.order"]._read_group(
                [("vehicle_id", "in", self.ids)], ["vehicle_id"], ["__count"]
            )
        )
        for vehicle in self:
            vehicle.kia_repair_count = counts.get(vehicle, 0)

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
        return super().create(vals_list)

    def write(self, vals):
        self._normalize_kia_codes(vals)
        if vals.get("vin_sn") or vals.get("company_id"):
            self._check_vin_free(
                [
                    (vals.get("vin_sn") or v.vin_sn, vals.get("company_id") or v.company_id.id)
                    for v in self
                    if vals.get("vin_sn") or v.vin_sn
                ],
                exclude=self,
            )
        return super().write(vals)

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

    def action_view_kia_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("repair.action_repair_order_tree")
        action["domain"] = [("vehicle_id", "=", self.id)]
        action["context"] = {
            "default_vehicle_id": self.id,
            "default_partner_id": self.kia_owner_id.id,
        }
        return action

    # --- Roadside rescue (issue 4) ------------------------------------------------------
    kia_is_service_car = fields.Boolean(
        string="Service Car",
        index=True,
        help="One of the dealer's own cars used for roadside rescue and outside service.",
    )

    # --- Customer care (issue 9): maintenance due, lapsed customers, care calls ---
    kia_care_last_service_date = fields.Date(
        string="Last Service",
        compute="_compute_kia_care_due",
        store=True,
        help="Date of the last finished repair order, or the sale date for a new vehicle.",
    )
    kia_care_last_service_km = fields.Float(
        string="Odometer at Last Service", compute="_compute_kia_care_due", store=True
    )
    kia_care_daily_km = fields.Float(
        string="Average Daily Mileage",
        compute="_compute_kia_care_due",
        store=True,
        help="From the odometer history; the dealer's default until two readings exist.",
    )
    kia_care_next_due_km = fields.Float(
        string="Next Maintenance at (km)", compute="_compute_kia_care_due", store=True
    )
    kia_care_next_due_date = fields.Date(
        string="Next Maintenance Due",
        compute="_compute_kia_care_due",
        store=True,
        index=True,
        help="The earlier of the time-based and the mileage-based due dates.",
    )
    kia_care_due_basis = fields.Selection(
        [("time", "Time"), ("km", "Mileage")],
        string="Due By",
        compute="_compute_kia_care_due",
        store=True,
    )
    kia_care_lapsed = fields.Boolean(
        string="Lapsed",
        compute="_compute_kia_care_due",
        store=True,
        index=True,
        help="No visit for the dealer's lapsed period: listed for win-back. Refreshed daily.",
    )
    kia_care_sold = fields.Boolean(
        string="Sold by Owner",
        tracking=True,
        help="The customer told us the car was sold: no more reminders to this owner.",
    )
    kia_care_call_ids = fields.One2many("kia.care.call", "vehicle_id", string="Care Calls")

    @api.depends(
        "kia_sale_date",
        "company_id.kia_care_default_daily_km",
        "company_id.kia_care_lapsed_months",
        "model_id.kia_care_interval_months",
        "model_id.kia_care_interval_km",
        "kia_repair_ids.state",
        "kia_repair_ids.schedule_date",
        "kia_odometer_ids.value",
        "kia_odometer_ids.date",
    )
    def _compute_kia_care_due(self):
        """One query for the whole batch: the cron and the benchmark use the same SQL."""
        stored = self.filtered(lambda v: isinstance(v.id, int))
        for model_name in ("repair.order", "fleet.vehicle.odometer", "fleet.vehicle.model"):
            self.env[model_name].flush_model()
        self.env["res.company"].flush_model(["kia_care_default_daily_km", "kia_care_lapsed_months"])
        self.flush_model(["kia_sale_date", "model_id", "company_id"])
        rows = {}
        if stored:
            self.env.cr.execute(self._kia_care_due_query(stored.ids))
            rows = {row[0]: row[1:] for row in self.env.cr.fetchall()}
        for vehicle in self:
            (
                vehicle.kia_care_last_service_date,
                vehicle.kia_care_last_service_km,
                vehicle.kia_care_daily_km,
                vehicle.kia_care_next_due_km,
                vehicle.kia_care_next_due_date,
                vehicle.kia_care_due_basis,
                vehicle.kia_care_lapsed,
            ) = rows.get(vehicle.id, (False, 0.0, 0.0, 0.0, False, False, False))

    @api.model
    def _kia_care_due_query(self, ids=None):
        """SELECT id, last service date and km, daily km, next due km, next due date, basis,
        lapsed for the given vehicles (all active vehicles when ids is None).

        Last service: the last done repair order, else the sale date; its odometer is the last
        reading on or before that day plus the daily mileage since (capped by the next
        reading). Daily mileage: first to last reading. Time due: last
        service + the model's months. Mileage due: the day the odometer, growing at the daily
        mileage from its last reading, passes last service km + the model's km."""
        today = fields.Date.context_today(self)
        # Filter each table by the ids itself: joining the readings to a CTE hides the row
        # estimates from the planner, which then loops over every reading.
        if ids is None:
            where, ro_where, odo_where = SQL("fv.active"), SQL("TRUE"), SQL("TRUE")
        else:
            # IN (unnest) hashes the ids; "= ANY(array)" would scan the array for every row.
            selected = SQL("(SELECT unnest(%s::int[]))", list(ids))
            where = SQL("fv.id IN %s", selected)
            ro_where = SQL("r.vehicle_id IN %s", selected)
            odo_where = SQL("o.vehicle_id IN %s", selected)
        return SQL(
            """
            WITH v AS (
                SELECT fv.id, fv.kia_sale_date,
                       COALESCE(m.kia_care_interval_months, 0) AS months,
                       COALESCE(m.kia_care_interval_km, 0) AS km,
                       COALESCE(c.kia_care_default_daily_km, 0) AS default_daily,
                       COALESCE(c.kia_care_lapsed_months, 12) AS lapsed_months
                  FROM fleet_vehicle fv
                  JOIN fleet_vehicle_model m ON m.id = fv.model_id
             LEFT JOIN res_company c ON c.id = fv.company_id
                 WHERE %(where)s
            ), ro AS (
                SELECT r.vehicle_id, MAX(r.schedule_date)::date AS last_date
                  FROM repair_order r
                 WHERE r.state = 'done' AND r.vehicle_id IS NOT NULL AND %(ro_where)s
              GROUP BY r.vehicle_id
            ), odo AS (
                SELECT o.vehicle_id, MIN(o.date) AS first_date, MAX(o.date) AS last_date,
                       MIN(o.value) AS first_km, MAX(o.value) AS last_km
                  FROM fleet_vehicle_odometer o
                 WHERE o.date IS NOT NULL AND %(odo_where)s
              GROUP BY o.vehicle_id
            ), base AS (
                SELECT v.*, ro.last_date AS ro_date,
                       COALESCE(ro.last_date, v.kia_sale_date) AS service_date,
                       odo.last_date AS odo_date, odo.last_km,
                       CASE WHEN odo.last_date > odo.first_date
                            THEN (odo.last_km - odo.first_km) / (odo.last_date - odo.first_date)
                            ELSE v.default_daily END AS daily_km
                  FROM v
             LEFT JOIN ro ON ro.vehicle_id = v.id
             LEFT JOIN odo ON odo.vehicle_id = v.id
            ), svc AS (
                -- the odometer on the service day: the last reading before it plus the daily
                -- mileage since, never beyond the next reading
                SELECT base.*,
                       LEAST(COALESCE(bef.value, 0)
                                 + base.daily_km * COALESCE(base.service_date - bef.date, 0),
                             COALESCE(aft.value, 'Infinity'::float)) AS service_km
                  FROM base
             LEFT JOIN LATERAL (
                        SELECT o.value, o.date FROM fleet_vehicle_odometer o
                         WHERE o.vehicle_id = base.id AND o.date <= base.service_date
                      ORDER BY o.date DESC, o.value DESC LIMIT 1
                    ) bef ON TRUE
             LEFT JOIN LATERAL (
                        SELECT o.value FROM fleet_vehicle_odometer o
                         WHERE o.vehicle_id = base.id AND o.date > base.service_date
                      ORDER BY o.date, o.value LIMIT 1
                    ) aft ON TRUE
            ), due AS (
                SELECT svc.*,
                       CASE WHEN months > 0 AND service_date IS NOT NULL
                            THEN (service_date + make_interval(months => months))::date
                            END AS time_due,
                       CASE WHEN km > 0 AND daily_km > 0
                                 AND COALESCE(odo_date, service_date) IS NOT NULL
                            THEN COALESCE(odo_date, service_date)
                                 + CEIL((service_km + km - COALESCE(last_km, service_km))
                                        / daily_km)::integer
                            END AS km_due
                  FROM svc
            )
            SELECT id, service_date, service_km, daily_km,
                   CASE WHEN km > 0 THEN service_km + km ELSE 0 END,
                   LEAST(time_due, km_due),
                   CASE WHEN km_due IS NULL AND time_due IS NULL THEN NULL
                        WHEN km_due IS NULL OR time_due <= km_due THEN 'time'
                        ELSE 'km' END,
                   COALESCE(service_date
                            < (%(today)s::date - make_interval(months => lapsed_months))::date,
                            FALSE)
              FROM due
            """,
            where=where,
            ro_where=ro_where,
            odo_where=odo_where,
            today=today,
        )

    @api.model
    def _kia_care_refresh_due(self, ids=None):
        """Recompute the due fields of many vehicles (all active ones when ids is None) in one
        UPDATE that rewrites only the rows whose values changed: the daily cron runs it so that
        lapsed flags follow the calendar. Returns the number of vehicles changed."""
        self.env.flush_all()
        query = self._kia_care_due_query(ids)
        # JIT compiling this one big statement costs PostgreSQL more than running it.
        self.env.cr.execute(SQL("SET LOCAL jit = off"))
        self.env.cr.execute(
            SQL(
                """
                UPDATE fleet_vehicle fv
                   SET kia_care_last_service_date = d.service_date,
                       kia_care_last_service_km = d.service_km,
                       kia_care_daily_km = d.daily_km,
                       kia_care_next_due_km = d.next_km,
                       kia_care_next_due_date = d.next_date,
                       kia_care_due_basis = d.basis,
                       kia_care_lapsed = d.lapsed
                  FROM (%s) AS d(id, service_date, service_km, daily_km, next_km, next_date,
                                 basis, lapsed)
                 WHERE fv.id = d.id
                   AND (fv.kia_care_next_due_date IS DISTINCT FROM d.next_date
                        OR fv.kia_care_lapsed IS DISTINCT FROM d.lapsed
                        OR fv.kia_care_last_service_date IS DISTINCT FROM d.service_date
                        OR fv.kia_care_last_service_km IS DISTINCT FROM d.service_km
                        OR fv.kia_care_daily_km IS DISTINCT FROM d.daily_km
                        OR fv.kia_care_next_due_km IS DISTINCT FROM d.next_km
                        OR fv.kia_care_due_basis IS DISTINCT FROM d.basis)
                """,
                query,
            )
        )
        self.invalidate_model(
            [
                "kia_care_last_service_date",
                "kia_care_last_service_km",
                "kia_care_daily_km",
                "kia_care_next_due_km",
                "kia_care_next_due_date",
                "kia_care_due_basis",
                "kia_care_lapsed",
            ]
        )
        return self.env.cr.rowcount

    def action_kia_care_win_back(self):
        """Put the selected lapsed vehicles on the win-back call list."""
        vehicles = self.filtered(lambda v: v.kia_care_lapsed and not v.kia_care_sold)
        if not vehicles:
            raise UserError(
                self.env._("None of the selected vehicles is a lapsed customer to win back.")
            )
        calls = self.env["kia.care.call"]._create_for_vehicles(vehicles, "win_back")
        return calls._action_open()

    # --- Service process (issue 3): declined work shown at the next visit ---
    kia_declined_service_ids = fields.One2many(
        "repair.service",
        "kia_vehicle_id",
        string="Declined Work",
        domain=[("kia_approval_state", "=", "declined")],
    )
