from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kia_labor_hourly_rate = fields.Monetary(
        related="company_id.kia_labor_hourly_rate", readonly=False
    )
    kia_labor_product_id = fields.Many2one(
        related="company_id.kia_labor_product_id", readonly=False
    )
    kia_qc_inspector_not_technician = fields.Boolean(
        related="company_id.kia_qc_inspector_not_technician", readonly=False
    )
    kia_comeback_days = fields.Integer(related="company_id.kia_comeback_days", readonly=False)
    kia_kiosk_max_attempts = fields.Integer(
        related="company_id.kia_kiosk_max_attempts", readonly=False
    )
    kia_kiosk_block_minutes = fields.Integer(
        related="company_id.kia_kiosk_block_minutes", readonly=False
    )
    kia_kiosk_idle_seconds = fields.Integer(
        related="company_id.kia_kiosk_idle_seconds", readonly=False
    )
    kia_comeback_km = fields.Integer(related="company_id.kia_comeback_km", readonly=False)
    kia_appointment_slot_minutes = fields.Integer(
        related="company_id.kia_appointment_slot_minutes", readonly=False
    )
    kia_appointment_advisors = fields.Integer(
        related="company_id.kia_appointment_advisors", readonly=False
    )
    kia_appointment_reminder_hours = fields.Char(
        related="company_id.kia_appointment_reminder_hours", readonly=False
    )
    kia_followup_attempts = fields.Integer(
        related="company_id.kia_followup_attempts", readonly=False
    )
    kia_followup_retry_days = fields.Integer(
        related="company_id.kia_followup_retry_days", readonly=False
    )
    kia_no_show_minutes = fields.Integer(related="company_id.kia_no_show_minutes", readonly=False)
    kia_workday_start = fields.Float(related="company_id.kia_workday_start", readonly=False)
    kia_workday_end = fields.Float(related="company_id.kia_workday_end", readonly=False)
    kia_followup_days = fields.Integer(related="company_id.kia_followup_days", readonly=False)
    kia_followup_survey_id = fields.Many2one(
        related="company_id.kia_followup_survey_id", readonly=False
    )
    kia_guarantee_major_km = fields.Integer(
        related="company_id.kia_guarantee_major_km", readonly=False
    )
    kia_guarantee_major_days = fields.Integer(
        related="company_id.kia_guarantee_major_days", readonly=False
    )
    kia_guarantee_assembly_km = fields.Integer(
        related="company_id.kia_guarantee_assembly_km", readonly=False
    )
    kia_guarantee_assembly_days = fields.Integer(
        related="company_id.kia_guarantee_assembly_days", readonly=False
    )
    kia_guarantee_minor_km = fields.Integer(
        related="company_id.kia_guarantee_minor_km", readonly=False
    )
    kia_guarantee_minor_days = fields.Integer(
        related="company_id.kia_guarantee_minor_days", readonly=False
    )
    kia_ro_invoice_auto_post = fields.Boolean(
        related="company_id.kia_ro_invoice_auto_post", readonly=False
    )
    kia_internal_expense_account_id = fields.Many2one(
        related="company_id.kia_internal_expense_account_id", readonly=False
    )
    kia_goodwill_expense_account_id = fields.Many2one(
        related="company_id.kia_goodwill_expense_account_id", readonly=False
    )
