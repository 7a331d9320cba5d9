from odoo import fields, models


class KiaWarrantyCampaignPart(models.Model):
    _name = "kia.warranty.campaign.part"
    _description = "Campaign Part"

    campaign_id = fields.Many2one(
        "kia.warranty.campaign", required=True, ondelete="cascade", index=True
    )
    product_id = fields.Many2one("product.product", string="Part", required=True)
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
