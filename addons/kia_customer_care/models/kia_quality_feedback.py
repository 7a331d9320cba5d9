from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import is_html_empty

FEEDBACK_STATES = [
    ("draft", "Draft"),
    ("submitted", "Sent to Head Office"),
    ("acknowledged", "Acknowledged"),
    ("answered", "Answered"),
]
HQ_QUALITY = "kia_base.group_hq_officer"
DEALER_REPORTERS = ("kia_base.group_technician", "kia_base.group_advisor")


class KiaQualityFeedback(models.Model):
    """质量信息反馈单: a dealer reports a product quality problem to head office, which
    acknowledges and answers it."""

    _name = "kia.quality.feedback"
    _description = "Quality Information Report"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.safety.mixin", "kia.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True
    _kia_safety_source = "quality"

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        FEEDBACK_STATES, default="draft", required=True, tracking=True, index=True, copy=False
    )
    reporter_id = fields.Many2one(
        "res.users", string="Reported by", default=lambda self: self.env.user, required=True
    )
    vehicle_id = fields.Many2one("fleet.vehicle", required=True, index=True, check_company=True)
    vin = fields.Char(related="vehicle_id.vin_sn", string="VIN", store=True, index="trigram")
    model_id = fields.Many2one(related="vehicle_id.model_id", store=True, string="Model")
    odometer = fields.Float(string="Mileage (km)", required=True)
    failure_date = fields.Date(required=True)
    symptom = fields.Text(required=True)
    conditions = fields.Text(string="Operating Conditions", help="Road, weather, speed, load...")
    dtc_codes = fields.Char(string="DTCs")
    suspected_part = fields.Char()
    occurrences = fields.Integer(
        default=1, help="How many vehicles at this dealer show the same problem."
    )
    is_safety = fields.Boolean(string="Safety Relevant", tracking=True, index=True)
    hq_user_id = fields.Many2one("res.users", string="Acknowledged by", copy=False, readonly=True)
    ack_date = fields.Datetime(string="Acknowledged On", copy=False, readonly=True)
    answer = fields.Html(copy=False)
    answer_date = fields.Datetime(copy=False, readonly=True)

    @api.constrains("odometer", "occurrences", "failure_date")
    def _check_values(self):
        today = fields.Date.context_today(self)
        for report in self:
            if report.odometer < 0 or report.occurrences < 1:
                raise ValidationError(
                    self.env._("Mileage cannot be negative and occurrences start at 1.")
                )
            if report.failure_date and report.failure_date > today:
                raise ValidationError(self.env._("The failure date cannot be in the future."))

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res.update(
            {
                "state": self.env._("the Send to Head Office, Acknowledge and Send Answer buttons"),
                "hq_user_id": self.env._("head office's Acknowledge button"),
                "ack_date": self.env._("head office's Acknowledge button"),
                "answer_date": self.env._("head office's Send Answer button"),
            }
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        if any(not is_html_empty(vals.get("answer")) for vals in vals_list):
            self._kia_require_groups(HQ_QUALITY, action=self.env._("answer"))
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kia.quality.feedback") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if "answer" in vals and not self._kia_same_value("answer", vals["answer"]):
            self._kia_require_groups(HQ_QUALITY, action=self.env._("answer"))
            if any(report.state != "acknowledged" for report in self):
                raise UserError(
                    self.env._("Head office's answer is written once the report is acknowledged.")
                )
        if "is_safety" in vals and not self._kia_same_value("is_safety", vals["is_safety"]):
            # The reporter flags a safety problem in his draft; once sent, head office decides.
            if any(report.state != "draft" for report in self):
                self._kia_require_groups(
                    HQ_QUALITY, action=self.env._("change the safety level of a sent")
                )
        res = super().write(vals)
        if vals.get("is_safety"):
            self._kia_safety_notify()
        return res

    def _kia_safety_flagged(self):
        return self.filtered(lambda report: report.is_safety and report.state != "draft")

    def _kia_safety_label(self):
        return self.env._("Quality report %(name)s", name=self.name)

    def action_submit(self):
        self._kia_require_groups(*DEALER_REPORTERS, action=self.env._("send to head office"))
        if any(report.state != "draft" for report in self):
            raise UserError(self.env._("Only a draft report can be sent to head office."))
        with self._kia_unlocked("state"):
            self.write({"state": "submitted"})
        self._kia_safety_notify()
        return True

    def action_acknowledge(self):
        self._check_hq_user()
        if any(report.state != "submitted" for report in self):
            raise UserError(self.env._("Only a report sent to head office can be acknowledged."))
        with self._kia_unlocked("state", "hq_user_id", "ack_date"):
            self.write(
                {
                    "state": "acknowledged",
                    "hq_user_id": self.env.user.id,
                    "ack_date": fields.Datetime.now(),
                }
            )
        # acknowledging the report takes charge of its safety problem too
        self.action_kia_safety_acknowledge()
        return True

    def action_answer(self):
        self._check_hq_user()
        for report in self:
            if report.state != "acknowledged":
                raise UserError(
                    self.env._(
                        "Report %(name)s must be acknowledged before it is answered.",
                        name=report.name,
                    )
                )
            if is_html_empty(report.answer):
                raise UserError(
                    self.env._("Write head office's answer to %(name)s first.", name=report.name)
                )
        with self._kia_unlocked("state", "answer_date"):
            self.write({"state": "answered", "answer_date": fields.Datetime.now()})
        for report in self:
            report.message_post(
                body=report._kia_lang_env()._(
                    "Head office answered report %(name)s.", name=report.name
                ),
                partner_ids=report.reporter_id.partner_id.ids,
            )
        return True

    def _check_hq_user(self):
        if not self.env.user.has_group(HQ_QUALITY):
            raise AccessError(self.env._("Only head office answers dealers' requests."))
