from odoo import fields, models


class FleetVehicleModel(models.Model):
    _inherit = "fleet.vehicle.model"

    kia_model_code = fields.Char(index=True, help="Head office's code of the model line.")
    kia_is_ev = fields.Boolean(
        string="Electric (high voltage)", help="Battery-electric: high-voltage work rules apply."
    )
