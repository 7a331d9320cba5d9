from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

from odoo.addons.kia_analysis.report.kia_kpi_report import DEFAULT_TIME_ZONE


def migrate(cr, version):
    """The upload rate now counts a record in the dealer's local month of settlement, where
    it counted the UTC month: the closed months of the KPI snapshot holding a settlement
    whose two months differ are recomputed (both months)."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        SQL(
            """
            SELECT DISTINCT h.company_id, m.month
              FROM kia_health_record h
              JOIN res_company c ON c.id = h.company_id
              JOIN res_partner p ON p.id = c.partner_id
             CROSS JOIN LATERAL (VALUES
                   (date_trunc('month', h.settlement_date)::date),
                   (date_trunc('month', h.settlement_date AT TIME ZONE 'UTC'
                                        AT TIME ZONE COALESCE(p.tz, %s))::date)
             ) AS m(month)
             WHERE h.kind = 'original' AND h.settlement_date IS NOT NULL
               AND date_trunc('month', h.settlement_date)::date
                   != date_trunc('month', h.settlement_date AT TIME ZONE 'UTC'
                                 AT TIME ZONE COALESCE(p.tz, %s))::date
            """,
            DEFAULT_TIME_ZONE,
            DEFAULT_TIME_ZONE,
        )
    )
    pairs = set(cr.fetchall())
    if pairs:
        env["kia.kpi.snapshot"]._kia_recompute(pairs)
