from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    kia_vehicle_ids = fields.One2many("fleet.vehicle", "kia_owner_id", string="Vehicles")
    kia_vehicle_count = fields.Integer(compute="_compute_kia_vehicle_count", string="Vehicle Count")

    @api.depends("kia_vehicle_ids")
    def _compute_kia_vehicle_count(self):
        counts = dict(
            self.env["fleet.vehicle"]._read_group(
                [("kia_owner_id", "in", self.ids)], ["kia_owner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.kia_vehicle_count = counts.get(partner._origin, 0)

    def action_view_kia_vehicles(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kia_service.fleet_vehicle_action")
        action["domain"] = [("kia_owner_id", "=", self.id)]
        action["context"] = {"default_kia_owner_id": self.id}
        return action

    # --- Customer care (issue 9): how and when the customer wants to be called ---
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
