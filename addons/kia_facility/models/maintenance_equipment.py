from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# The tool room: who registers tools and records their calibration.
TOOL_KEEPERS = ("kia_base.group_foreman", "kia_base.group_service_manager")

TOOL_CONDITIONS = [
    ("good", "Good"),
    ("worn", "Worn, Usable"),
    ("damaged", "Damaged"),
    ("lost", "Lost"),
]


class MaintenanceEquipment(models.Model):
    _name = "maintenance.equipment"
    _inherit = ["maintenance.equipment", "kia.protected.mixin"]

    _sql_constraints = [
        (
            "kia_calibration_months_positive",
            "CHECK(kia_calibration_months >= 0)",
            "A calibration interval cannot be negative.",
        ),
    ]

    kia_tool_code = fields.Char(index=True, tracking=True, help="Head office's special-tool code.")
    kia_is_special_tool = fields.Boolean(string="Kia Special Tool", index=True)
    kia_condition = fields.Selection(
        TOOL_CONDITIONS, string="Condition", default="good", required=True, tracking=True
    )
    kia_calibration_months = fields.Integer(
        string="Calibration Interval (months)",
        help="0 when the tool needs no calibration.",
    )
    kia_last_calibration_date = fields.Date(string="Last Calibration", tracking=True)
    kia_next_calibration_date = fields.Date(
        string="Calibration Due",
        compute="_compute_kia_next_calibration_date",
        store=True,
        index=True,
    )
    kia_calibration_overdue = fields.Boolean(
        string="Calibration Overdue",
        compute="_compute_kia_calibration_overdue",
        search="_search_kia_calibration_overdue",
    )
    kia_loan_ids = fields.One2many("kia.tool.loan", "equipment_id", string="Loans")
    kia_current_loan_id = fields.Many2one(
        "kia.tool.loan", string="On Loan", compute="_compute_kia_current_loan_id"
    )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res["kia_last_calibration_date"] = self.env._(
            "finishing its calibration request (foreman, service manager)"
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        """The tool room registers a tool with the date of its last calibration certificate;
        later calibrations are recorded by their maintenance requests."""
        if any(vals.get("kia_last_calibration_date") for vals in vals_list):
            self._kia_require_groups(
                *TOOL_KEEPERS, action=self.env._("register the calibration date of")
            )
            with self._kia_unlocked("kia_last_calibration_date"):
                return super().create(vals_list)
        return super().create(vals_list)

    def _kia_record_calibration(self, date):
        """The calibration of these tools was done on ``date`` (a finished calibration
        request)."""
        self._kia_require_groups(*TOOL_KEEPERS, action=self.env._("record the calibration of"))
        with self._kia_unlocked("kia_last_calibration_date"):
            self.write({"kia_last_calibration_date": date})
        return True

    @api.depends("kia_calibration_months", "kia_last_calibration_date", "effective_date")
    def _compute_kia_next_calibration_date(self):
        for equipment in self:
            start = equipment.kia_last_calibration_date or equipment.effective_date
            equipment.kia_next_calibration_date = (
                start + relativedelta(months=equipment.kia_calibration_months)
                if equipment.kia_calibration_months and start
                else False
            )

    @api.depends("kia_next_calibration_date")
    def _compute_kia_calibration_overdue(self):
        today = fields.Date.context_today(self)
        for equipment in self:
            equipment.kia_calibration_overdue = bool(
                equipment.kia_next_calibration_date and equipment.kia_next_calibration_date < today
            )

    def _search_kia_calibration_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise NotImplementedError(self.env._("Unsupported search on Calibration Overdue."))
        today = fields.Date.context_today(self)
        overdue = [("kia_next_calibration_date", "<", today)]
        if (operator == "=") == value:
            return overdue
        return ["|", ("kia_next_calibration_date", "=", False)] + [
            ("kia_next_calibration_date", ">=", today)
        ]

    def _compute_kia_current_loan_id(self):
        loans = self.env["kia.tool.loan"].search(
            [("equipment_id", "in", self.ids), ("state", "=", "out")]
        )
        by_equipment = {loan.equipment_id.id: loan for loan in loans}
        for equipment in self:
            equipment.kia_current_loan_id = by_equipment.get(equipment.id, False)

    @api.model
    def _cron_kia_calibration(self):
        """Open a preventive calibration request for each tool whose calibration falls due
        within its dealer's lead time, unless one is already open; warn on overdue tools."""
        today = fields.Date.context_today(self)
        Request = self.env["maintenance.request"]
        requests = Request.browse()
        companies = self.env["res.company"].search([])
        teams = {
            team.company_id.id: team
            for team in self.env["maintenance.team"].search(
                [("company_id", "in", companies.ids)], order="id desc"
            )
        }
        for company in companies:
            due = self.search(
                [
                    ("company_id", "=", company.id),
                    (
                        "kia_next_calibration_date",
                        "<=",
                        today + timedelta(days=company.kia_tool_calibration_lead_days),
                    ),
                    (
                        "maintenance_ids",
                        "not any",
                        [("kia_is_calibration", "=", True), ("stage_id.done", "=", False)],
                    ),
                ]
            )
            requests |= Request.create(
                [
                    {
                        "name": company._kia_lang_env()._(
                            "Calibration: %(tool)s", tool=equipment.name
                        ),
                        "equipment_id": equipment.id,
                        "company_id": company.id,
                        "maintenance_type": "preventive",
                        "kia_is_calibration": True,
                        "schedule_date": fields.Datetime.to_datetime(
                            max(equipment.kia_next_calibration_date, today)
                        ),
                        "user_id": equipment.technician_user_id.id,
                        "maintenance_team_id": (
                            equipment.maintenance_team_id or self._kia_team(company, teams)
                        ).id,
                    }
                    for equipment in due
                ]
            )
        return requests

    @api.model
    def _kia_team(self, company, teams):
        """The dealer's maintenance team; the first calibration of a dealer without one creates
        its tool-room team."""
        if company.id not in teams:
            teams[company.id] = self.env["maintenance.team"].create(
                {"name": self.env._("Tool Room"), "company_id": company.id}
            )
        return teams[company.id]
