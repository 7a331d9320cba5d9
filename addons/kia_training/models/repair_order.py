from odoo import models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    def _kia_check_qc_allowed(self, failing=False):
        """Passing the final inspection needs a certified QC inspector where head office
        enforces it (failing one sends work back and needs none)."""
        res = super()._kia_check_qc_allowed(failing=failing)
        if not failing:
            for company in self.company_id:
                user = self.env.user.with_env(self.env)  # env.user is in sudo
                user._kia_check_role_certifications("qc_inspector", company)
        return res
