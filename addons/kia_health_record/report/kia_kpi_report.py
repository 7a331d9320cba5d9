from odoo import fields, models
from odoo.tools import SQL

ON_TIME_HOURS = 24


class KiaKpiReport(models.Model):
    _inherit = "kia.kpi.report"

    ehr_settled_count = fields.Integer(string="Settled ROs to Upload", readonly=True)
    ehr_on_time_count = fields.Integer(string="Uploaded within 24 h", readonly=True)
    ehr_upload_rate = fields.Float(
        string="Health Record Upload Rate (%)", readonly=True, aggregator="sum"
    )

    def _kia_fact_sources(self):
        res = super()._kia_fact_sources()
        res["health_records"] = {
            "ehr_settled_count": "ehr_settled_count",
            "ehr_on_time_count": "ehr_on_time_count",
        }
        return res

    def _kia_extra_sql(self):
        """Settled repair orders (their original health record) by the dealer's local month
        of settlement, and those the platform accepted within 24 hours; only the dealers and
        months asked for (the scope)."""
        scope = self.env.context.get("kia_kpi_scope") or {}
        return [
            *super()._kia_extra_sql(),
            SQL(
                """
                health_records AS (
                    SELECT h.company_id, %(month)s AS month,
                           COUNT(*) AS ehr_settled_count,
                           COUNT(*) FILTER (
                               WHERE h.accepted_date
                                     <= h.settlement_date + %(hours)s * INTERVAL '1 hour'
                           ) AS ehr_on_time_count
                      FROM kia_health_record h
                      JOIN dealer_tz tz ON tz.company_id = h.company_id
                     WHERE h.kind = 'original' AND h.settlement_date IS NOT NULL
                       AND %(scope)s
                     GROUP BY 1, 2
                )
                """,
                month=self._kia_local_month("h.settlement_date"),
                scope=self._kia_scope_sql(scope, "h.company_id", "h.settlement_date"),
                hours=ON_TIME_HOURS,
            ),
        ]
