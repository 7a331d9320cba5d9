from odoo import api, fields, models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    vehicle_id = fields.Many2one(
        "fleet.vehicle",
        index=True,
        tracking=True,
        check_company=True,
        help="The customer's vehicle this repair order is for.",
    )

    @api.onchange("vehicle_id")
    def _onchange_vehicle_id(self):
        if self.vehicle_id.kia_owner_id:
            self.partner_id = self.vehicle_id.kia_owner_id
