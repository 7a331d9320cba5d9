from odoo import fields, models
from odoo.tools import SQL

from .kia_role_requirement import KIA_ROLES


class KiaStaffingComplianceReport(models.Model):
    """Each dealer against each staffing requirement of its type: employees holding a valid
    certification today (the same track at the required level or above) against the minimum."""

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
                    COUNT(DISTINCT k.employee_id) AS headcount,
                    COUNT(DISTINCT k.employee_id) FILTER (
                        WHERE k.date_expiry IS NOT NULL
                        AND k.date_expiry <= CURRENT_DATE + c.kia_training_expiring_days
                    ) AS expiring
                FROM kia_certification k
                JOIN hr_employee e ON e.id = k.employee_id AND e.active
                WHERE k.company_id = c.id
                  AND k.track = rt.track
                  AND k.level >= rt.level
                  AND k.state != 'revoked'
                  AND k.date_issued <= CURRENT_DATE
                  AND (k.date_expiry IS NULL OR k.date_expiry >= CURRENT_DATE)
            ) held ON TRUE
            WHERE r.active
            """
        )
