from odoo import fields, models


class KiaWarrantyCampaignPart(models.Model):
    _name = "kia.warranty.campaign.part"
    _description = "Campaign Part"
    _inherit = ["kia.hq.owned.mixin"]

    campaign_id = fields.Many2one(
        "kia.warranty.campaign", required=True, ondelete="cascade", index=True
    )
    product_id = fields.Many2one("product.product", string="Part", required=True)
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")

    def _kia_hq_owned(self):
        # Kia's network catalogue: no record belongs to a dealer.
        return self

    def _kia_hq_groups(self):
        return ("kia_base.group_hq_manager", "kia_warranty.group_hq_warranty_reviewer")
