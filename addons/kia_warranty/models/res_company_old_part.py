from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    kia_wty_late_return_penalty = fields.Monetary(
        string="Late Old-Part Return Penalty",
        default=200.0,
        currency_field="currency_id",
        help="Taken from the dealer's parts guarantee deposit for each old part shipped after "
        "its return deadline (or still not shipped after it), once per part.",
    )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res["kia_wty_late_return_penalty"] = self.env._(
            "head office's HQ Manager, in the warranty Settings"
        )
        return res


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kia_wty_late_return_penalty = fields.Monetary(
        related="company_id.kia_wty_late_return_penalty",
        readonly=False,
        currency_field="currency_id",
    )
