from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kia_complaint_legal_days = fields.Integer(
        related="company_id.kia_complaint_legal_days", readonly=False
    )
    kia_complaint_closure_target_days = fields.Integer(
        related="company_id.kia_complaint_closure_target_days", readonly=False
    )
    kia_complaint_hq_escalation_hours = fields.Integer(
        related="company_id.kia_complaint_hq_escalation_hours", readonly=False
    )
    kia_complaint_recontact_days = fields.Integer(
        related="company_id.kia_complaint_recontact_days", readonly=False
    )
    kia_complaint_team_id = fields.Many2one(
        related="company_id.kia_complaint_team_id", readonly=False
    )
    kia_care_user_id = fields.Many2one(related="company_id.kia_care_user_id", readonly=False)
    kia_care_welcome_days = fields.Integer(
        related="company_id.kia_care_welcome_days", readonly=False
    )
    kia_care_welcome_window_days = fields.Integer(
        related="company_id.kia_care_welcome_window_days", readonly=False
    )
    kia_care_reminder_days = fields.Integer(
        related="company_id.kia_care_reminder_days", readonly=False
    )
    kia_care_default_daily_km = fields.Float(
        related="company_id.kia_care_default_daily_km", readonly=False
    )
    kia_care_lapsed_months = fields.Integer(
        related="company_id.kia_care_lapsed_months", readonly=False
    )
    kia_care_retention_months = fields.Integer(
        related="company_id.kia_care_retention_months", readonly=False
    )
    kia_tech_manager_id = fields.Many2one(related="company_id.kia_tech_manager_id", readonly=False)
    kia_document_loan_days = fields.Integer(
        related="company_id.kia_document_loan_days", readonly=False
    )
