from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

# What a coordinator enters when recording a certification that needs no exam (a state licence).
RECORDED_FIELDS = ("employee_id", "type_id", "date_issued")


class KiaCertification(models.Model):
    """A certification an employee of a dealer holds. Whether it is valid depends on today:
    ``is_valid`` is searched by date, and a daily cron moves ``state`` to expired so lists,
    filters and HQ's reports agree."""

    _name = "kia.certification"
    _description = "Kia Certification"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "date_expiry, id"
    _check_company_auto = True

    name = fields.Char(string="Certificate No.", required=True, copy=False, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, check_company=True, tracking=True
    )
    type_id = fields.Many2one(
        "kia.certification.type",
        string="Certification",
        required=True,
        index=True,
        tracking=True,
    )
    track = fields.Selection(related="type_id.track", store=True, index=True)
    level = fields.Integer(related="type_id.level", store=True)
    date_issued = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    date_expiry = fields.Date(
        compute="_compute_date_expiry",
        store=True,
        readonly=False,
        index=True,
        tracking=True,
        help="Empty: never expires.",
    )
    state = fields.Selection(
        [("valid", "Valid"), ("expired", "Expired"), ("revoked", "Revoked")],
        default="valid",
        required=True,
        index=True,
        tracking=True,
        help="Updated daily; use the Valid filter for the exact state of today.",
    )
    is_valid = fields.Boolean(
        string="Valid Today", compute="_compute_is_valid", search="_search_is_valid"
    )
    is_expiring = fields.Boolean(
        string="Expiring Soon", compute="_compute_is_valid", search="_search_is_expiring"
    )
    enrolment_id = fields.Many2one(
        "kia.training.enrolment", index=True, check_company=True, readonly=True
    )
    user_input_id = fields.Many2one(
        "survey.user_input", string="Exam", readonly=True, help="The passed exam."
    )
    exam_score = fields.Float(related="user_input_id.scoring_percentage", string="Score (%)")
    renewal_notified = fields.Boolean(copy=False, readonly=True)
    revoke_reason = fields.Text(readonly=True, copy=False, tracking=True)
    note = fields.Text()

    @api.depends("date_issued", "type_id.validity_months")
    def _compute_date_expiry(self):
        for cert in self:
            months = cert.type_id.validity_months
            cert.date_expiry = (
                cert.date_issued + relativedelta(months=months)
                if cert.date_issued and months
                else False
            )

    @api.depends("state", "date_issued", "date_expiry")
    @api.depends_context("date")
    def _compute_is_valid(self):
        today = fields.Date.context_today(self)
        valid = self.filtered_domain(self._valid_domain(today))
        for cert in self:
            window = cert.company_id.kia_training_expiring_days
            cert.is_valid = cert in valid
            cert.is_expiring = bool(
                cert.is_valid
                and cert.date_expiry
                and cert.date_expiry <= today + relativedelta(days=window)
            )

    def _search_is_valid(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on validity."))
        domain = expression.normalize_domain(self._valid_domain(fields.Date.context_today(self)))
        return domain if (operator == "=") == value else ["!", *domain]

    def _search_is_expiring(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on expiry."))
        today = fields.Date.context_today(self)
        window = self.env.company.kia_training_expiring_days
        domain = expression.normalize_domain(
            [
                *self._valid_domain(today),
                ("date_expiry", "!=", False),
                ("date_expiry", "<=", today + relativedelta(days=window)),
            ]
        )
        return domain if (operator == "=") == value else ["!", *domain]

    @api.model
    def _valid_domain(self, on_date):
        """The one definition of a certification valid on ``on_date``: not revoked, issued on
        or before that day and expiring on or after it (or never). ``state`` is not asked
        beyond revocation: the daily cron only mirrors the dates into it.

        Everything that decides validity uses this domain: ``is_valid`` (searched with it,
        computed with ``filtered_domain``), the dispatch gate and the warranty-claim pre-check
        (``hr.employee._kia_missing_certifications_by_date``) and the staffing compliance
        report, whose SQL is generated from it (:meth:`_valid_where_sql`).

        :param on_date: a date; or an SQL expression of one, for SQL generated from the
            domain (``filtered_domain`` needs a date)
        """
        return [
            ("state", "!=", "revoked"),
            ("date_issued", "<=", on_date),
            "|",
            ("date_expiry", "=", False),
            ("date_expiry", ">=", on_date),
        ]

    @api.model
    def _expired_domain(self, on_date):
        """Certifications that lapsed before ``on_date`` (not revoked, expiry passed): what
        the dispatch gate reports as expired rather than missing."""
        return [("state", "!=", "revoked"), ("date_expiry", "<", on_date)]

    @api.model
    def _valid_where_sql(self, on_date):
        """:meth:`_valid_domain` as an SQL condition on the table ``kia_certification`` (not
        aliased), for SQL views; ``on_date`` may be an SQL expression, e.g.
        ``SQL("CURRENT_DATE")``."""
        return self._where_calc(self._valid_domain(on_date)).where_clause

    @api.constrains("date_issued", "date_expiry")
    def _check_dates(self):
        for cert in self:
            if cert.date_expiry and cert.date_expiry < cert.date_issued:
                raise ValidationError(
                    self.env._(
                        "Certification %(name)s cannot expire before it is issued.",
                        name=cert.name,
                    )
                )

    @api.constrains("type_id", "user_input_id")
    def _check_exam_passed(self):
        for cert in self:
            if not cert.type_id.exam_required:
                continue
            # sudo: coordinators hold no survey rights; only the exam's result is read.
            exam = cert.user_input_id.sudo()
            examinees = cert.employee_id.user_id.partner_id | cert.employee_id.work_contact_id
            if (
                not exam
                or exam.state != "done"
                or not exam.scoring_success
                or exam.partner_id not in examinees
            ):
                raise ValidationError(
                    self.env._(
                        "%(cert)s can only be granted on a passed exam; %(employee)s has none.",
                        cert=cert.type_id.display_name,
                        employee=cert.employee_id.name,
                    )
                )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        grant = self.env._("Grant Certification on the enrolment whose exam was passed")
        res.update(
            {
                "employee_id": grant,
                "type_id": grant,
                "date_issued": grant,
                "date_expiry": grant,
                "user_input_id": grant,
                "enrolment_id": grant,
                "state": self.env._("Revoke and Restore (head office's training manager)"),
                "revoke_reason": self.env._("Revoke (head office's training manager)"),
                "renewal_notified": self.env._("the daily renewal reminder"),
            }
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kia.certification") or "/"
            # The expiry follows from the type; any value given here, even an empty one,
            # would replace that computation ("never expires").
            if "date_expiry" in vals and self._kia_locked_fields(["date_expiry"]):
                self._kia_refuse_protected("date_expiry")
        type_ids = {vals.get("type_id") for vals in vals_list}
        cert_types = self.env["kia.certification.type"].browse(filter(None, type_ids))
        if type_ids and None not in type_ids and not any(cert_types.mapped("exam_required")):
            # A certification that needs no exam (a state licence) is recorded by the dealer's
            # training coordinator: who holds it, which one and since when. Its expiry follows
            # from the type; its state and exam stay the actions'.
            self._kia_require_groups(
                "kia_training.group_training_coordinator", action=self.env._("record")
            )
            with self._kia_unlocked(*RECORDED_FIELDS):
                return super().create(vals_list)
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_granted_by_exam(self):
        if any(cert.user_input_id for cert in self):
            raise UserError(
                self.env._("A certification granted by an exam cannot be deleted; revoke it.")
            )

    def action_revoke(self, reason=None):
        """Head office's training manager withdraws certifications (exam fraud, misconduct)."""
        self._kia_require_groups(
            "kia_training.group_hq_training_manager", action=self.env._("revoke")
        )
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for revoking the certification."))
        if revoked := self.filtered(lambda c: c.state == "revoked"):
            raise UserError(
                self.env._("Certification %(name)s is already revoked.", name=revoked[0].name)
            )
        with self._kia_unlocked("state", "revoke_reason"):
            self.write({"state": "revoked", "revoke_reason": reason.strip()})
        return True

    def action_restore(self):
        """Head office's training manager takes back a revocation made in error; the
        certification is valid or expired again by its dates."""
        self._kia_require_groups(
            "kia_training.group_hq_training_manager", action=self.env._("restore")
        )
        if not_revoked := self.filtered(lambda c: c.state != "revoked"):
            raise UserError(
                self.env._("Certification %(name)s is not revoked.", name=not_revoked[0].name)
            )
        today = fields.Date.context_today(self)
        with self._kia_unlocked("state", "revoke_reason"):
            for cert in self:
                expired = cert.date_expiry and cert.date_expiry < today
                cert.write({"state": "expired" if expired else "valid", "revoke_reason": False})
        return True

    def action_print_certificate(self):
        if invalid := self.filtered(lambda c: not c.is_valid):
            raise UserError(
                self.env._(
                    "Certification %(name)s is not valid today: no certificate can be printed.",
                    name=invalid[0].name,
                )
            )
        return self.env.ref("kia_training.kia_certification_report").report_action(self)

    @api.model
    def _cron_update_states(self):
        """Daily: expire what passed its date, restore what a correction made valid again,
        and remind the coordinators of what expires soon."""
        today = fields.Date.context_today(self)
        with self._kia_unlocked("state"):
            self.search([("state", "=", "valid"), ("date_expiry", "<", today)]).write(
                {"state": "expired"}
            )
            self.search(
                [
                    ("state", "=", "expired"),
                    "|",
                    ("date_expiry", "=", False),
                    ("date_expiry", ">=", today),
                ]
            ).write({"state": "valid"})
        self._send_renewal_reminders(today)

    @api.model
    def _send_renewal_reminders(self, today):
        companies = self.env["res.company"].search([])
        max_days = max(companies.mapped("kia_training_renewal_notice_days") or [0])
        candidates = self.search(
            [
                ("state", "=", "valid"),
                ("renewal_notified", "=", False),
                ("date_expiry", ">=", today),
                ("date_expiry", "<=", today + relativedelta(days=max_days)),
            ]
        )
        due = candidates.filtered(
            lambda c: (
                c.date_expiry
                <= today + relativedelta(days=c.company_id.kia_training_renewal_notice_days)
            )
        )
        if not due:
            return
        template = self.env.ref("kia_training.mail_template_certification_renewal")
        activity_type = self.env.ref("mail.mail_activity_data_todo")
        for cert in due:
            user = cert.employee_id.parent_id.user_id or cert.employee_id.user_id
            cert.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=cert.date_expiry,
                summary=cert._kia_lang_env()._(
                    "Renew certification %(name)s", name=cert.type_id.name
                ),
                user_id=user.id or self.env.uid,
            )
            cert.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=cert.employee_id.work_contact_id.ids,
            )
        with self._kia_unlocked("renewal_notified"):
            due.write({"renewal_notified": True})
