from odoo import fields, models
from odoo.exceptions import UserError

CALL_TYPES = [
    ("rescue", "Roadside Rescue"),
    ("consultation", "Consultation"),
    ("appointment", "Appointment"),
    ("complaint", "Complaint"),
    ("other", "Other"),
]


class KiaHotlineCall(models.Model):
    """A call to the dealer's 24-hour service hotline."""

    _name = "kia.hotline.call"
    _description = "Hotline Call"
    _inherit = ["mail.thread"]
    _order = "call_time desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    call_time = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    caller_name = fields.Char(string="Caller", required=True)
    caller_phone = fields.Char(string="Phone")
    partner_id = fields.Many2one("res.partner", string="Customer", check_company=True)
    vehicle_id = fields.Many2one("fleet.vehicle", check_company=True)
    call_type = fields.Selection(CALL_TYPES, required=True, default="consultation", index=True)
    user_id = fields.Many2one(
        "res.users", string="Taken by", default=lambda self: self.env.user, required=True
    )
    outcome = fields.Text()
    rescue_id = fields.Many2one("kia.rescue", readonly=True, check_company=True)
    ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Complaint", readonly=True, check_company=True
    )

    def action_create_rescue(self):
        self.ensure_one()
        if self.rescue_id:
            raise UserError(self.env._("This call already has a rescue."))
        if not self.partner_id:
            raise UserError(self.env._("Identify the customer before sending a rescue."))
        self.rescue_id = self.env["kia.rescue"].create(
            {
                "company_id": self.company_id.id,
                "partner_id": self.partner_id.id,
                "vehicle_id": self.vehicle_id.id,
                "caller_phone": self.caller_phone,
                "call_time": self.call_time,
                "location": self.env._("To be confirmed"),
                "problem": self.outcome or self.env._("Reported on the hotline"),
                "hotline_call_id": self.id,
            }
        )
        return self.rescue_id._open(self.rescue_id)

    def action_create_complaint(self):
        self.ensure_one()
        if self.ticket_id:
            raise UserError(self.env._("This call already has a complaint."))
        self.ticket_id = self.env["helpdesk.ticket"].create(
            {
                "name": self._kia_lang_env()._(
                    "Hotline complaint from %(caller)s", caller=self.caller_name
                ),
                "description": self.outcome or self.caller_name,
                "company_id": self.company_id.id,
                "partner_id": self.partner_id.id,
                "kia_vehicle_id": self.vehicle_id.id,
                "kia_is_complaint": True,
                "kia_complaint_source": "hotline",
            }
        )
        return self.env["kia.rescue"]._open(self.ticket_id)
