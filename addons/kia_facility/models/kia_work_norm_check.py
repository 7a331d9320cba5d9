from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class KiaWorkNormCheck(models.Model):
    """One due checklist of a daily work norm, done with a note and evidence photos."""

    _name = "kia.work.norm.check"
    _description = "Daily Work Norm Checklist"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    norm_id = fields.Many2one("kia.work.norm", required=True, index=True, check_company=True)
    name = fields.Char(related="norm_id.name")
    kind = fields.Selection(related="norm_id.kind", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one("res.users", string="Responsible", required=True, tracking=True)
    date = fields.Date(required=True, index=True)
    state = fields.Selection(
        [("todo", "To Do"), ("done", "Done"), ("missed", "Missed")],
        default="todo",
        required=True,
        index=True,
        tracking=True,
    )
    checklist = fields.Html()
    note = fields.Text(string="Findings")
    done_date = fields.Datetime(string="Done On", readonly=True)
    on_time = fields.Boolean(compute="_compute_compliance", store=True)
    compliance = fields.Float(
        string="Compliance (%)",
        compute="_compute_compliance",
        store=True,
        aggregator="avg",
        help="100 when done within the grace period, else 0: averaged per dealer and month.",
    )
    attachment_count = fields.Integer(compute="_compute_attachment_count", string="Photos")

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        done = self.env._("the Done button (by the responsible person)")
        res.update({"state": done, "done_date": done})
        return res

    @api.depends("state", "done_date", "date", "company_id.kia_norm_grace_days")
    def _compute_compliance(self):
        for check in self:
            limit = check.date and check.date + timedelta(days=check.company_id.kia_norm_grace_days)
            check.on_time = bool(
                check.state == "done" and check.done_date and check.done_date.date() <= limit
            )
            check.compliance = 100.0 if check.on_time else 0.0

    def _compute_attachment_count(self):
        counts = dict(
            self.env["ir.attachment"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for check in self:
            check.attachment_count = counts.get(check.id, 0)

    def action_done(self):
        if not self.env.su and not self.env.user.has_group("kia_base.group_service_manager"):
            others = self.filtered(lambda check: check.user_id != self.env.user)
            if others:
                raise AccessError(
                    self.env._(
                        "Checklist %(name)s of %(date)s is %(user)s's: only they or a service "
                        "manager close it.",
                        name=others[0].name,
                        date=others[0].date,
                        user=others[0].user_id.name,
                    )
                )
        if any(check.state == "done" for check in self):
            raise UserError(self.env._("This checklist is already done."))
        missing_note = self.filtered(lambda c: not (c.note or "").strip())
        if missing_note:
            raise UserError(
                self.env._(
                    "Write what you found in checklist %(name)s of %(date)s before closing it.",
                    name=missing_note[0].name,
                    date=missing_note[0].date,
                )
            )
        missing_photo = self.filtered(lambda c: c.norm_id.photo_required and not c.attachment_count)
        if missing_photo:
            raise UserError(
                self.env._(
                    "Checklist %(name)s of %(date)s needs a photo as evidence: attach it in the "
                    "chatter first.",
                    name=missing_photo[0].name,
                    date=missing_photo[0].date,
                )
            )
        with self._kia_unlocked("state", "done_date"):
            self.write({"state": "done", "done_date": fields.Datetime.now()})
        self.activity_feedback(["kia_facility.mail_activity_type_work_norm"])
        return True

    @api.model
    def _mark_missed(self, today):
        checks = self.search([("state", "=", "todo"), ("date", "<", today)])
        missed = checks.filtered(
            lambda c: c.date + timedelta(days=c.company_id.kia_norm_grace_days) < today
        )
        with self._kia_unlocked("state"):
            missed.write({"state": "missed"})
        missed.activity_unlink(["kia_facility.mail_activity_type_work_norm"])
        return missed
