from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kia_ehr_platform_id = fields.Many2one(related="company_id.kia_ehr_platform_id", readonly=False)
    kia_ehr_enterprise_code = fields.Char(
        related="company_id.kia_ehr_enterprise_code", readonly=False
    )
    kia_ehr_app_key = fields.Char(related="company_id.kia_ehr_app_key", readonly=False)
    kia_ehr_secret = fields.Char(
        related="company_id.kia_ehr_secret", readonly=False, groups="base.group_system"
    )
