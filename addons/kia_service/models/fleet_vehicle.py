from odoo import fields, models


class FleetVehicle(models.Model):
    _inherit = "fleet.vehicle"

    kia_repair_ids = fields.One2many("repair.order", "vehicle_id", string="Repair Orders")
    kia_repair_count = fields.Integer(compute="_compute_kia_repair_count", string="Repairs")
    kia_declined_service_ids = fields.One2many(
        "repair.service",
        "kia_vehicle_id",
        string="Declined Work",
        domain=[("kia_approval_state", "=", "declined")],
    )

    def _compute_kia_repair_count(self):
        counts = dict(
            self.env["repair.order"]._read_group(
                [("vehicle_id", "in", self.ids)], ["vehicle_id"], ["__count"]
            )
        )
        for vehicle in self:
            vehicle.kia_repair_count = counts.get(vehicle, 0)

    def action_view_kia_repairs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("repair.action_repair_order_tree")
        action["domain"] = [("vehicle_id", "=", self.id)]
        action["context"] = {
            "default_vehicle_id": self.id,
            "default_partner_id": self.kia_owner_id.id,
        }
        return action
