from odoo import fields, models
from odoo.tools import SQL

from .kia_role_requirement import KIA_ROLES


class KiaStaffingComplianceReport(models.Model):
    """Each dealer against each staffing requirement of its type: employees holding a valid
    certification today (the same track at the required level or above) against the minimum.
    Valid is ``kia.certification._valid_domain`` on the database's date, turned into SQL."""

    _name = "kia.staffing.compliance.report"
    _description = "Kia Staffing Compliance"
    _auto = False
    _order = "company_id, certification_type_id"

    company_id = fields.Many2one("res.company", string="Dealer", readonly=True)
    dealer_type = fields.Selection(related="requirement_id.dealer_type", readonly=True)
    requirement_id = fields.Many2one("kia.staffing.requirement", readonly=True)
    role = fields.Selection(KIA_ROLES, readonly=True)
    certification_type_id = fields.Many2one(
        "kia.certification.type", string="Certification", readonly=True
    )
    min_headcount = fields.Integer(string="Required", readonly=True, aggregator="sum")
    headcount = fields.Integer(string="Certified", readonly=True, aggregator="sum")
    shortfall = fields.Integer(readonly=True, aggregator="sum")
    expiring_count = fields.Integer(string="Expiring Soon", readonly=True, aggregator="sum")
    compliant = fields.Boolean(readonly=True)

    def _search(self, domain, offset=0, limit=None, order=None):
        # The view reads these tables directly: write what is still pending first.
        for model in ("kia.certification", "hr.employee", "kia.staffing.requirement"):
            self.env[model].flush_model()
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @property
    def _table_query(self):
        valid = self.env["kia.certification"]._valid_where_sql(SQL("CURRENT_DATE"))
        return SQL(
            """
            SELECT
                row_number() OVER (ORDER BY c.id, r.id) AS id,
                c.id AS company_id,
                r.id AS requirement_id,
                r.role AS role,
                r.certification_type_id AS certification_type_id,
                r.min_headcount AS min_headcount,
                COALESCE(held.headcount, 0) AS headcount,
                GREATEST(r.min_headcount - COALESCE(held.headcount, 0), 0) AS shortfall,
                COALESCE(held.expiring, 0) AS expiring_count,
                COALESCE(held.headcount, 0) >= r.min_headcount AS compliant
            FROM kia_staffing_requirement r
            JOIN kia_certification_type rt ON rt.id = r.certification_type_id
            JOIN res_company c ON c.kia_dealer_type = r.dealer_type AND c.active
            LEFT JOIN LATERAL (
                SELECT
                    COUNT(DISTINCT kia_certification.employee_id) AS headcount,
                    COUNT(DISTINCT kia_certification.employee_id) FILTER (
                        WHERE kia_certification.date_expiry IS NOT NULL
                        AND kia_certification.date_expiry
                            <= CURRENT_DATE + c.kia_training_expiring_days
                    ) AS expiring
                FROM kia_certification
                JOIN hr_employee e ON e.id = kia_certification.employee_id AND e.active
                WHERE kia_certification.company_id = c.id
                  AND kia_certification.track = rt.track
                  AND kia_certification.level >= rt.level
                  AND %(valid)s
            ) held ON TRUE
            WHERE r.active
            """,
            valid=valid,
        )
