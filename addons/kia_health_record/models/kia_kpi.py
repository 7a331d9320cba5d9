from odoo import models


class KiaKpi(models.Model):
    _inherit = "kia.kpi"

    def _kia_kpi_specs(self):
        res = super()._kia_kpi_specs()
        # Health records accepted by the platform within 24 h of settlement, per settled RO.
        res["ehr_upload_rate"] = ("ehr_on_time_count", "ehr_settled_count", 100.0)
        return res
