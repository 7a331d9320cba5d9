from odoo import models


class KiaKpi(models.Model):
    _inherit = "kia.kpi"

    def _kia_kpi_specs(self):
        res = super()._kia_kpi_specs()
        # Health records accepted by the platform within 24 h of settlement, per settled RO.
        res["ehr_upload_rate"] = ("ehr_on_time_count", "ehr_settled_count", 100.0)
        return res


class KiaHealthRecord(models.Model):
    """The upload rate counts an original record in its settlement's month: accepted late
    for a month already closed (settled on its last evening, accepted the next day), or
    settled again, it recomputes that month of the KPI snapshot."""

    _name = "kia.health.record"
    _inherit = ["kia.health.record", "kia.kpi.source.mixin"]

    _kia_kpi_fields = ("company_id", "kind", "settlement_date", "accepted_date")

    def _kia_kpi_places(self):
        return [
            (record.company_id, record.settlement_date)
            for record in self
            if record.kind == "original"
        ]
