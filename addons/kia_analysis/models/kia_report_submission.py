from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

SUBMISSION_STATES = [("due", "Due"), ("received", "Received"), ("late", "Late")]
SUBMITTERS = ("kia_base.group_service_manager", "kia_base.group_hq_officer")


class KiaReportSubmission(models.Model):
    """One report a dealer owes head office for one month (报表日历): due by the report type's
    day of the following month, submitted by the dealer with its file, or late. Generated each
    month for every dealer; lateness feeds the dealer assessment."""

    _name = "kia.report.submission"
    _description = "Dealer Report (Reporting Calendar)"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "date_due desc, company_id, report_type_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        string="Dealer",
        required=True,
        index=True,
        readonly=True,
        default=lambda self: self.env.company,
    )
    report_type_id = fields.Many2one(
        "kia.report.type", string="Report", required=True, index=True, readonly=True
    )
    period = fields.Date(
        string="Month", required=True, index=True, readonly=True, help="First day of the month."
    )
    date_due = fields.Date(string="Due On", required=True, index=True, readonly=True)
    state = fields.Selection(
        SUBMISSION_STATES, default="due", required=True, index=True, tracking=True, copy=False
    )
    received_date = fields.Date(string="Received On", readonly=True, copy=False, tracking=True)
    received_by_id = fields.Many2one(
        "res.users", string="Submitted By", readonly=True, copy=False, tracking=True
    )
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "kia_report_submission_attachment_rel",
        "submission_id",
        "attachment_id",
        string="Report File",
    )
    is_late = fields.Boolean(
        string="Late",
        compute="_compute_is_late",
        store=True,
        index=True,
        help="Received after its due date, or overdue and not received.",
    )
    days_late = fields.Integer(compute="_compute_is_late", store=True)
    note = fields.Text()

    _sql_constraints = [
        (
            "report_month_uniq",
            "unique(company_id, report_type_id, period)",
            "A dealer owes each report once a month.",
        ),
    ]

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        generated = self.env._("the monthly reporting calendar")
        submit = self.env._("Submit to Head Office")
        res.update(
            {
                "company_id": generated,
                "report_type_id": generated,
                "period": generated,
                "date_due": generated,
                "state": self.env._("Submit to Head Office and the nightly lateness check"),
                "received_date": submit,
                "received_by_id": submit,
            }
        )
        return res

    @api.depends("report_type_id.name", "company_id.name", "period")
    def _compute_name(self):
        for submission in self:
            submission.name = (
                f"{submission.company_id.name or ''} {submission.report_type_id.name or ''} "
                f"{submission.period and submission.period.strftime('%Y-%m') or ''}"
            )

    @api.depends("state", "received_date", "date_due")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for submission in self:
            due = submission.date_due
            if submission.received_date:
                end = submission.received_date
            elif submission.state == "late":
                end = today
            else:
                end = due
            days = (end - due).days if due and end else 0
            submission.days_late = max(days, 0)
            submission.is_late = days > 0

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            # The calendar is generated for every dealer each month (or by head office's
            # officer for a new dealer); a dealer does not add or remove what it owes.
            self._kia_require_groups("kia_base.group_hq_officer", action=self.env._("create"))
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_hq(self):
        if not self.env.su and not self.env.user.has_group("kia_base.group_hq_manager"):
            raise UserError(self.env._("Only head office's managers remove a report owed."))

    def action_submit(self):
        """The dealer hands the month's report to head office, with its file."""
        self._kia_require_groups(*SUBMITTERS, action=self.env._("submit"))
        for submission in self:
            if submission.state == "received":
                raise UserError(
                    self.env._("%(name)s was received already.", name=submission.display_name)
                )
            if not submission.attachment_ids:
                raise UserError(
                    self.env._(
                        "Attach the report file of %(name)s before submitting it.",
                        name=submission.display_name,
                    )
                )
        today = fields.Date.context_today(self)
        with self._kia_unlocked("state", "received_date", "received_by_id"):
            self.write(
                {"state": "received", "received_date": today, "received_by_id": self.env.uid}
            )
        return True

    @api.constrains("attachment_ids", "state")
    def _check_received_file(self):
        for submission in self:
            if submission.state == "received" and not submission.attachment_ids:
                raise ValidationError(
                    self.env._(
                        "A received report keeps its file: %(name)s.",
                        name=submission.display_name,
                    )
                )

    @api.model
    def _kia_generate(self, month=None):
        """The reporting calendar of ``month`` (a date in it; this month by default): one
        report of each active type for every dealer it applies to, those missing only."""
        month = fields.Date.to_date(month or fields.Date.context_today(self)).replace(day=1)
        dealers = self.env["res.company"].search(
            [("kia_dealer_type", "in", ("dealer_4s", "service_station"))]
        )
        types = self.env["kia.report.type"].search([])
        existing = {
            (company.id, report_type.id)
            for company, report_type in self._read_group(
                [("period", "=", month), ("company_id", "in", dealers.ids)],
                ["company_id", "report_type_id"],
            )
        }
        vals_list = []
        for dealer in dealers:
            for report_type in types:
                if report_type.applies_to not in ("all", dealer.kia_dealer_type):
                    continue
                if (dealer.id, report_type.id) in existing:
                    continue
                vals_list.append(
                    {
                        "company_id": dealer.id,
                        "report_type_id": report_type.id,
                        "period": month,
                        "date_due": month + relativedelta(months=1, day=report_type.due_day),
                    }
                )
        return self.create(vals_list)

    @api.model
    def _cron_reporting_calendar(self):
        """Monthly: this month's calendar for every dealer. Daily: reports past their due
        date and not received become late."""
        self._kia_generate()
        self._kia_mark_late()

    @api.model
    def _kia_mark_late(self):
        """Reports past their due date and not received become late; the dealer's service
        managers get a to-do on each, in the dealer's language."""
        overdue = self.search(
            [("state", "=", "due"), ("date_due", "<", fields.Date.context_today(self))]
        )
        with overdue._kia_unlocked("state"):
            overdue.write({"state": "late"})
        managers = self.env.ref("kia_base.group_service_manager").users.filtered(
            lambda user: not user.share and user.company_id in overdue.company_id
        )
        for report in overdue:
            lang = report.company_id.partner_id.lang
            report_tr = report.with_context(lang=lang)
            for manager in managers.filtered(lambda u, r=report: u.company_id == r.company_id):
                report_tr.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=fields.Date.context_today(report),
                    summary=report_tr.env._(
                        "Report %(name)s is late: submit it to head office",
                        name=report_tr.report_type_id.name,
                    ),
                    user_id=manager.id,
                )
        return overdue
