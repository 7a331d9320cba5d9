from odoo import fields, models


class MaintenanceRequest(models.Model):
    _inherit = "maintenance.request"

    kia_is_calibration = fields.Boolean(
        string="Calibration",
        help="Finishing this request records the equipment's calibration date.",
    )

    def write(self, vals):
        res = super().write(vals)
        if "stage_id" in vals:
            calibrated = self.filtered(
                lambda r: r.kia_is_calibration and r.stage_id.done and r.equipment_id
            )
            for request in calibrated:
                request.equipment_id._kia_record_calibration(
                    request.close_date or fields.Date.context_today(self)
                )
        return res
