from odoo import fields, models, tools
from odoo.tools import SQL

from .kia_facility_area import AREA_TYPES


class KiaFacilityGapReport(models.Model):
    """Each dealer's functional areas against the standard of its dealer type."""

    _name = "kia.facility.gap.report"
    _description = "Facility Gaps per Dealer"
    _auto = False
    _order = "company_id, area_type"

    company_id = fields.Many2one("res.company", string="Dealer", readonly=True)
    area_type = fields.Selection(AREA_TYPES, readonly=True)
    min_area_m2 = fields.Float(string="Required Area (m²)", readonly=True)
    area_m2 = fields.Float(string="Actual Area (m²)", readonly=True)
    area_gap_m2 = fields.Float(string="Area Missing (m²)", readonly=True)
    min_bay_count = fields.Integer(string="Required Bays", readonly=True)
    bay_count = fields.Integer(string="Actual Bays", readonly=True)
    bay_gap = fields.Integer(string="Bays Missing", readonly=True)
    compliant = fields.Boolean(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
                CREATE VIEW %s AS (
                    SELECT (c.id::bigint << 32) | s.id AS id, c.id AS company_id, s.area_type,
                           s.min_area_m2, COALESCE(a.area_m2, 0) AS area_m2,
                           GREATEST(s.min_area_m2 - COALESCE(a.area_m2, 0), 0) AS area_gap_m2,
                           s.min_bay_count, COALESCE(a.bay_count, 0) AS bay_count,
                           GREATEST(s.min_bay_count - COALESCE(a.bay_count, 0), 0) AS bay_gap,
                           COALESCE(a.area_m2, 0) >= s.min_area_m2
                               AND COALESCE(a.bay_count, 0) >= s.min_bay_count AS compliant
                      FROM res_company c
                      JOIN kia_facility_standard s ON s.dealer_type = c.kia_dealer_type
                 LEFT JOIN (
                        SELECT company_id, area_type, SUM(area_m2) AS area_m2,
                               SUM(bay_count) AS bay_count
                          FROM kia_facility_area
                         WHERE active
                      GROUP BY company_id, area_type
                    ) a ON a.company_id = c.id AND a.area_type = s.area_type
                     WHERE c.active
                )
                """,
                SQL.identifier(self._table),
            )
        )
