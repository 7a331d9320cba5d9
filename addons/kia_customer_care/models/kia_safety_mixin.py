from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

HQ_ROLES = ("kia_base.group_hq_officer", "kia_base.group_hq_manager")


class KiaSafetyMixin(models.AbstractModel):
    """A dealer's record that may concern vehicle safety (a complaint, a quality report, a
    technical request). Once it is flagged as safety relevant and reaches head office, the head
    office users who hold the dealer are told at once (an activity and a mail each), and head
    office must acknowledge it within its own short deadline (``kia.safety.deadline``)."""

    _name = "kia.safety.mixin"
    _description = "Safety Escalation to Head Office"
    _inherit = ["kia.protected.mixin"]
    # the kind of the record for the deadline rules (kia.safety.deadline.source)
    _kia_safety_source = None

    kia_safety_notified_date = fields.Datetime(
        string="Head Office Notified On", copy=False, readonly=True, index=True
    )
    kia_safety_deadline = fields.Datetime(
        string="Head Office Due", copy=False, readonly=True, index=True
    )
    kia_safety_ack_date = fields.Datetime(
        string="Head Office Acknowledged On", copy=False, readonly=True
    )
    kia_safety_ack_user_id = fields.Many2one(
        "res.users", string="Acknowledged at Head Office by", copy=False, readonly=True
    )
    kia_safety_overdue = fields.Boolean(
        string="Head Office Overdue",
        compute="_compute_kia_safety_overdue",
        search="_search_kia_safety_overdue",
    )

    @api.depends("kia_safety_deadline", "kia_safety_ack_date")
    def _compute_kia_safety_overdue(self):
        now = fields.Datetime.now()
        for record in self:
            record.kia_safety_overdue = bool(
                record.kia_safety_deadline
                and not record.kia_safety_ack_date
                and record.kia_safety_deadline < now
            )

    def _search_kia_safety_overdue(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(operator)
        domain = [
            ("kia_safety_deadline", "<", fields.Datetime.now()),
            ("kia_safety_ack_date", "=", False),
        ]
        if (operator == "=") != bool(value):
            return ["!", "&", *domain]
        return domain

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        automatic = self.env._("the safety notification to head office (automatic)")
        ack = self.env._("head office's Acknowledge Safety button")
        res.update(
            {
                "kia_safety_notified_date": automatic,
                "kia_safety_deadline": automatic,
                "kia_safety_ack_date": ack,
                "kia_safety_ack_user_id": ack,
            }
        )
        return res

    def _kia_lang(self):
        """The language of the record's company, for the texts the suite generates."""
        self.ensure_one()
        # sudo: head office works on a dealer's record with only its own company ticked, and
        # may not read the dealer's company then; only its language is read.
        return self.company_id.sudo().partner_id.lang or self.env.lang

    def _kia_safety_flagged(self):
        """The records of ``self`` that are safety relevant and have reached head office."""
        raise NotImplementedError

    def _kia_safety_label(self):
        """How the message names the record, e.g. 'quality report QF00012'."""
        self.ensure_one()
        return self.display_name

    @api.model
    def _kia_hq_users_by_company(self, companies):
        """{company id: head office users holding that dealer}, one query for the batch."""
        groups = self.env.ref(HQ_ROLES[0]) | self.env.ref(HQ_ROLES[1])
        # sudo: whoever raises a safety problem (a dealer's technician, the cron) must find the
        # head office users to alert; dealers cannot read head office's users.
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", groups.ids),
                    ("company_ids", "in", companies.ids),
                    ("share", "=", False),
                ]
            )
        )
        return {
            company.id: users.filtered(lambda u, c=company: c in u.company_ids).with_env(self.env)
            for company in companies
        }

    def _kia_safety_notify(self):
        """Notify head office of the safety records of ``self`` not notified yet (only once),
        start head office's deadline, and put an activity and a mail to each HQ user."""
        todo = self.filtered(lambda r: not r.kia_safety_notified_date)._kia_safety_flagged()
        if not todo:
            return
        deadlines = self.env["kia.safety.deadline"]._kia_hours_by_source()
        hours = deadlines.get(self._kia_safety_source, 24)
        now = fields.Datetime.now()
        users_by_company = self._kia_hq_users_by_company(todo.company_id)
        activity_type = self.env.ref("kia_customer_care.mail_activity_type_safety_hq")
        for record in todo:
            deadline = now + timedelta(hours=hours)
            with record._kia_unlocked("kia_safety_notified_date", "kia_safety_deadline"):
                record.write({"kia_safety_notified_date": now, "kia_safety_deadline": deadline})
            hq_users = users_by_company.get(record.company_id.id, self.env["res.users"])
            # in the dealer's (the company's) language, for head office and the chatter alike
            rec = record.with_context(lang=record._kia_lang())
            env = rec.env
            # sudo: the dealer's name for the texts (see _kia_lang)
            dealer = record.company_id.sudo().name
            summary = env._("Safety problem reported by %(dealer)s", dealer=dealer)
            note = env._(
                "%(record)s of %(dealer)s is safety relevant: head office must acknowledge it "
                "by %(deadline)s.",
                record=rec._kia_safety_label(),
                dealer=dealer,
                deadline=fields.Datetime.to_string(
                    fields.Datetime.context_timestamp(rec, deadline)
                )[:16],
            )
            for user in hq_users:
                record.activity_schedule(
                    activity_type_id=activity_type.id,
                    date_deadline=fields.Date.context_today(rec, deadline),
                    summary=summary,
                    note=note,
                    user_id=user.id,
                )
            record.message_post(
                body=note,
                subject=summary,
                partner_ids=hq_users.partner_id.ids,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )

    def action_kia_safety_acknowledge(self):
        """Head office takes charge of the safety problem: its deadline stops."""
        if not self.env.su and not any(self.env.user.has_group(g) for g in HQ_ROLES):
            raise AccessError(
                self.env._("Only head office acknowledges a safety problem reported to it.")
            )
        todo = self.filtered(lambda r: r.kia_safety_notified_date and not r.kia_safety_ack_date)
        with self._kia_unlocked("kia_safety_ack_date", "kia_safety_ack_user_id"):
            todo.write(
                {
                    "kia_safety_ack_date": fields.Datetime.now(),
                    "kia_safety_ack_user_id": self.env.uid,
                }
            )
        todo.activity_feedback(["kia_customer_care.mail_activity_type_safety_hq"])
        return True
