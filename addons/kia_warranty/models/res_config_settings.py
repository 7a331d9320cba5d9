from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kia_wty_legal_months = fields.Integer(related="company_id.kia_wty_legal_months", readonly=False)
    kia_wty_legal_km = fields.Integer(related="company_id.kia_wty_legal_km", readonly=False)
    kia_wty_sanbao_legal_months = fields.Integer(
        related="company_id.kia_wty_sanbao_legal_months", readonly=False
    )
    kia_wty_sanbao_legal_km = fields.Integer(
        related="company_id.kia_wty_sanbao_legal_km", readonly=False
    )
    kia_wty_sanbao_months = fields.Integer(
        related="company_id.kia_wty_sanbao_months", readonly=False
    )
    kia_wty_sanbao_km = fields.Integer(related="company_id.kia_wty_sanbao_km", readonly=False)
    kia_wty_sanbao_early_days = fields.Integer(
        related="company_id.kia_wty_sanbao_early_days", readonly=False
    )
    kia_wty_sanbao_early_km = fields.Integer(
        related="company_id.kia_wty_sanbao_early_km", readonly=False
    )
    kia_wty_sanbao_max_days = fields.Integer(
        related="company_id.kia_wty_sanbao_max_days", readonly=False
    )
    kia_wty_sanbao_max_repeats = fields.Integer(
        related="company_id.kia_wty_sanbao_max_repeats", readonly=False
    )
    kia_wty_sanbao_major_replacements = fields.Integer(
        related="company_id.kia_wty_sanbao_major_replacements", readonly=False
    )
    kia_wty_sanbao_serious_repairs = fields.Integer(
        related="company_id.kia_wty_sanbao_serious_repairs", readonly=False
    )
    kia_wty_sanbao_alert_margin = fields.Integer(
        related="company_id.kia_wty_sanbao_alert_margin", readonly=False
    )
    kia_wty_long_repair_days = fields.Integer(
        related="company_id.kia_wty_long_repair_days", readonly=False
    )
    kia_wty_first_maint_months = fields.Integer(
        related="company_id.kia_wty_first_maint_months", readonly=False
    )
    kia_wty_first_maint_km = fields.Integer(
        related="company_id.kia_wty_first_maint_km", readonly=False
    )
    kia_wty_claim_deadline_days = fields.Integer(
        related="company_id.kia_wty_claim_deadline_days", readonly=False
    )
    kia_wty_min_documents = fields.Integer(
        related="company_id.kia_wty_min_documents", readonly=False
    )
    kia_wty_labor_rate = fields.Monetary(
        related="company_id.kia_wty_labor_rate", readonly=False, currency_field="currency_id"
    )
    kia_wty_clocked_tolerance = fields.Float(
        related="company_id.kia_wty_clocked_tolerance", readonly=False
    )
    kia_wty_retention_days = fields.Integer(
        related="company_id.kia_wty_retention_days", readonly=False
    )
    kia_wty_return_days = fields.Integer(related="company_id.kia_wty_return_days", readonly=False)
    kia_wty_late_return_penalty = fields.Monetary(
        related="company_id.kia_wty_late_return_penalty",
        readonly=False,
        currency_field="currency_id",
    )
