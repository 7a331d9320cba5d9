from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# The vehicle's customer-care due dates, computed together by one query.
CARE_DUE_FIELDS = (
    "kia_care_last_service_date",
    "kia_care_last_service_km",
    "kia_care_daily_km",
    "kia_care_next_due_km",
    "kia_care_next_due_date",
    "kia_care_due_basis",
    "kia_care_lapsed",
)


class FleetVehicle(models.Model):
    _inherit = "fleet.vehicle"

    kia_is_service_car = fields.Boolean(
        string="Service Car",
        index=True,
        help="One of the dealer's own cars used for roadside rescue and outside service.",
    )

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
        # Only finished repair orders count: RepairOrder.write marks the due dates for
        # recomputation when one enters or leaves "done", not at every step of the flow.
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

    def action_kia_care_win_back(self):
        """Put the selected lapsed vehicles on the win-back call list."""
        vehicles = self.filtered(lambda v: v.kia_care_lapsed and not v.kia_care_sold)
        if not vehicles:
            raise UserError(
                self.env._("None of the selected vehicles is a lapsed customer to win back.")
            )
        calls = self.env["kia.care.call"]._create_for_vehicles(vehicles, "win_back")
        return calls._action_open()

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
        self.invalidate_model(list(CARE_DUE_FIELDS))
        return self.env.cr.rowcount
