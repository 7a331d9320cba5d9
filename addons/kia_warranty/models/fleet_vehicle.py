from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models

FIRST_MAINT_STATES = [
    ("pending", "Due"),
    ("done", "Done"),
    ("missed", "Missed"),
]


class FleetVehicle(models.Model):
    _inherit = "fleet.vehicle"

    # --- kia_warranty: coverage, first free maintenance, campaigns, three guarantees ---
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
            .search([("vehicle_id", "in", self.ids), ("kia_wty_done_date", "!=", False)])
        )
        claims = (
            self.env["kia.warranty.claim"]
            .sudo()
            .search(
                [
                    ("vehicle_id", "in", self.ids),
                    ("failure_code_id", "!=", False),
                    ("state", "not in", ("draft", "rejected")),
                ]
            )
        )
        for vehicle in self:
            company = vehicle.company_id or self.env.company
            sale = vehicle.kia_sale_date
            end = sale and sale + relativedelta(months=company.kia_wty_sanbao_months)
            vehicle.kia_wty_sanbao_end_date = end
            days = 0
            for repair in repairs.filtered(lambda r, v=vehicle: r.vehicle_id == v):
                start = repair.kia_wty_reception_date or repair.create_date
                if end and start.date() <= end:
                    days += repair._kia_wty_repair_days()
            vehicle.kia_wty_sanbao_repair_days = days
            per_code = {}
            early = False
            early_end = sale and sale + relativedelta(days=company.kia_wty_sanbao_early_days)
            for claim in claims.filtered(lambda c, v=vehicle: c.vehicle_id == v):
                if end and claim.repair_date and claim.repair_date <= end:
                    per_code[claim.failure_code_id] = per_code.get(claim.failure_code_id, 0) + 1
                if (
                    claim.failure_code_id.serious
                    and early_end
                    and claim.repair_date
                    and claim.repair_date <= early_end
                    and claim.odometer <= company.kia_wty_sanbao_early_km
                ):
                    early = True
            vehicle.kia_wty_sanbao_repeat_count = max(per_code.values(), default=0)
            vehicle.kia_wty_sanbao_early_serious = early

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
        """An activity for the service manager of each vehicle close to a three guarantees
        limit (cumulative repair days or repeat repairs)."""
        repairs = self.env["repair.order"].search(
            [("kia_wty_done_date", "!=", False), ("vehicle_id", "!=", False)]
        )
        vehicles = repairs.vehicle_id
        today = fields.Date.context_today(self)
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        alerted = self.browse()
        for vehicle in vehicles:
            company = vehicle.company_id or self.env.company
            if not vehicle.kia_wty_sanbao_end_date or vehicle.kia_wty_sanbao_end_date < today:
                continue
            margin = company.kia_wty_sanbao_alert_margin
            if (
                vehicle.kia_wty_sanbao_repair_days >= company.kia_wty_sanbao_max_days - margin
                or vehicle.kia_wty_sanbao_repeat_count >= company.kia_wty_sanbao_max_repeats - 1
                or vehicle.kia_wty_sanbao_early_serious
            ):
                alerted |= vehicle
        managers_group = self.env.ref("kia_service.group_service_manager")
        existing = self.env["mail.activity"].search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", alerted.ids),
                ("activity_type_id", "=", activity_type.id),
                ("summary", "=", self.env._("Three guarantees limit near")),
            ]
        )
        done_ids = set(existing.mapped("res_id"))
        for vehicle in alerted.filtered(lambda v: v.id not in done_ids):
            manager = managers_group.users.filtered(
                lambda u, v=vehicle: u.company_id == v.company_id
            )[:1]
            vehicle.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Three guarantees limit near"),
                note=self.env._(
                    "Vehicle %(vin)s: %(days)s cumulative repair days, %(repeats)s repairs of one "
                    "fault within the three guarantees period.",
                    vin=vehicle.vin_sn,
                    days=vehicle.kia_wty_sanbao_repair_days,
                    repeats=vehicle.kia_wty_sanbao_repeat_count,
                ),
                user_id=(manager or self.env.user).id,
            )
        return alerted
