from odoo import models


class KiaRepairJob(models.Model):
    _inherit = "kia.repair.job"

    def _kia_check_can_start(self):
        """No clocking on before head office approved the prior authorisation (PWA) the
        order's warranty lines need."""
        res = super()._kia_check_can_start()
        self.repair_id._kia_pwa_check(self.env._("Starting the job"))
        return res
