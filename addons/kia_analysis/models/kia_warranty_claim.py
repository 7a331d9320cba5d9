from odoo import models


class KiaWarrantyClaim(models.Model):
    _inherit = "kia.warranty.claim"

    def action_submit(self):
        # A dealer under a suspension of warranty authority (dealer assessment) submits nothing.
        self.company_id._kia_check_warranty_authority()
        return super().action_submit()
