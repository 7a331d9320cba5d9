from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

NORM_KINDS = [
    ("morning_meeting", "Morning Meeting"),
    ("workshop_5s", "5S Workshop Inspection"),
    ("lounge_inspection", "Lounge Inspection"),
    ("facility_inspection", "Facility Inspection"),
    ("service_car_check", "Service Car Check"),
    ("tool_check", "Tool Inventory Check"),
    ("other", "Other"),
]


class KiaWorkNorm(models.Model):
    """A recurring checklist of the daily work norms (日常工作规范), e.g. the morning meeting or
    the 5S workshop inspection, due from one role on a schedule."""

    _name = "kia.work.norm"
    _description = "Daily Work Norm"
    _inherit = ["mail.thread"]
    _order = "company_id, kind, name"
    _check_company_auto = True

    _sql_constraints = [
        ("interval_positive", "CHECK(interval_number > 0)", "The period must be positive."),
    ]

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    kind = fields.Selection(NORM_KINDS, required=True, default="other")
    role_id = fields.Many2one(
        "res.groups",
        domain=lambda self: [
            ("category_id", "=", self.env.ref("kia_base.module_category_kia_after_sales").id)
        ],
        help="The role this norm belongs to; the responsible person holds it.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        required=True,
        tracking=True,
        domain="[('company_ids', 'in', company_id)]",
    )
    interval_number = fields.Integer(string="Every", default=1, required=True)
    interval_type = fields.Selection(
        [("day", "Days"), ("week", "Weeks"), ("month", "Months")],
        string="Period",
        default="day",
        required=True,
    )
    next_date = fields.Date(
        string="Next Checklist",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
    )
    checklist = fields.Html(help="What to check; copied into each checklist when it is due.")
    photo_required = fields.Boolean(default=True, help="The checklist is done only with a photo.")
    active = fields.Boolean(default=True)
    check_ids = fields.One2many("kia.work.norm.check", "norm_id", string="Checklists")

    @api.constrains("user_id", "role_id")
    def _check_user_role(self):
        for norm in self:
            if norm.role_id and norm.role_id not in norm.user_id.groups_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s does not hold the role %(role)s of this norm.",
                        user=norm.user_id.name,
                        role=norm.role_id.name,
                    )
                )

    def _next_after(self, date):
        self.ensure_one()
        return date + relativedelta(**{f"{self.interval_type}s": self.interval_number})

    @api.model
    def _cron_generate_checks(self):
        """Create the checklists that fell due (catching up missed days), schedule an activity
        for the responsible person, and mark checklists past their grace period as missed."""
        today = fields.Date.context_today(self)
        Check = self.env["kia.work.norm.check"]
        vals_list = []
        norms = self.search([("next_date", "<=", today)])
        for norm in norms:
            date = norm.next_date
            while date <= today:
                vals_list.append(
                    {
                        "norm_id": norm.id,
                        "company_id": norm.company_id.id,
                        "user_id": norm.user_id.id,
                        "date": date,
                        "checklist": norm.checklist,
                    }
                )
                date = norm._next_after(date)
            norm.next_date = date
        checks = Check.create(vals_list)
        for check in checks:
            check.activity_schedule(
                "kia_facility.mail_activity_type_work_norm",
                date_deadline=check.date,
                summary=check.norm_id.name,
                user_id=check.user_id.id,
            )
        Check._mark_missed(today)
        return checks
