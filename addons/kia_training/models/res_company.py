from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    kia_training_renewal_notice_days = fields.Integer(
        string="Certification Renewal Notice (days)",
        default=60,
        help="How many days before a certification expires its holder's coordinator is reminded "
        "to renew it.",
    )
    kia_training_expiring_days = fields.Integer(
        string="Expiring Soon Window (days)",
        default=90,
        help="Certifications expiring within this many days are shown as expiring soon.",
    )
