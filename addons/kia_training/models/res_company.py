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
    kia_enforce_role_certification = fields.Boolean(
        string="Certified QC Inspectors and Warranty Administrators",
        default=False,
        help="Head office's decision: only a QC inspector holding the certifications of the QC "
        "Inspector role requirement may pass a final inspection, and only a warranty "
        "administrator holding those of the Warranty Administrator role may submit claims. "
        "Off by default: the manual does not require it; technicians are always gated at "
        "dispatch.",
    )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res["kia_enforce_role_certification"] = self.env._("head office's HQ Manager")
        return res
