from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kia_training_renewal_notice_days = fields.Integer(
        related="company_id.kia_training_renewal_notice_days", readonly=False
    )
    kia_training_expiring_days = fields.Integer(
        related="company_id.kia_training_expiring_days", readonly=False
    )
    kia_enforce_role_certification = fields.Boolean(
        related="company_id.kia_enforce_role_certification"
    )
