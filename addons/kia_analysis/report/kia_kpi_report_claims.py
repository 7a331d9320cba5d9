from odoo import fields, models
from odoo.tools import SQL

# Claims head office has decided on: the denominator of the rejection rate.
REVIEWED_STATES = ("approved", "settled", "rejected", "charged_back")
CLAIM_KPI_SPECS = {
    "claim_rejection_rate": ("claims_rejected", "claims_reviewed", 100.0),
    "warranty_cost_per_vehicle": ("revenue_warranty", "vehicles_serviced", 1.0),
}


class KiaKpi(models.Model):
    _inherit = "kia.kpi"

    def _kia_kpi_specs(self):
        return dict(super()._kia_kpi_specs(), **CLAIM_KPI_SPECS)


class KiaKpiReport(models.Model):
    """Claim quality per dealer and month: claims head office decided on (by the month of its
    review) and rejected; vehicles serviced (distinct vehicles of the month's finished repair
    orders) for the warranty cost per vehicle."""

    _inherit = "kia.kpi.report"

    claims_reviewed = fields.Integer(string="Claims Decided", readonly=True)
    claims_rejected = fields.Integer(readonly=True)
    vehicles_serviced = fields.Integer(readonly=True)
    claim_rejection_rate = fields.Float(
        string="Claim Rejection Rate (%)", readonly=True, aggregator="sum"
    )
    warranty_cost_per_vehicle = fields.Float(
        string="Warranty Cost per Vehicle Serviced", readonly=True, aggregator="sum"
    )

    def _kia_fact_sources(self):
        sources = super()._kia_fact_sources()
        sources["claim_quality"] = {
            "claims_reviewed": "claims_reviewed",
            "claims_rejected": "claims_rejected",
        }
        sources["vehicles"] = {"vehicles_serviced": "vehicles_serviced"}
        return sources

    def _kia_extra_sql(self):
        scope = self.env.context.get("kia_kpi_scope") or {}
        return [
            *super()._kia_extra_sql(),
            SQL(
                """
                claim_quality AS (
                    SELECT w.company_id, %(review_month)s AS month,
                           COUNT(*) FILTER (WHERE w.state IN %(reviewed)s) AS claims_reviewed,
                           COUNT(*) FILTER (WHERE w.state = 'rejected') AS claims_rejected
                      FROM kia_warranty_claim w
                     WHERE w.review_date IS NOT NULL AND %(review_scope)s
                     GROUP BY 1, 2
                ), vehicles AS (
                    -- the month's finished repair orders, as ro_stats counts them
                    SELECT company_id, month, COUNT(DISTINCT vehicle_id) AS vehicles_serviced
                      FROM ro
                     WHERE vehicle_id IS NOT NULL AND %(not_kept)s
                     GROUP BY 1, 2
                )
                """,
                reviewed=REVIEWED_STATES,
                # the review date is a date: no time zone
                review_month=SQL("date_trunc('month', w.review_date)::date"),
                review_scope=self._kia_scope_sql(
                    scope, "w.company_id", "w.review_date", is_date=True
                ),
                not_kept=self._kia_vehicle_not_kept_sql(scope),
            ),
        ]

    def _kia_vehicle_not_kept_sql(self, scope):
        """From a dealer's cut on (the live part of a month whose first days are kept), a
        vehicle already serviced in the days kept of the same month is counted there: the
        condition leaving it out here."""
        cut = scope.get("cut_since")
        if cut is None:
            return SQL("TRUE")
        kept_date = SQL("COALESCE(e.kia_delivery_date, e.kia_done_date, e.schedule_date)")
        return SQL(
            """NOT EXISTS (
                SELECT 1
                  FROM repair_order e
                  JOIN dealer_tz etz ON etz.company_id = e.company_id
                 WHERE e.vehicle_id = ro.vehicle_id AND e.company_id = ro.company_id
                   AND e.state = 'done'
                   AND %(kept_date)s < (%(cut)s)[e.company_id]
                   AND %(kept_month)s = ro.month
            )""",
            kept_date=kept_date,
            cut=cut,
            kept_month=self._kia_local_month(kept_date, tz="etz.tz"),
        )
