from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError

from .kia_warranty_claim import MAIN_PART_CATEGORIES

SANBAO_STATES = [
    ("ok", "Within Limits"),
    ("near", "Limit Near"),
    ("reached", "Replacement or Return Due"),
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
# The vehicle's facts the warranty coverage is decided on (the warranty starts at the sale date;
# the use type chooses the policy): fixed for dealers once a claim went to head office.
COVERAGE_INPUTS = ("kia_sale_date", "kia_use_type")
# Head office's roles that correct them afterwards.
COVERAGE_HQ_GROUPS = ("kia_base.group_hq_manager", "kia_warranty.group_hq_warranty_reviewer")
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
        # sudo: the three guarantees clock counts every repair and claim of these vehicles
        # (already readable to the user), also for staff without repair-order access.
        repairs = (
            self.env["repair.order"]
            .sudo()
            .search(
                [
                    ("vehicle_id", "in", self.ids),
                    ("kia_wty_claim_type", "=", "warranty"),
                    ("kia_wty_reception_date", "!=", False),
                    ("state", "!=", "cancel"),
                ]
            )
        )
        claims = (
            self.env["kia.warranty.claim"]
            .sudo()
            .search(
                [
                    ("vehicle_id", "in", self.ids),
                    ("claim_type", "=", "warranty"),
                    ("state", "not in", ("draft", "rejected")),
                ]
            )
        )
        repairs_by_vehicle, claims_by_vehicle = {}, {}
        for repair in repairs:
            repairs_by_vehicle.setdefault(repair.vehicle_id.id, []).append(repair)
        for claim in claims:
            claims_by_vehicle.setdefault(claim.vehicle_id.id, []).append(claim)
        for vehicle in self:
            company = vehicle.company_id or self.env.company
            sale = vehicle.kia_sale_date
            end = sale and sale + relativedelta(months=company.kia_wty_sanbao_months)
            vehicle.kia_wty_sanbao_end_date = end
            vehicle.kia_wty_sanbao_repair_days = sum(
                repair._kia_wty_repair_days()
                for repair in repairs_by_vehicle.get(vehicle.id, [])
                if end and repair.kia_wty_reception_date.date() <= end
            )
            per_code, per_part = {}, {}
            serious = 0
            early = False
            early_end = sale and sale + relativedelta(days=company.kia_wty_sanbao_early_days)
            for claim in claims_by_vehicle.get(vehicle.id, []):
                if not (end and claim.repair_date and claim.repair_date <= end):
                    continue
                if claim.failure_code_id:
                    per_code[claim.failure_code_id] = per_code.get(claim.failure_code_id, 0) + 1
                if claim.failure_code_id.serious:
                    serious += 1
                    if (
                        claim.repair_date <= early_end
                        and claim.odometer <= company.kia_wty_sanbao_early_km
                    ):
                        early = True
                if claim.causal_product_id and claim.coverage_category in MAIN_PART_CATEGORIES:
                    part = claim.causal_product_id
                    per_part[part] = per_part.get(part, 0) + 1
            vehicle.kia_wty_sanbao_repeat_count = max(per_code.values(), default=0)
            vehicle.kia_wty_sanbao_major_count = max(per_part.values(), default=0)
            vehicle.kia_wty_sanbao_serious_count = serious
            vehicle.kia_wty_sanbao_early_serious = early
            state, reasons = vehicle._kia_wty_sanbao_findings(company)
            vehicle.kia_wty_sanbao_state = state
            vehicle.kia_wty_sanbao_reason = "\n".join(reasons)

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
        """Record every vehicle whose first free maintenance window passed unused."""
        today = fields.Date.context_today(self)
        due = self.search(
            [("kia_wty_first_maint_state", "=", "pending"), ("kia_sale_date", "!=", False)]
        )
        missed = due.filtered(
            lambda v: (
                v.kia_wty_first_maint_deadline < today
                or v.odometer > v.company_id.kia_wty_first_maint_km
            )
        )
        missed.write({"kia_wty_first_maint_state": "missed"})
        for vehicle in missed:
            vehicle.message_post(
                body=self.env._(
                    "The first free maintenance window ended on %(date)s without a first "
                    "maintenance.",
                    date=vehicle.kia_wty_first_maint_deadline,
                )
            )
        return missed

    @api.model
    def _cron_kia_wty_sanbao_alerts(self):
        """Daily: alert the service managers of vehicles near or at a three guarantees limit."""
        repairs = self.env["repair.order"]._read_group(
            [("kia_wty_reception_date", "!=", False), ("vehicle_id", "!=", False)],
            ["vehicle_id"],
        )
        claims = self.env["kia.warranty.claim"]._read_group(
            [("state", "not in", ("draft", "rejected"))], ["vehicle_id"]
        )
        vehicles = self.browse({vehicle.id for (vehicle,) in repairs + claims})
        return vehicles._kia_wty_sanbao_alert()

    def _kia_wty_sanbao_alert(self):
        """An activity for the dealer's service manager on each vehicle of self inside its three
        guarantees period that is near a limit, and another once a limit is reached.
        Returns the vehicles alerted now."""
        # The counters are computed without dependencies: read them afresh.
        self.invalidate_recordset(SANBAO_FIELDS)
        today = fields.Date.context_today(self)
        summaries = {
            "near": self.env._("Three guarantees limit near"),
            "reached": self.env._("Three guarantees: replacement or return due"),
        }
        candidates = self.filtered(
            lambda v: (
                v.kia_wty_sanbao_state in summaries
                and v.kia_wty_sanbao_end_date
                and v.kia_wty_sanbao_end_date >= today
            )
        )
        if not candidates:
            return self.browse()
        existing = {
            (activity.res_id, activity.summary)
            for activity in self.env["mail.activity"].search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", candidates.ids),
                    ("summary", "in", list(summaries.values())),
                ]
            )
        }
        managers = self.env.ref("kia_base.group_service_manager").users
        alerted = self.browse()
        for vehicle in candidates:
            summary = summaries[vehicle.kia_wty_sanbao_state]
            if (vehicle.id, summary) in existing:
                continue
            manager = managers.filtered(lambda u, v=vehicle: u.company_id == v.company_id)[:1]
            vehicle.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=self.env._(
                    "Vehicle %(vin)s:\n%(findings)s",
                    vin=vehicle.vin_sn,
                    findings=vehicle.kia_wty_sanbao_reason,
                ),
                user_id=(manager or self.env.user).id,
            )
            alerted |= vehicle
        return alerted

    def _kia_wty_sanbao_findings(self, company):
        """(state, [finding]) of the three guarantees rules (家用汽车产品修理更换退货责任规定)
        from the computed counters: 'reached' when a limit is reached, 'near' when the next
        repair or the margin reaches it."""
        self.ensure_one()
        reached, near = [], []
        days = self.kia_wty_sanbao_repair_days
        max_days = company.kia_wty_sanbao_max_days
        message = self.env._(
            "%(count)s cumulative repair days (limit %(limit)s).", count=days, limit=max_days
        )
        if days > max_days:
            reached.append(message)
        elif days >= max_days - company.kia_wty_sanbao_alert_margin:
            near.append(message)
        repeats = self.kia_wty_sanbao_repeat_count
        major = self.kia_wty_sanbao_major_count
        serious = self.kia_wty_sanbao_serious_count
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
        if self.kia_wty_sanbao_early_serious:
            reached.append(
                self.env._(
                    "Serious fault within %(days)s days / %(km)s km of the sale.",
                    days=company.kia_wty_sanbao_early_days,
                    km=company.kia_wty_sanbao_early_km,
                )
            )
        state = "reached" if reached else "near" if near else "ok"
        return state, reached + near
