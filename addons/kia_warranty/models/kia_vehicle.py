from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from .kia_warranty_claim import MAIN_PART_CATEGORIES

SANBAO_STATES = [
    ("ok", "Within Limits"),
    ("near", "Limit Near"),
    ("reached", "Replacement or Return Due"),
]
WARRANTY_STATES = [
    ("covered", "Covered"),
    ("expired", "Expired"),
    ("unknown", "No Sale Date"),
]
SANBAO_FIELDS = [
    "kia_wty_sanbao_end_date",
    "kia_wty_sanbao_repair_days",
    "kia_wty_sanbao_repeat_count",
    "kia_wty_sanbao_early_serious",
    "kia_wty_sanbao_major_count",
    "kia_wty_sanbao_serious_count",
    "kia_wty_sanbao_state",
    "kia_wty_sanbao_reason",
]


class KiaVehicle(models.Model):
    """The network facts of a VIN, from every dealer's repair orders and claims.

    They are read with SQL under the suite's own rights: a dealer servicing the car must see
    the three guarantees clock, the first free maintenance and campaigns done elsewhere, but
    never the other dealer's customer, notes or prices; only dealers, dates, numbers, states and
    fault codes leave these queries. Each fact costs one query for the whole batch of VINs."""

    _inherit = "kia.vehicle"

    kia_wty_state = fields.Selection(
        WARRANTY_STATES, string="Warranty", compute="_compute_kia_wty_network"
    )
    kia_wty_end_date = fields.Date(string="Warranty Until", compute="_compute_kia_wty_network")
    kia_wty_km_limit = fields.Integer(
        string="Warranty Mileage Limit", compute="_compute_kia_wty_network"
    )
    kia_wty_odometer = fields.Integer(
        string="Last Odometer (Network)",
        compute="_compute_kia_wty_network",
        help="The highest reading any dealer recorded for the VIN.",
    )
    kia_wty_remaining_months = fields.Integer(
        string="Warranty Months Left", compute="_compute_kia_wty_network"
    )
    kia_wty_remaining_km = fields.Integer(
        string="Warranty km Left", compute="_compute_kia_wty_network"
    )
    kia_wty_first_maint_done = fields.Boolean(
        string="First Free Maintenance Done", compute="_compute_kia_wty_network"
    )
    kia_wty_first_maint_company_id = fields.Many2one(
        "res.company", string="First Maintenance At", compute="_compute_kia_wty_network"
    )
    kia_wty_first_maint_date = fields.Date(
        string="First Maintenance On", compute="_compute_kia_wty_network"
    )
    kia_wty_sanbao_end_date = fields.Date(
        string="Three Guarantees Until", compute="_compute_kia_wty_sanbao"
    )
    kia_wty_sanbao_repair_days = fields.Integer(
        string="Cumulative Repair Days", compute="_compute_kia_wty_sanbao"
    )
    kia_wty_sanbao_repeat_count = fields.Integer(
        string="Most Repairs of One Fault", compute="_compute_kia_wty_sanbao"
    )
    kia_wty_sanbao_early_serious = fields.Boolean(
        string="Serious Fault in Early Period", compute="_compute_kia_wty_sanbao"
    )
    kia_wty_sanbao_major_count = fields.Integer(
        string="Most Replacements of One Main Part",
        compute="_compute_kia_wty_sanbao",
        help="Engine, gearbox or traction battery main part replaced under warranty within the "
        "three guarantees period, counted per part.",
    )
    kia_wty_sanbao_serious_count = fields.Integer(
        string="Serious Safety Fault Repairs", compute="_compute_kia_wty_sanbao"
    )
    kia_wty_sanbao_state = fields.Selection(
        SANBAO_STATES,
        string="Three Guarantees Status",
        compute="_compute_kia_wty_sanbao",
        help="Replacement or return due: a three guarantees limit is reached and the customer "
        "may ask for a replacement vehicle or a return.",
    )
    kia_wty_sanbao_reason = fields.Text(
        string="Three Guarantees Findings", compute="_compute_kia_wty_sanbao"
    )
    kia_network_history_html = fields.Html(
        string="Network History",
        compute="_compute_kia_network_history_html",
        sanitize=False,
        help="Warranty repairs, first free maintenance, campaigns and claims of this VIN at "
        "every dealer: dealers, dates, numbers and faults, never customers or prices.",
    )

    def _kia_hq_groups(self):
        return (*super()._kia_hq_groups(), "kia_warranty.group_hq_warranty_reviewer")

    # Three guarantees: one query for the batch.

    def _kia_wty_sanbao_counters(self, company=None):
        """{identity id: (end date, repair days, most repeats of one fault, most replacements
        of one main part, serious repairs, serious fault early)} for the whole batch in one SQL
        query over every dealer's repair orders and claims of these VINs."""
        if not self.ids:
            return {}
        company = company or self.env.company
        for model in ("repair.order", "kia.warranty.claim", "fleet.vehicle", "kia.vehicle"):
            self.env[model].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH v AS (
                    SELECT k.id,
                           (k.sale_date + make_interval(months => %(months)s))::date AS end_date,
                           k.sale_date + %(early_days)s AS early_end
                      FROM kia_vehicle k
                     WHERE k.id = ANY(%(ids)s) AND k.sale_date IS NOT NULL
                ), days AS (
                    SELECT v.id, SUM(GREATEST(
                               COALESCE(r.kia_wty_done_date, %(now)s)::date
                               - r.kia_wty_reception_date::date, 0)) AS days
                      FROM repair_order r
                      JOIN fleet_vehicle f ON f.id = r.vehicle_id
                      JOIN v ON v.id = f.kia_vehicle_id
                     WHERE r.kia_wty_claim_type = 'warranty'
                       AND r.kia_wty_reception_date IS NOT NULL AND r.state != 'cancel'
                       AND r.kia_wty_reception_date::date <= v.end_date
                     GROUP BY v.id
                ), cl AS (
                    SELECT v.id, c.failure_code_id, code.serious, c.causal_product_id,
                           c.coverage_category, c.repair_date, c.odometer, v.early_end
                      FROM kia_warranty_claim c
                      JOIN fleet_vehicle f ON f.id = c.vehicle_id
                      JOIN v ON v.id = f.kia_vehicle_id
                      LEFT JOIN kia_warranty_code code ON code.id = c.failure_code_id
                     WHERE c.claim_type = 'warranty' AND c.state NOT IN ('draft', 'rejected')
                       AND c.repair_date IS NOT NULL AND c.repair_date <= v.end_date
                ), rep AS (
                    SELECT id, max(n) AS n FROM (
                        SELECT id, failure_code_id, count(*) AS n FROM cl
                         WHERE failure_code_id IS NOT NULL GROUP BY id, failure_code_id
                    ) x GROUP BY id
                ), maj AS (
                    SELECT id, max(n) AS n FROM (
                        SELECT id, causal_product_id, count(*) AS n FROM cl
                         WHERE causal_product_id IS NOT NULL AND coverage_category IN %(main)s
                         GROUP BY id, causal_product_id
                    ) x GROUP BY id
                ), ser AS (
                    SELECT id, count(*) AS n,
                           bool_or(repair_date <= early_end
                                   AND COALESCE(odometer, 0) <= %(early_km)s) AS early
                      FROM cl WHERE serious GROUP BY id
                )
                SELECT v.id, v.end_date, COALESCE(days.days, 0), COALESCE(rep.n, 0),
                       COALESCE(maj.n, 0), COALESCE(ser.n, 0), COALESCE(ser.early, FALSE)
                  FROM v
                  LEFT JOIN days ON days.id = v.id
                  LEFT JOIN rep ON rep.id = v.id
                  LEFT JOIN maj ON maj.id = v.id
                  LEFT JOIN ser ON ser.id = v.id
                """,
                ids=self.ids,
                months=company.kia_wty_sanbao_months,
                early_days=company.kia_wty_sanbao_early_days,
                early_km=company.kia_wty_sanbao_early_km,
                now=fields.Datetime.now(),
                main=MAIN_PART_CATEGORIES,
            )
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    def _kia_wty_sanbao_values(self, company=None):
        """{identity id: {three guarantees field: value}} for the batch, with the limits of
        ``company`` (default the current one): one query."""
        company = company or self.env.company
        counters = self._kia_wty_sanbao_counters(company)
        result = {}
        for vehicle in self:
            end, days, repeats, major, serious, early = counters.get(
                vehicle.id, (False, 0, 0, 0, 0, False)
            )
            values = {
                "kia_wty_sanbao_end_date": end,
                "kia_wty_sanbao_repair_days": days,
                "kia_wty_sanbao_repeat_count": repeats,
                "kia_wty_sanbao_major_count": major,
                "kia_wty_sanbao_serious_count": serious,
                "kia_wty_sanbao_early_serious": early,
            }
            state, reasons = self._kia_wty_sanbao_findings(company, values)
            values["kia_wty_sanbao_state"] = state
            values["kia_wty_sanbao_reason"] = "\n".join(reasons)
            result[vehicle.id] = values
        return result

    @api.depends_context("company")
    def _compute_kia_wty_sanbao(self):
        values = self._kia_wty_sanbao_values()
        for vehicle in self:
            vehicle.update(values[vehicle.id])

    @api.model
    def _kia_wty_sanbao_findings(self, company, counters):
        """(state, [finding]) of the three guarantees rules (家用汽车产品修理更换退货责任规定)
        from the counters: 'reached' when a limit is reached, 'near' when the next repair or
        the margin reaches it."""
        reached, near = [], []
        days = counters["kia_wty_sanbao_repair_days"]
        max_days = company.kia_wty_sanbao_max_days
        message = self.env._(
            "%(count)s cumulative repair days (limit %(limit)s).", count=days, limit=max_days
        )
        if days > max_days:
            reached.append(message)
        elif days >= max_days - company.kia_wty_sanbao_alert_margin:
            near.append(message)
        repeats = counters["kia_wty_sanbao_repeat_count"]
        major = counters["kia_wty_sanbao_major_count"]
        serious = counters["kia_wty_sanbao_serious_count"]
        rules = [
            (
                repeats,
                company.kia_wty_sanbao_max_repeats + 1,
                self.env._(
                    "The same fault repaired %(count)s times (more than %(limit)s entitles).",
                    count=repeats,
                    limit=company.kia_wty_sanbao_max_repeats,
                ),
            ),
            (
                major,
                company.kia_wty_sanbao_major_replacements,
                self.env._(
                    "An engine, gearbox or battery main part replaced %(count)s times "
                    "(limit %(limit)s).",
                    count=major,
                    limit=company.kia_wty_sanbao_major_replacements,
                ),
            ),
            (
                serious,
                company.kia_wty_sanbao_serious_repairs,
                self.env._(
                    "Serious safety faults repaired %(count)s times (limit %(limit)s).",
                    count=serious,
                    limit=company.kia_wty_sanbao_serious_repairs,
                ),
            ),
        ]
        for count, threshold, finding in rules:
            if not count:
                continue
            if count >= threshold:
                reached.append(finding)
            elif count >= threshold - 1:
                near.append(finding)
        if counters["kia_wty_sanbao_early_serious"]:
            reached.append(
                self.env._(
                    "Serious fault within %(days)s days / %(km)s km of the sale.",
                    days=company.kia_wty_sanbao_early_days,
                    km=company.kia_wty_sanbao_early_km,
                )
            )
        state = "reached" if reached else "near" if near else "ok"
        return state, reached + near

    # Warranty coverage and first free maintenance.

    def _kia_wty_first_maint_facts(self):
        """{identity id: (company id, date)} of the first free maintenance done on these VINs
        at any dealer: the repair order a dealer's file records, else a first maintenance
        claim beyond draft. One query."""
        if not self.ids:
            return {}
        for model in ("repair.order", "kia.warranty.claim", "fleet.vehicle"):
            self.env[model].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT DISTINCT ON (x.kia_vehicle_id) x.kia_vehicle_id, x.company_id, x.day
                  FROM (
                      SELECT f.kia_vehicle_id, r.company_id,
                             COALESCE(r.kia_wty_done_date, r.schedule_date)::date AS day
                        FROM fleet_vehicle f
                        JOIN repair_order r ON r.id = f.kia_wty_first_maint_repair_id
                       WHERE f.kia_vehicle_id = ANY(%(ids)s)
                         AND f.kia_wty_first_maint_state = 'done'
                      UNION ALL
                      SELECT f.kia_vehicle_id, c.company_id, c.repair_date
                        FROM kia_warranty_claim c
                        JOIN fleet_vehicle f ON f.id = c.vehicle_id
                       WHERE f.kia_vehicle_id = ANY(%(ids)s)
                         AND c.claim_type = 'first_maintenance'
                         AND c.state NOT IN ('draft', 'rejected')
                  ) x
                 ORDER BY x.kia_vehicle_id, x.day NULLS LAST
                """,
                ids=self.ids,
            )
        )
        return {row[0]: row[1:] for row in self.env.cr.fetchall()}

    @api.depends_context("kia_wty_date")
    def _compute_kia_wty_network(self):
        on_date = fields.Date.to_date(
            self.env.context.get("kia_wty_date") or fields.Date.context_today(self)
        )
        self.env["fleet.vehicle.odometer"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT f.kia_vehicle_id, max(o.value)
                  FROM fleet_vehicle_odometer o
                  JOIN fleet_vehicle f ON f.id = o.vehicle_id
                 WHERE f.kia_vehicle_id = ANY(%s)
                 GROUP BY f.kia_vehicle_id
                """,
                self.ids,
            )
        )
        odometers = dict(self.env.cr.fetchall())
        first = self._kia_wty_first_maint_facts()
        policies = self.env["kia.warranty.coverage"]._kia_policy_for_identities(self)
        for vehicle in self:
            odometer = int(odometers.get(vehicle.id) or 0)
            coverage = policies[vehicle].get("vehicle")
            start = vehicle.warranty_start or vehicle.sale_date
            end = coverage._kia_end_date(start) if coverage and start else False
            vehicle.kia_wty_odometer = odometer
            vehicle.kia_wty_end_date = end
            vehicle.kia_wty_km_limit = coverage.km if coverage else 0
            if not end:
                state = "unknown" if not start else "expired"
            else:
                state = "covered" if coverage._kia_covers(start, on_date, odometer) else "expired"
            vehicle.kia_wty_state = state
            months = 0
            if end and end > on_date:
                delta = relativedelta(end, on_date)
                months = delta.years * 12 + delta.months
            vehicle.kia_wty_remaining_months = months
            vehicle.kia_wty_remaining_km = max(coverage.km - odometer, 0) if end else 0
            company_id, day = first.get(vehicle.id, (False, False))
            vehicle.kia_wty_first_maint_done = bool(company_id)
            # The dealer's name is network information, readable by every dealer.
            vehicle.kia_wty_first_maint_company_id = company_id
            vehicle.kia_wty_first_maint_date = day

    # Network history: what other dealers did on the VIN, without customers or prices.

    def _kia_network_serviced(self):
        """The identities of self the user may see the network history of: those a dealer of
        the user has a file for (their record rules decide), all for head office's roles."""
        hq_groups = ("kia_base.group_hq_officer", *self._kia_hq_groups())
        if self.env.su or any(self.env.user.has_group(group) for group in hq_groups):
            return self
        files = (
            self.env["fleet.vehicle"]
            .with_context(active_test=False)
            .search([("kia_vehicle_id", "in", self.ids)])
        )
        return files.kia_vehicle_id & self

    def _kia_network_history_rows(self):
        """{identity id: {"repairs": [...], "claims": [...], "campaigns": [...]}}, three
        queries for the whole batch. Rows carry dealers' names, dates, numbers, states and
        fault descriptions only."""
        result = {vid: {"repairs": [], "claims": [], "campaigns": []} for vid in self.ids}
        if not self.ids:
            return result
        for model in (
            "repair.order",
            "kia.warranty.claim",
            "fleet.vehicle",
            "kia.warranty.campaign.vehicle",
        ):
            self.env[model].flush_model()
        lang = self.env.lang or "en_US"
        # Raw SQL on purpose: the other dealers' repair orders and claims are outside the
        # user's record rules; only non-customer columns are selected.
        self.env.cr.execute(
            SQL(
                """
                SELECT f.kia_vehicle_id, co.name, r.name, r.kia_ro_type,
                       r.kia_wty_reception_date, r.kia_wty_done_date, r.state,
                       (SELECT string_agg(DISTINCT COALESCE(code.name->>%(lang)s,
                                                            code.name->>'en_US'), ', ')
                          FROM kia_warranty_claim c
                          JOIN kia_warranty_code code ON code.id = c.failure_code_id
                         WHERE c.repair_id = r.id)
                  FROM repair_order r
                  JOIN fleet_vehicle f ON f.id = r.vehicle_id
                  JOIN res_company co ON co.id = r.company_id
                 WHERE f.kia_vehicle_id = ANY(%(ids)s) AND r.state != 'cancel'
                   AND r.kia_wty_claim_type IS NOT NULL
                 ORDER BY r.kia_wty_reception_date, r.id
                """,
                ids=self.ids,
                lang=lang,
            )
        )
        for row in self.env.cr.fetchall():
            result[row[0]]["repairs"].append(row[1:])
        self.env.cr.execute(
            SQL(
                """
                SELECT f.kia_vehicle_id, co.name, c.name, c.claim_type, c.state, c.repair_date,
                       COALESCE(camp.code, ''),
                       COALESCE(code.name->>%(lang)s, code.name->>'en_US')
                  FROM kia_warranty_claim c
                  JOIN fleet_vehicle f ON f.id = c.vehicle_id
                  JOIN res_company co ON co.id = c.company_id
                  LEFT JOIN kia_warranty_campaign camp ON camp.id = c.campaign_id
                  LEFT JOIN kia_warranty_code code ON code.id = c.failure_code_id
                 WHERE f.kia_vehicle_id = ANY(%(ids)s) AND c.state != 'draft'
                 ORDER BY c.repair_date, c.id
                """,
                ids=self.ids,
                lang=lang,
            )
        )
        for row in self.env.cr.fetchall():
            result[row[0]]["claims"].append(row[1:])
        self.env.cr.execute(
            SQL(
                """
                SELECT k.id, camp.code, COALESCE(camp.name->>%(lang)s, camp.name->>'en_US'),
                       l.state, co.name, l.done_date
                  FROM kia_warranty_campaign_vehicle l
                  JOIN kia_vehicle k ON k.vin = l.vin
                  JOIN kia_warranty_campaign camp ON camp.id = l.campaign_id
                  LEFT JOIN res_company co ON co.id = l.done_company_id
                 WHERE k.id = ANY(%(ids)s)
                 ORDER BY camp.code
                """,
                ids=self.ids,
                lang=lang,
            )
        )
        for row in self.env.cr.fetchall():
            result[row[0]]["campaigns"].append(row[1:])
        return result

    @api.depends_context("lang", "company", "uid")
    def _compute_kia_network_history_html(self):
        serviced = self._kia_network_serviced()
        rows = serviced._kia_network_history_rows()
        RO = self.env["repair.order"]
        Claim = self.env["kia.warranty.claim"]
        ro_types = dict(RO._fields["kia_ro_type"]._description_selection(self.env))
        ro_states = dict(RO._fields["state"]._description_selection(self.env))
        claim_types = dict(Claim._fields["claim_type"]._description_selection(self.env))
        claim_states = dict(Claim._fields["state"]._description_selection(self.env))
        line_states = dict(
            self.env["kia.warranty.campaign.vehicle"]
            ._fields["state"]
            ._description_selection(self.env)
        )

        def table(title, headers, lines):
            head = Markup("").join(Markup("<th>%s</th>") % header for header in headers)
            if not lines:
                body = Markup("<tr><td colspan='%s'>%s</td></tr>") % (
                    len(headers),
                    self.env._("None"),
                )
            else:
                body = Markup("").join(
                    Markup("<tr>%s</tr>")
                    % Markup("").join(Markup("<td>%s</td>") % (cell or "-") for cell in line)
                    for line in lines
                )
            return Markup(
                "<h5>%s</h5><table class='table table-sm'><thead><tr>%s</tr></thead>"
                "<tbody>%s</tbody></table>"
            ) % (title, head, body)

        for vehicle in self:
            if vehicle not in serviced:
                vehicle.kia_network_history_html = False
                continue
            facts = rows[vehicle.id]
            repairs = [
                (
                    dealer,
                    name,
                    ro_types.get(ro_type, ro_type),
                    start and start.date(),
                    done and done.date(),
                    ro_states.get(state, state),
                    faults,
                )
                for dealer, name, ro_type, start, done, state, faults in facts["repairs"]
            ]
            claims = [
                (
                    dealer,
                    name,
                    claim_types.get(claim_type, claim_type),
                    campaign or fault,
                    day,
                    claim_states.get(state, state),
                )
                for dealer, name, claim_type, state, day, campaign, fault in facts["claims"]
            ]
            campaigns = [
                (code, name, line_states.get(state, state), dealer, day)
                for code, name, state, dealer, day in facts["campaigns"]
            ]
            vehicle.kia_network_history_html = (
                table(
                    self.env._("Warranty, First Maintenance and Campaign Repairs"),
                    [
                        self.env._("Dealer"),
                        self.env._("Repair Order"),
                        self.env._("Type"),
                        self.env._("Signed at Reception"),
                        self.env._("Ready Notice"),
                        self.env._("Status"),
                        self.env._("Fault"),
                    ],
                    repairs,
                )
                + table(
                    self.env._("Claims to Head Office"),
                    [
                        self.env._("Dealer"),
                        self.env._("Claim"),
                        self.env._("Type"),
                        self.env._("Campaign or Fault"),
                        self.env._("Repair Date"),
                        self.env._("Status"),
                    ],
                    claims,
                )
                + table(
                    self.env._("Campaigns and Recalls"),
                    [
                        self.env._("Code"),
                        self.env._("Campaign"),
                        self.env._("Status"),
                        self.env._("Done At"),
                        self.env._("Done On"),
                    ],
                    campaigns,
                )
            )
