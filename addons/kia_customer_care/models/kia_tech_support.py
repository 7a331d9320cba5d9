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
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True

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

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res.update(
            {
                "state": self.env._(
                    "the Send to Head Office, Send Answer, Solved and Still Not Solved buttons"
                ),
                "hq_user_id": self.env._("head office's Send Answer button"),
                "answer_date": self.env._("head office's Send Answer button"),
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
            self._kia_require_groups(HQ_ENGINEER, action=self.env._("answer"))
            if any(request.state != "submitted" for request in self):
                raise UserError(
                    self.env._("Head office's answer is written while the request is open.")
                )
        return super().write(vals)

    def action_submit(self):
        self._kia_require_groups(DEALER_REQUESTER, action=self.env._("send to head office"))
        for request in self:
            if request.state != "draft":
                raise UserError(self.env._("Request %(name)s was already sent.", name=request.name))
        with self._kia_unlocked("state"):
            self.write({"state": "submitted"})
        return True

    def action_answer(self):
        self._check_hq_user()
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
        for request in self:
            request.message_post(
                body=request._kia_lang_env()._(
                    "Head office answered request %(name)s.", name=request.name
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
        with self._kia_unlocked("state"):
            self.filtered(lambda r: r.state in ("answered", "closed")).write({"state": "submitted"})
        return True

    def _check_hq_user(self):
        if not self.env.user.has_group(HQ_ENGINEER):
            raise AccessError(self.env._("Only head office answers dealers' requests."))
