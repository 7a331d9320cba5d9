from odoo import fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    kia_care_contact_time = fields.Selection(
        [
            ("any", "Any Time"),
            ("morning", "Morning (9-12)"),
            ("noon", "Noon (12-14)"),
            ("afternoon", "Afternoon (14-18)"),
            ("evening", "Evening (18-20)"),
            ("weekend", "Weekends Only"),
        ],
        string="Preferred Contact Time",
        default="any",
    )
    kia_care_contact_channel = fields.Selection(
        [("phone", "Phone"), ("sms", "SMS"), ("email", "E-mail"), ("wechat", "WeChat")],
        string="Preferred Channel",
        default="phone",
    )
    kia_care_no_reminder = fields.Boolean(
        string="No Reminders",
        help="The customer asked not to receive maintenance reminders: no reminder e-mail is sent, "
        "though the call list still shows the vehicle.",
    )
    kia_care_call_ids = fields.One2many("kia.care.call", "partner_id", string="Care Calls")
