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
        action = self.env["ir.actions.act_window"]._for_xml_id("kia_base.fleet_vehicle_action")
        action["domain"] = [("kia_owner_id", "=", self.id)]
        action["context"] = {"default_kia_owner_id": self.id}
        return action
