from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kia_tool_calibration_lead_days = fields.Integer(
        related="company_id.kia_tool_calibration_lead_days", readonly=False
    )
    kia_norm_grace_days = fields.Integer(related="company_id.kia_norm_grace_days", readonly=False)
