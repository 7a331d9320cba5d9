from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kia_dealer_type = fields.Selection(related="company_id.kia_dealer_type")
    kia_dealer_code = fields.Char(related="company_id.kia_dealer_code")
    kia_region_id = fields.Many2one(related="company_id.kia_region_id")
    kia_hq_company_id = fields.Many2one(related="company_id.kia_hq_company_id")
