from odoo import fields, models


class MaintenanceEquipment(models.Model):
    _inherit = "maintenance.equipment"

    kia_is_bay = fields.Boolean(
        string="Workshop Bay",
        index=True,
        help="A bay or lift 工位 where a vehicle is repaired: the number of the dealer's bays "
        "limits how many appointments one slot takes.",
    )
