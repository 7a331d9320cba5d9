from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kia_labor_cost_rate = fields.Float(related="company_id.kia_labor_cost_rate", readonly=False)
    kia_kpi_amber_pct = fields.Float(related="company_id.kia_kpi_amber_pct", readonly=False)
    kia_declined_recovery_days = fields.Integer(
        related="company_id.kia_declined_recovery_days", readonly=False
    )
