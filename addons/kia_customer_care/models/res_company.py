from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

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
    kia_care_user_id = fields.Many2one(
        "res.users",
        string="Customer Relations Officer",
        help="Receives the welcome, maintenance-due and win-back calls of this dealer.",
    )
    kia_care_calls_date = fields.Date(
        string="Call Lists Planned On",
        readonly=True,
        copy=False,
        help="The day the daily job last planned this dealer's welcome calls and maintenance "
        "reminders.",
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

    kia_tech_manager_id = fields.Many2one(
        "res.users",
        string="Technical Manager",
        help="The dealer's technical manager: first level of technical support, answers the "
        "dealer's technical requests before they go to head office's field engineer.",
    )
    kia_document_loan_days = fields.Integer(
        string="Document Loan Period (days)",
        default=7,
        help="A technical document lent to a member of staff is due back after this many days.",
    )

    @api.constrains("kia_document_loan_days")
    def _check_kia_document_loan_days(self):
        if any(company.kia_document_loan_days < 1 for company in self):
            raise ValidationError(self.env._("A document loan period is at least one day."))

    @api.constrains(
        "kia_care_welcome_days",
        "kia_care_welcome_window_days",
        "kia_care_reminder_days",
        "kia_care_default_daily_km",
        "kia_care_lapsed_months",
        "kia_care_retention_months",
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
            ]
            if any(value < 0 for value in values):
                raise ValidationError(
                    self.env._(
                        "Customer care settings of %(name)s cannot be negative.",
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

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res["kia_care_calls_date"] = self.env._("the daily call-list job")
        return res
