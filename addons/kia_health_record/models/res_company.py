from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    kia_ehr_platform_id = fields.Many2one(
        "kia.health.platform",
        string="Health Record Platform",
        help="The province's vehicle maintenance electronic health record platform this dealer "
        "uploads its settled repair orders to.",
    )
    kia_ehr_enterprise_code = fields.Char(
        string="Enterprise Code", help="The repair business's code on the province's platform."
    )
    kia_ehr_app_key = fields.Char(string="App Key")
    # The credentials and the token are the system's: only administrators read them; the
    # sender reads them in sudo. A dealer's users cannot read them over RPC.
    kia_ehr_secret = fields.Char(string="App Secret", groups="base.group_system", copy=False)
    kia_ehr_token = fields.Char(string="Platform Token", groups="base.group_system", copy=False)
    kia_ehr_token_expiry = fields.Datetime(
        string="Token Valid Until", groups="base.group_system", copy=False
    )
