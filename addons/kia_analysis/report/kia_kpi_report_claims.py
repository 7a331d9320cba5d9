from odoo import fields, models
from odoo.tools import SQL

from .kia_kpi_report import month_start_sql

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
        return [
            *super()._kia_extra_sql(),
            SQL(
                """
                claim_quality AS (
                    SELECT company_id, date_trunc('month', review_date)::date AS month,
                           COUNT(*) FILTER (WHERE state IN %(reviewed)s) AS claims_reviewed,
                           COUNT(*) FILTER (WHERE state = 'rejected') AS claims_rejected
                      FROM kia_warranty_claim
                     WHERE review_date IS NOT NULL
                     GROUP BY 1, 2
                ), vehicles AS (
                    SELECT company_id, %(month)s AS month,
                           COUNT(DISTINCT vehicle_id) AS vehicles_serviced
                      FROM repair_order
                     WHERE state = 'done' AND vehicle_id IS NOT NULL
                     GROUP BY 1, 2
                )
                """,
                reviewed=REVIEWED_STATES,
                month=month_start_sql("COALESCE(kia_delivery_date, kia_done_date, schedule_date)"),
            ),
        ]
