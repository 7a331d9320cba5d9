from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    kia_tool_calibration_lead_days = fields.Integer(
        string="Calibration Request Lead (days)",
        default=14,
        help="A calibration request is opened this many days before a tool's calibration is due.",
    )
    kia_norm_grace_days = fields.Integer(
        string="Checklist Grace (days)",
        default=1,
        help="A daily-norm checklist not done this many days after its date counts as missed.",
    )

    @api.constrains("kia_tool_calibration_lead_days", "kia_norm_grace_days")
    def _check_kia_facility_settings(self):
        for company in self:
            if company.kia_tool_calibration_lead_days < 0 or company.kia_norm_grace_days < 0:
                raise ValidationError(
                    self.env._(
                        "Tool and checklist settings of %(name)s cannot be negative.",
                        name=company.name,
                    )
                )
