from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEALER_TYPES = [
    ("hq", "Head Office"),
    ("dealer_4s", "Authorised 4S Dealer"),
    ("service_station", "Authorised Service Station"),
]


class ResCompany(models.Model):
    _inherit = "res.company"

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

    # --- Complaints, hotline and rescue (issue 4) -----------------------------------------
    kia_complaint_legal_days = fields.Integer(
        string="Legal Reply Period (working days)",
        default=7,
        help="The customer must hear the outcome of a complaint within this many working days: "
        "no complaint deadline may be later.",
    )
    kia_complaint_closure_target_days = fields.Integer(
        string="Closure Target (days)",
        default=14,
        help="Complaints closed within this many calendar days count as closed on time in the "
        "complaint report (the two-week closure rate).",
    )
    kia_complaint_hq_escalation_hours = fields.Integer(
        string="Escalate to Area Manager after (hours)",
        default=24,
        help="Hours after a breached deadline before head office's area manager is alerted.",
    )
    kia_complaint_recontact_days = fields.Integer(
        string="Satisfaction Re-contact after (days)",
        default=3,
        help="Days after a complaint is closed to call the customer back about satisfaction.",
    )
    kia_complaint_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Complaint Team",
        help="Team that receives the complaints head office routes to this dealer.",
    )

    def _kia_add_working_days(self, start, days):
        """End of the ``days``-th working day from ``start`` on the company's working
        calendar (public holidays included), calendar days when it has none."""
        self.ensure_one()
        calendar = self.resource_calendar_id
        end = calendar.plan_days(days, start, compute_leaves=True) if calendar else False
        return end or start + timedelta(days=days)

    # --- Customer care, facilities and tools, daily work norms (issue 9) ---
    kia_care_user_id = fields.Many2one(
        "res.users",
        string="Customer Relations Officer",
        help="Receives the welcome, maintenance-due and win-back calls of this dealer.",
    )
    kia_care_welcome_days = fields.Integer(
        string="Welcome Call After (days)",
        default=3,
        help="A welcome call is planned this many days after a new vehicle's sale.",
    )
    kia_care_welcome_window_days = fields.Integer(
        string="Welcome Call Window (days)",
        default=7,
        help="Vehicles sold longer ago than the welcome delay plus this window get no welcome call "
        "any more (older files loaded later are not called as new buyers).",
    )
    kia_care_reminder_days = fields.Integer(
        string="Maintenance Reminder Lead (days)",
        default=14,
        help="Customers are reminded and put on the call list this many days before their "
        "maintenance is due.",
    )
    kia_care_default_daily_km = fields.Float(
        string="Default Daily Mileage (km)",
        default=40.0,
        help="Used for the mileage-based due date until a vehicle has two odometer readings on "
        "different days.",
    )
    kia_care_lapsed_months = fields.Integer(
        string="Lapsed After (months)",
        default=12,
        help="A customer whose vehicle has not visited for this many months is listed for "
        "win-back.",
    )
    kia_care_retention_months = fields.Integer(
        string="Retention Window (months)",
        default=6,
        help="A visitor counts as retained when the vehicle returns within this many months.",
    )
    kia_tool_calibration_lead_days = fields.Integer(
        string="Calibration Request Lead (days)",
        default=14,
        help="A calibration request is opened this many days before a tool's calibration is due.",
    )
    kia_norm_grace_days = fields.Integer(
        string="Checklist Grace (days)",
        default=1,
        help="A daily-norm checklist not done this many days after its date counts as missed.",
    )

    @api.constrains(
        "kia_care_welcome_days",
        "kia_care_welcome_window_days",
        "kia_care_reminder_days",
        "kia_care_default_daily_km",
        "kia_care_lapsed_months",
        "kia_care_retention_months",
        "kia_tool_calibration_lead_days",
        "kia_norm_grace_days",
    )
    def _check_kia_care_settings(self):
        for company in self:
            values = [
                company.kia_care_welcome_days,
                company.kia_care_welcome_window_days,
                company.kia_care_reminder_days,
                company.kia_care_default_daily_km,
                company.kia_care_lapsed_months,
                company.kia_care_retention_months,
                company.kia_tool_calibration_lead_days,
                company.kia_norm_grace_days,
            ]
            if any(value < 0 for value in values):
                raise ValidationError(
                    self.env._(
                        "Customer care, tool and checklist settings of %(name)s cannot be "
                        "negative.",
                        name=company.name,
                    )
                )
            if company.kia_care_lapsed_months < 1 or company.kia_care_retention_months < 1:
                raise ValidationError(
                    self.env._(
                        "The lapsed-customer and retention windows of %(name)s must be at least "
                        "one month.",
                        name=company.name,
                    )
                )

    # --- Service process (issue 3): workshop, appointment and follow-up settings ---
    kia_labor_hourly_rate = fields.Monetary(
        string="Labor Hourly Rate",
        currency_field="currency_id",
        default=200.0,
        help="Price of one flat-rate labor hour charged to the customer.",
    )
    kia_labor_product_id = fields.Many2one(
        "product.product",
        string="Labor Product",
        domain=[("type", "=", "service")],
        help="Service product used for labor lines on repair orders and sale orders.",
    )
    kia_followup_days = fields.Integer(
        string="Follow-up After (days)",
        default=3,
        help="The follow-up call is due this many days after delivery.",
    )
    kia_appointment_slot_minutes = fields.Integer(string="Appointment Slot (minutes)", default=60)
    kia_appointment_advisors = fields.Integer(string="Advisors per Slot", default=2)
    kia_appointment_bays = fields.Integer(string="Bays per Slot", default=3)
    kia_workday_start = fields.Float(string="Workshop Opens", default=8.5)
    kia_workday_end = fields.Float(string="Workshop Closes", default=17.5)
    kia_comeback_days = fields.Integer(
        string="Comeback Window (days)",
        default=30,
        help="A new repair order for the same vehicle and fault within this many days is a "
        "comeback.",
    )
    kia_comeback_km = fields.Integer(string="Comeback Window (km)", default=3000)
    kia_qc_inspector_not_technician = fields.Boolean(
        string="Final Inspector Differs from Technician", default=True
    )

    # --- Follow-up questionnaire and invoicing by payer (issue 3) ---
    kia_followup_survey_id = fields.Many2one(
        "survey.survey",
        string="Follow-up Questionnaire",
        help="Questionnaire customer relations fill in on the follow-up call; empty means Kia's "
        "standard follow-up questionnaire.",
    )
    kia_internal_partner_id = fields.Many2one(
        "res.partner",
        string="Internal Work Charged To",
        help="Partner whose sale orders and invoices carry the internal lines of repair orders "
        "(work on the dealer's own cars, charged to the department); empty means the company "
        "itself.",
    )

    def _kia_followup_survey(self):
        self.ensure_one()
        return self.kia_followup_survey_id or self.env.ref("kia_service.survey_followup")

    def _kia_internal_partner(self):
        self.ensure_one()
        return self.kia_internal_partner_id or self.partner_id
