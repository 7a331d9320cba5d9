from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import is_html_empty

SUPPORT_STATES = [
    ("draft", "Draft"),
    ("submitted", "Sent to Head Office"),
    ("answered", "Answered"),
    ("closed", "Closed"),
]
HQ_ENGINEER = "kia_base.group_hq_officer"
DEALER_REQUESTER = "kia_base.group_technician"


class KiaTechSupport(models.Model):
    """技术支持: a dealer asks head office's technical team for help on a vehicle. The
    request stays the dealer's record; head office users hold every company and answer it."""

    _name = "kia.tech.support"
    _description = "Technical Support Request"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.safety.mixin", "kia.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _kia_safety_source = "tech_support"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        SUPPORT_STATES, default="draft", required=True, tracking=True, index=True, copy=False
    )
    requester_id = fields.Many2one(
        "res.users", string="Requested by", default=lambda self: self.env.user, required=True
    )
    vehicle_id = fields.Many2one("fleet.vehicle", required=True, index=True, check_company=True)
    vin = fields.Char(related="vehicle_id.vin_sn", string="VIN")
    repair_id = fields.Many2one("repair.order", string="Repair Order", check_company=True)
    odometer = fields.Float(string="Mileage (km)")
    symptom = fields.Text(required=True)
    dtc_codes = fields.Char(string="DTCs", help="Diagnostic trouble codes read, e.g. P0300.")
    tried = fields.Text(string="What Was Tried")
    hq_user_id = fields.Many2one(
        "res.users", string="Head Office Engineer", tracking=True, copy=False
    )
    answer = fields.Html(copy=False)
    answer_date = fields.Datetime(readonly=True, copy=False)
    document_ids = fields.Many2many("kia.technical.document", string="Documents Referred")
    is_safety = fields.Boolean(string="Safety Relevant", tracking=True, index=True)
    level_id = fields.Many2one(
        "kia.tech.support.level",
        string="Support Level",
        copy=False,
        readonly=True,
        tracking=True,
        index=True,
    )
    level_tier = fields.Selection(related="level_id.tier", string="Tier")
    level_date = fields.Datetime(string="At This Level Since", copy=False, readonly=True)
    level_deadline = fields.Datetime(
        string="Response Due", copy=False, readonly=True, index=True, tracking=True
    )
    level_overdue = fields.Boolean(
        string="Response Overdue", compute="_compute_level_overdue", search="_search_level_overdue"
    )
    escalation_count = fields.Integer(string="Escalations", copy=False, readonly=True)

    @api.depends("level_deadline", "state")
    def _compute_level_overdue(self):
        now = fields.Datetime.now()
        for request in self:
            request.level_overdue = bool(
                request.state == "submitted"
                and request.level_deadline
                and request.level_deadline < now
            )

    def _search_level_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(operator)
        domain = [("state", "=", "submitted"), ("level_deadline", "<", fields.Datetime.now())]
        if (operator == "=") != bool(value):
            return ["!", "&", *domain]
        return domain

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res.update(
            {
                "state": self.env._(
                    "the Send to Head Office, Send Answer, Solved and Still Not Solved buttons"
                ),
                "hq_user_id": self.env._("head office's Send Answer button"),
                "answer_date": self.env._("head office's Send Answer button"),
                "level_id": self.env._("the Escalate button or the escalation check (automatic)"),
                "level_date": self.env._("the Escalate button or the escalation check (automatic)"),
                "level_deadline": self.env._(
                    "the Escalate button or the escalation check (automatic)"
                ),
                "escalation_count": self.env._(
                    "the Escalate button or the escalation check (automatic)"
                ),
            }
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        if any(not is_html_empty(vals.get("answer")) for vals in vals_list):
            self._kia_require_groups(HQ_ENGINEER, action=self.env._("answer"))
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kia.tech.support") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if "answer" in vals and not self._kia_same_value("answer", vals["answer"]):
            self._check_answerer()
            if any(request.state != "submitted" for request in self):
                raise UserError(self.env._("The answer is written while the request is open."))
        if "is_safety" in vals and not self._kia_same_value("is_safety", vals["is_safety"]):
            # The requester flags a safety problem in his draft; once sent, head office decides.
            if any(request.state != "draft" for request in self):
                self._kia_require_groups(
                    HQ_ENGINEER, action=self.env._("change the safety level of a sent")
                )
        res = super().write(vals)
        if vals.get("is_safety"):
            self._kia_safety_notify()
        return res

    def _kia_safety_flagged(self):
        return self.filtered(lambda request: request.is_safety and request.state != "draft")

    def _kia_safety_label(self):
        return self.env._("Technical request %(name)s", name=self.name)

    def action_submit(self):
        self._kia_require_groups(DEALER_REQUESTER, action=self.env._("send to head office"))
        for request in self:
            if request.state != "draft":
                raise UserError(self.env._("Request %(name)s was already sent.", name=request.name))
        with self._kia_unlocked("state"):
            self.write({"state": "submitted"})
        self._kia_set_level(first=True)
        self._kia_safety_notify()
        return True

    def action_answer(self):
        self._check_answerer()
        for request in self:
            if request.state != "submitted":
                raise UserError(
                    self.env._(
                        "Request %(name)s must be sent to head office before it is answered.",
                        name=request.name,
                    )
                )
            if is_html_empty(request.answer):
                raise UserError(
                    self.env._("Write head office's answer to %(name)s first.", name=request.name)
                )
        with self._kia_unlocked("state", "answer_date", "hq_user_id"):
            self.write(
                {
                    "state": "answered",
                    "answer_date": fields.Datetime.now(),
                    "hq_user_id": self.env.user.id,
                }
            )
        self.activity_feedback(["kia_customer_care.mail_activity_type_tech_support_level"])
        for request in self:
            request.message_post(
                body=request._kia_lang_env()._(
                    "%(user)s answered request %(name)s.",
                    user=self.env.user.name,
                    name=request.name,
                ),
                partner_ids=request.requester_id.partner_id.ids,
            )
        return True

    def action_close(self):
        self._kia_require_groups(DEALER_REQUESTER, HQ_ENGINEER, action=self.env._("close"))
        if any(request.state != "answered" for request in self):
            raise UserError(self.env._("Only an answered request can be closed."))
        with self._kia_unlocked("state"):
            self.write({"state": "closed"})
        return True

    def action_reopen(self):
        self._kia_require_groups(DEALER_REQUESTER, HQ_ENGINEER, action=self.env._("reopen"))
        reopened = self.filtered(lambda r: r.state in ("answered", "closed"))
        with self._kia_unlocked("state"):
            reopened.write({"state": "submitted"})
        # the level that answered has a new response target
        reopened._kia_set_level()
        return True

    def action_escalate(self):
        """The level holding the request hands it to the next level up."""
        for request in self:
            if request.state != "submitted":
                raise UserError(
                    self.env._(
                        "Only an open request can be escalated: %(name)s.", name=request.name
                    )
                )
            if not request._kia_is_level_user(self.env.user):
                raise AccessError(
                    self.env._(
                        "Only the support level holding request %(name)s escalates it.",
                        name=request.name,
                    )
                )
            if not request._kia_next_level():
                raise UserError(
                    self.env._(
                        "Request %(name)s is at the last support level already.",
                        name=request.name,
                    )
                )
        self._kia_escalate(manual=True)
        return True

    # support levels

    def _kia_level_users(self, level=None):
        """The users who answer the request at ``level`` (its current one by default)."""
        self.ensure_one()
        level = self.level_id if level is None else level
        Users = self.env["res.users"]
        # sudo: who holds a level is read for anyone who moves the request (head office with
        # only its company ticked, the cron); the users come back in the caller's env.
        company = self.company_id.sudo()
        if level.tier == "dealer":
            return company.kia_tech_manager_id.with_env(self.env)
        if level.tier == "field":
            return company.kia_region_id.kia_field_engineer_id.with_env(self.env)
        if level.tier == "hq":
            hq = self._kia_hq_users_by_company(self.company_id).get(self.company_id.id, Users)
            return hq.filtered(lambda u: u.has_group(HQ_ENGINEER))
        return Users

    def _kia_is_level_user(self, user):
        self.ensure_one()
        return user.has_group(HQ_ENGINEER) or user in self._kia_level_users()

    def _kia_next_level(self, first=False):
        """The next level up that has someone to answer (levels without anyone are skipped)."""
        self.ensure_one()
        levels = self.env["kia.tech.support.level"]._kia_levels()
        if not first and self.level_id:
            levels = levels.filtered(lambda lv: lv.sequence > self.level_id.sequence)
        for level in levels:
            if self._kia_level_users(level):
                return level
        return levels.browse()

    def _kia_set_level(self, first=False, level=None):
        """Put the requests at ``level`` (the first level with someone, or their current one)
        with a new response target, and plan an activity for the level's users."""
        now = fields.Datetime.now()
        activity_type = self.env.ref("kia_customer_care.mail_activity_type_tech_support_level")
        for request in self:
            target = level or (request._kia_next_level(first=True) if first else request.level_id)
            if not target:
                continue
            deadline = now + timedelta(hours=target.response_hours)
            with request._kia_unlocked("level_id", "level_date", "level_deadline"):
                request.write(
                    {"level_id": target.id, "level_date": now, "level_deadline": deadline}
                )
            rec = request.with_context(lang=request._kia_lang())
            for user in request._kia_level_users():
                request.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=fields.Date.context_today(rec, deadline),
                    summary=rec.env._("Answer technical request %(name)s", name=request.name),
                    note=rec.env._(
                        "Request %(name)s of %(dealer)s is at level %(level)s: answer by "
                        "%(deadline)s.",
                        name=request.name,
                        # sudo: the dealer's name for the text (see _kia_lang)
                        dealer=request.company_id.sudo().name,
                        level=target.with_context(lang=rec.env.lang).name,
                        deadline=fields.Datetime.context_timestamp(rec, deadline).strftime(
                            "%Y-%m-%d %H:%M"
                        ),
                    ),
                    user_id=user.id,
                )

    def _kia_escalate(self, manual=False):
        for request in self:
            target = request._kia_next_level()
            if not target:
                continue
            previous = request.level_id
            request.activity_unlink(["kia_customer_care.mail_activity_type_tech_support_level"])
            with request._kia_unlocked("escalation_count"):
                request.escalation_count += 1
            request._kia_set_level(level=target)
            rec = request.with_context(lang=request._kia_lang())
            env = rec.env
            if manual:
                body = env._(
                    "Escalated by %(user)s from %(old)s to %(new)s.",
                    user=self.env.user.name,
                    old=previous.with_context(lang=rec.env.lang).name,
                    new=target.with_context(lang=rec.env.lang).name,
                )
            else:
                body = env._(
                    "No answer within the response target of %(old)s (%(hours)s hours): "
                    "escalated to %(new)s.",
                    old=previous.with_context(lang=rec.env.lang).name,
                    hours=previous.response_hours,
                    new=target.with_context(lang=rec.env.lang).name,
                )
            request.message_post(body=body, partner_ids=request._kia_level_users().partner_id.ids)

    @api.model
    def _cron_escalate(self):
        """Requests whose level missed its response target go up one level."""
        overdue = self.search(
            [("state", "=", "submitted"), ("level_deadline", "<", fields.Datetime.now())]
        )
        last = self.env["kia.tech.support.level"]._kia_levels()[-1:]
        overdue.filtered(lambda r: r.level_id != last)._kia_escalate()

    def _check_answerer(self):
        """Head office's engineers answer at every level; the dealer's technical manager
        while the request is at the dealer's level."""
        if self.env.su or self.env.user.has_group(HQ_ENGINEER):
            return
        for request in self:
            if (
                request.level_tier != "dealer"
                or request.state != "submitted"
                or (self.env.user != request.company_id.kia_tech_manager_id)
            ):
                raise AccessError(
                    self.env._(
                        "Only the support level holding the request or %(hq)s answers it.",
                        # sudo: the role's name for the message; dealers cannot read groups
                        hq=self.env.ref(HQ_ENGINEER).sudo().name,
                    )
                )
