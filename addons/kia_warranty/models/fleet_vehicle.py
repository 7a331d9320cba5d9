from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from .kia_vehicle import SANBAO_FIELDS, SANBAO_STATES  # noqa: F401

# The vehicle's facts the warranty coverage is decided on (the warranty starts at the sale date;
# the use type chooses the policy): fixed for dealers once a claim went to head office.
COVERAGE_INPUTS = ("kia_sale_date", "kia_use_type")
# Head office's roles that correct them afterwards.
COVERAGE_HQ_GROUPS = ("kia_base.group_hq_manager", "kia_warranty.group_hq_warranty_reviewer")
# Vehicles a run of the daily job records as missed before it commits and goes on.
FIRST_MAINT_BATCH = 1000
# Vehicles a run of the daily three guarantees job checks before it commits and goes on, and
# the parameter keeping the day and the last vehicle it checked.
SANBAO_ALERT_BATCH = 1000
SANBAO_ALERT_PROGRESS = "kia_warranty.sanbao_alert_progress"
FIRST_MAINT_STATES = [
    ("pending", "Due"),
    ("done", "Done"),
    ("missed", "Missed"),
]


class FleetVehicle(models.Model):
    _name = "fleet.vehicle"
    _inherit = ["fleet.vehicle", "kia.protected.mixin"]

    kia_wty_end_date = fields.Date(
        string="Warranty Until",
        compute="_compute_kia_wty_end_date",
        store=True,
        help="End of the whole-vehicle warranty by date (the mileage limit may end it sooner).",
    )
    kia_wty_coverage_html = fields.Html(
        string="Warranty Coverage", compute="_compute_kia_wty_coverage_html", sanitize=False
    )
    kia_wty_first_maint_deadline = fields.Date(
        string="First Free Maintenance Due By",
        compute="_compute_kia_wty_first_maint_deadline",
        store=True,
    )
    kia_wty_first_maint_state = fields.Selection(
        FIRST_MAINT_STATES,
        string="First Free Maintenance",
        default="pending",
        tracking=True,
        index=True,
        copy=False,
    )
    kia_wty_first_maint_repair_id = fields.Many2one(
        "repair.order", string="First Maintenance RO", readonly=True, copy=False
    )
    kia_wty_campaign_vehicle_ids = fields.Many2many(
        "kia.warranty.campaign.vehicle",
        compute="_compute_kia_wty_campaign_vehicle_ids",
        string="Open Campaigns",
    )
    kia_wty_claim_count = fields.Integer(compute="_compute_kia_wty_claim_count", string="Claims")
    # The three guarantees clock runs on the VIN across the network (kia.vehicle), with the
    # limits of the file's dealer.
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
        "three guarantees period, counted per part, at every dealer.",
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
    kia_network_history_html = fields.Html(related="kia_vehicle_id.kia_network_history_html")
    kia_wty_paid_parts_html = fields.Html(
        string="Paid Parts Under Warranty",
        compute="_compute_kia_wty_paid_parts_html",
        sanitize=False,
        help="Genuine parts paid by the customer and fitted on this vehicle at any dealer of the "
        "network, still within the paid-parts warranty: part, dealer, fitting date and mileage, "
        "never customers or prices.",
    )
    kia_wty_first_maint_network_done = fields.Boolean(
        related="kia_vehicle_id.kia_wty_first_maint_done"
    )
    kia_wty_first_maint_network_company_id = fields.Many2one(
        related="kia_vehicle_id.kia_wty_first_maint_company_id"
    )
    kia_wty_first_maint_network_date = fields.Date(
        related="kia_vehicle_id.kia_wty_first_maint_date"
    )
    kia_wty_network_state = fields.Selection(related="kia_vehicle_id.kia_wty_state")
    kia_wty_remaining_months = fields.Integer(related="kia_vehicle_id.kia_wty_remaining_months")
    kia_wty_remaining_km = fields.Integer(related="kia_vehicle_id.kia_wty_remaining_km")
    kia_wty_backup_count = fields.Integer(
        string="Backup Vehicles", compute="_compute_kia_wty_backup_count"
    )

    @api.depends("kia_sale_date", "model_id", "kia_use_type")
    def _compute_kia_wty_end_date(self):
        policies = self.env["kia.warranty.coverage"]._kia_policy_for(self)
        for vehicle in self:
            coverage = policies[vehicle].get("vehicle")
            vehicle.kia_wty_end_date = (
                coverage._kia_end_date(vehicle.kia_sale_date) if coverage else False
            )

    @api.depends_context("kia_wty_date")
    def _compute_kia_wty_coverage_html(self):
        Coverage = self.env["kia.warranty.coverage"]
        policies = Coverage._kia_policy_for(self)
        names = dict(Coverage._fields["category"]._description_selection(self.env))
        on_date = self.env.context.get("kia_wty_date") or fields.Date.context_today(self)
        on_date = fields.Date.to_date(on_date)
        for vehicle in self:
            rows = []
            for category, coverage in sorted(policies[vehicle].items()):
                if coverage.excluded:
                    status = self.env._("Not covered")
                elif coverage._kia_covers(vehicle.kia_sale_date, on_date, vehicle.odometer):
                    status = self.env._("Covered")
                else:
                    status = self.env._("Expired")
                end = coverage._kia_end_date(vehicle.kia_sale_date)
                rows.append(
                    Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
                    % (
                        names.get(category, category),
                        end or "-",
                        f"{coverage.km:,} km",
                        status,
                    )
                )
            if not rows:
                vehicle.kia_wty_coverage_html = Markup("<p>%s</p>") % self.env._(
                    "No warranty policy applies to this vehicle."
                )
                continue
            header = Markup(
                "<table class='table table-sm'><thead><tr><th>%s</th><th>%s</th><th>%s</th>"
                "<th>%s</th></tr></thead><tbody>"
            ) % (
                self.env._("Coverage"),
                self.env._("Until"),
                self.env._("Mileage Limit"),
                self.env._("Status"),
            )
            vehicle.kia_wty_coverage_html = (
                header + Markup("").join(rows) + Markup("</tbody></table>")
            )

    @api.depends("kia_sale_date", "company_id.kia_wty_first_maint_months")
    def _compute_kia_wty_first_maint_deadline(self):
        for vehicle in self:
            company = vehicle.company_id or self.env.company
            vehicle.kia_wty_first_maint_deadline = (
                vehicle.kia_sale_date + relativedelta(months=company.kia_wty_first_maint_months)
                if vehicle.kia_sale_date
                else False
            )

    @api.depends("vin_sn")
    def _compute_kia_wty_campaign_vehicle_ids(self):
        lines = self.env["kia.warranty.campaign.vehicle"].search(
            [
                ("vin", "in", [vin for vin in self.mapped("vin_sn") if vin]),
                ("state", "=", "open"),
                ("campaign_state", "=", "open"),
            ]
        )
        by_vin = {}
        for line in lines:
            by_vin.setdefault(line.vin, self.env["kia.warranty.campaign.vehicle"])
            by_vin[line.vin] |= line
        for vehicle in self:
            vehicle.kia_wty_campaign_vehicle_ids = by_vin.get(vehicle.vin_sn, False)

    def _compute_kia_wty_claim_count(self):
        counts = dict(
            self.env["kia.warranty.claim"]._read_group(
                [("vehicle_id", "in", self.ids)], ["vehicle_id"], ["__count"]
            )
        )
        for vehicle in self:
            vehicle.kia_wty_claim_count = counts.get(vehicle, 0)

    def _compute_kia_wty_sanbao(self):
        # One query per dealer of the batch: the counters cover every dealer's repairs of the
        # VIN, the limits are the file's dealer's.
        empty = dict.fromkeys(SANBAO_FIELDS, False)
        for company, vehicles in self.grouped(lambda v: v.company_id or self.env.company).items():
            values = vehicles.kia_vehicle_id._kia_wty_sanbao_values(company)
            for vehicle in vehicles:
                vehicle.update(values.get(vehicle.kia_vehicle_id.id, empty))

    def _compute_kia_wty_backup_count(self):
        counts = dict(
            self.env["kia.warranty.backup.vehicle"]._read_group(
                [("vehicle_id", "in", self.ids)], ["vehicle_id"], ["__count"]
            )
        )
        for vehicle in self:
            vehicle.kia_wty_backup_count = counts.get(vehicle, 0)

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        done = self.env._(
            "the first free maintenance repair order (its Done button) and the daily check of "
            "missed first maintenances"
        )
        res.update({"kia_wty_first_maint_state": done, "kia_wty_first_maint_repair_id": done})
        return res

    def write(self, vals):
        if not self.env.su and any(fname in vals for fname in COVERAGE_INPUTS):
            self._kia_wty_check_coverage_inputs(vals)
        return super().write(vals)

    def _kia_wty_check_coverage_inputs(self, vals):
        """Refuse a dealer changing the sale date or use type of a vehicle with a claim beyond
        draft (at any dealer, by VIN): head office decided on them."""
        if any(self.env.user.has_group(group) for group in COVERAGE_HQ_GROUPS):
            return
        changed = self.filtered(
            lambda vehicle: any(
                fname in vals and not vehicle._kia_same_value(fname, vals[fname])
                for fname in COVERAGE_INPUTS
            )
        )
        if not changed:
            return
        # sudo: the claims may sit at another dealer the user cannot read; only whether one
        # exists is used, and the claim's number is not disclosed.
        claims = (
            self.env["kia.warranty.claim"]
            .sudo()
            .search(
                [
                    ("state", "!=", "draft"),
                    "|",
                    ("vehicle_id", "in", changed.ids),
                    ("vin", "in", [vin for vin in changed.mapped("vin_sn") if vin]),
                ]
            )
        )
        if not claims:
            return
        vins = set(claims.mapped("vin"))
        vehicle = changed.filtered(lambda v: v in claims.vehicle_id or v.vin_sn in vins)[:1]
        raise AccessError(
            self.env._(
                "Vehicle %(vin)s has warranty claims submitted to head office: its sale date and "
                "use type decide its warranty, and only head office can change them now. Ask "
                "head office's warranty department to correct them.",
                vin=vehicle.vin_sn or vehicle.display_name,
            )
        )

    def action_view_kia_wty_backup(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_warranty.kia_warranty_backup_vehicle_action"
        )
        action["domain"] = [("vehicle_id", "=", self.id)]
        return action

    def action_view_kia_wty_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_warranty.kia_warranty_claim_action"
        )
        action["domain"] = [("vehicle_id", "=", self.id)]
        action["context"] = {"default_vehicle_id": self.id}
        return action

    @api.model
    def _cron_kia_wty_first_maint_missed(self):
        """Daily: record every vehicle whose first free maintenance window passed unused, by
        date or by mileage, unless another dealer of the network did it. Run by its scheduled
        job, the vehicles are recorded in batches of FIRST_MAINT_BATCH, each committed with the
        job's progress: a network's first run records hundreds of thousands of vehicles, more
        than a worker's time limit allows, and the next batch goes on where the last stopped.
        Returns the vehicles recorded."""
        today = fields.Date.context_today(self)
        for model in ("fleet.vehicle", "fleet.vehicle.odometer", "res.company"):
            self.env[model].flush_model()
        # One query for the whole network: only the vehicles missed are read afterwards.
        self.env.cr.execute(
            SQL(
                """
                SELECT f.id, f.kia_wty_first_maint_deadline < %(today)s,
                       COALESCE(c.kia_wty_first_maint_km, 0), f.kia_vehicle_id
                  FROM fleet_vehicle f
                  LEFT JOIN res_company c ON c.id = f.company_id
                 WHERE f.kia_wty_first_maint_state = 'pending'
                   AND f.kia_sale_date IS NOT NULL
                   AND (f.kia_wty_first_maint_deadline < %(today)s
                        OR EXISTS (SELECT 1
                                     FROM fleet_vehicle_odometer o
                                    WHERE o.vehicle_id = f.id
                                      AND o.value > COALESCE(c.kia_wty_first_maint_km, 0)))
                 ORDER BY f.id
                """,
                today=today,
            )
        )
        rows = self.env.cr.fetchall()
        # Done at another dealer of the network: not missed.
        done_elsewhere = (
            self.env["kia.vehicle"]
            .browse({row[3] for row in rows if row[3]})
            ._kia_wty_first_maint_facts()
        )
        rows = [row[:3] for row in rows if row[3] not in done_elsewhere]
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        batch = rows[:FIRST_MAINT_BATCH] if in_cron else rows
        missed = self.browse([row[0] for row in batch])
        # the odometer of those missed by mileage, for the note
        odometers = dict(
            self.env["fleet.vehicle.odometer"]._read_group(
                [("vehicle_id", "in", [row[0] for row in batch if not row[1]])],
                ["vehicle_id"],
                ["value:max"],
            )
        )
        # The reason, in the language of each dealer, goes in the chatter as one note per
        # vehicle, written for the whole batch at once (per-record tracking messages cost
        # 10 ms a vehicle).
        lang_envs = {}
        bodies = {}
        for vehicle, (_id, by_date, km) in zip(missed, batch, strict=True):
            company_id = vehicle.company_id.id
            if company_id not in lang_envs:
                lang_envs[company_id] = vehicle._kia_lang_env()
            env = lang_envs[company_id]
            bodies[vehicle.id] = (
                env._(
                    "The first free maintenance window ended on %(date)s without a first "
                    "maintenance.",
                    date=vehicle.kia_wty_first_maint_deadline,
                )
                if by_date
                else env._(
                    "The vehicle passed the first free maintenance limit of %(km)s km "
                    "(odometer %(odometer)s km) without a first maintenance.",
                    km=km,
                    odometer=round(odometers[vehicle]),
                )
            )
        missed.with_context(mail_notrack=True).write({"kia_wty_first_maint_state": "missed"})
        missed._message_log_batch(bodies)
        if in_cron:
            self.env["ir.cron"]._notify_progress(
                done=len(missed), remaining=len(rows) - len(missed)
            )
        return missed

    @api.model
    def _cron_kia_wty_sanbao_alerts(self):
        """Daily: alert the service managers of vehicles near or at a three guarantees limit.
        Run by its scheduled job, the vehicles are checked in batches of SANBAO_ALERT_BATCH in
        the order of their ids, each committed with the job's progress and the last vehicle
        checked (a parameter of the job): a network's run checks 200,000 vehicles, and its
        first one alerts thousands, more than a worker's time limit allows; the next batch goes
        on after the last vehicle checked that day. Returns the vehicles alerted now."""
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        today = fields.Date.to_string(fields.Date.context_today(self))
        # sudo: the job's own mark of the vehicles it checked today
        Param = self.env["ir.config_parameter"].sudo()
        day, _sep, last_id = (Param.get_param(SANBAO_ALERT_PROGRESS) or "").partition(",")
        after = int(last_id) if in_cron and day == today else 0
        self.env["repair.order"].flush_model(["kia_wty_reception_date", "vehicle_id"])
        self.env["kia.warranty.claim"].flush_model(["state", "vehicle_id"])
        self.env.cr.execute(
            SQL(
                """
                SELECT vehicle_id FROM repair_order
                 WHERE kia_wty_reception_date IS NOT NULL AND vehicle_id > %(after)s
                UNION
                SELECT vehicle_id FROM kia_warranty_claim
                 WHERE state NOT IN ('draft', 'rejected') AND vehicle_id > %(after)s
                 ORDER BY 1
                """,
                after=after,
            )
        )
        ids = [row[0] for row in self.env.cr.fetchall()]
        if not in_cron:
            return self.browse(ids)._kia_wty_sanbao_alert()
        batch = self.browse(ids[:SANBAO_ALERT_BATCH])
        alerted = batch._kia_wty_sanbao_alert()
        remaining = len(ids) - len(batch)
        # once every vehicle is checked, a later run checks them all again
        Param.set_param(SANBAO_ALERT_PROGRESS, f"{today},{batch.ids[-1]}" if remaining else False)
        self.env["ir.cron"]._notify_progress(done=len(batch), remaining=remaining)
        return alerted

    def _kia_wty_sanbao_alert(self):
        """An activity for the dealer's service manager on each vehicle of self inside its three
        guarantees period that is near a limit, and another once a limit is reached.
        Returns the vehicles alerted now."""
        # The counters are computed without dependencies: read them afresh.
        self.invalidate_recordset(SANBAO_FIELDS)
        today = fields.Date.context_today(self)
        candidates = self.filtered(
            lambda v: (
                v.kia_wty_sanbao_state in ("near", "reached")
                and v.kia_wty_sanbao_end_date
                and v.kia_wty_sanbao_end_date >= today
            )
        )
        if not candidates:
            return self.browse()
        # each vehicle's alert in the language of its company, whoever runs the check
        summaries = {}
        for vehicle in candidates:
            env = vehicle._kia_lang_env()
            summaries[vehicle] = {
                "near": env._("Three guarantees limit near"),
                "reached": env._("Three guarantees: replacement or return due"),
            }[vehicle.kia_wty_sanbao_state]
        existing = {
            (activity.res_id, activity.summary)
            for activity in self.env["mail.activity"].search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", candidates.ids),
                    ("summary", "in", list(set(summaries.values()))),
                ]
            )
        }
        managers = self.env.ref("kia_base.group_service_manager").users
        alerted = self.browse()
        for vehicle in candidates:
            summary = summaries[vehicle]
            if (vehicle.id, summary) in existing:
                continue
            manager = managers.filtered(lambda u, v=vehicle: u.company_id == v.company_id)[:1]
            vehicle.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=vehicle._kia_lang_env()._(
                    "Vehicle %(vin)s:\n%(findings)s",
                    vin=vehicle.vin_sn,
                    findings=vehicle.kia_wty_sanbao_reason,
                ),
                user_id=(manager or self.env.user).id,
            )
            alerted |= vehicle
        return alerted

    def _compute_kia_wty_paid_parts_html(self):
        identities = self.kia_vehicle_id
        Fitted = self.env["kia.warranty.fitted.part"]
        # sudo: a part may have been fitted at another dealer; only the part, the dealer, the
        # date and the mileage are shown, never the customer or the price.
        fittings = (
            Fitted.sudo().search([("kia_vehicle_id", "in", identities.ids)])
            if identities
            else Fitted.sudo()
        )
        today = fields.Date.context_today(self)
        policy = Fitted._kia_paid_parts_policy(today)
        for vehicle in self:
            rows = []
            if policy:
                for fitting in fittings.filtered(
                    lambda f, v=vehicle: f.kia_vehicle_id == v.kia_vehicle_id
                ):
                    until_date, until_km = fitting._kia_window(policy)
                    if until_date < today or (vehicle.odometer or 0) > until_km:
                        continue
                    rows.append(
                        Markup(
                            "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
                            "<td>%s</td><td>%s</td></tr>"
                        )
                        % (
                            fitting.product_id.display_name,
                            fitting.company_id.name,
                            fitting.fitted_date,
                            fitting.fitted_km,
                            until_date,
                            until_km,
                        )
                    )
            if not rows:
                vehicle.kia_wty_paid_parts_html = False
                continue
            head = Markup("").join(
                Markup("<th>%s</th>") % label
                for label in (
                    self.env._("Part"),
                    self.env._("Dealer"),
                    self.env._("Fitted On"),
                    self.env._("Fitted At (km)"),
                    self.env._("Warranty Until"),
                    self.env._("Warranty Until (km)"),
                )
            )
            vehicle.kia_wty_paid_parts_html = Markup(
                '<table class="table table-sm o_kia_paid_parts"><thead><tr>%s</tr></thead>'
                "<tbody>%s</tbody></table>"
            ) % (head, Markup("").join(rows))
