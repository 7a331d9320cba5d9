from odoo import fields, models
from odoo.tools import SQL


class KiaWarrantyClaim(models.Model):
    _inherit = "kia.warranty.claim"

    def _kia_check_certification(self):
        """{claim id: [message]} for labour lines whose repair order jobs were done by a
        technician (assigned or clocking) without a valid certification of each type the
        labour operation requires (kia_training), on the claim's repair date. A higher level of
        the same track meets a lower one. One query for the batch."""
        errors = super()._kia_check_certification()
        if not self:
            return errors
        self.env["kia.repair.job"].flush_model(
            ["service_id", "state", "technician_id", "labor_operation_id"]
        )
        self.env["kia.repair.job.time"].flush_model(["job_id", "user_id"])
        self.env["hr.employee"].flush_model(["user_id", "company_id"])
        self.env["kia.certification"].flush_model()
        self.env["kia.certification.type"].flush_model(["track", "level"])
        self.env["kia.labor.operation"].flush_model(["kia_required_certification_type_ids"])
        required = self.env["kia.labor.operation"]._fields["kia_required_certification_type_ids"]
        today = fields.Date.context_today(self)
        self.env.cr.execute(
            SQL(
                """
                WITH workers AS (
                    SELECT l.id AS line_id, l.claim_id, l.name, j.labor_operation_id,
                           j.technician_id AS user_id
                      FROM kia_warranty_claim_line l
                      JOIN kia_repair_job j
                        ON j.service_id = l.repair_service_id AND j.state != 'cancel'
                     WHERE l.claim_id = ANY(%(ids)s) AND l.line_type = 'labor'
                       AND j.technician_id IS NOT NULL
                    UNION
                    SELECT l.id, l.claim_id, l.name, j.labor_operation_id, t.user_id
                      FROM kia_warranty_claim_line l
                      JOIN kia_repair_job j
                        ON j.service_id = l.repair_service_id AND j.state != 'cancel'
                      JOIN kia_repair_job_time t ON t.job_id = j.id
                     WHERE l.claim_id = ANY(%(ids)s) AND l.line_type = 'labor'
                )
                SELECT w.claim_id, w.name, w.user_id, ct.id,
                       COALESCE(c.repair_date, %(today)s) AS on_date
                  FROM workers w
                  JOIN kia_warranty_claim c ON c.id = w.claim_id
                  JOIN %(rel)s r ON r.%(op_col)s = w.labor_operation_id
                  JOIN kia_certification_type ct ON ct.id = r.%(type_col)s
                 WHERE NOT EXISTS (
                       SELECT 1
                         FROM kia_certification cert
                         JOIN hr_employee e ON e.id = cert.employee_id
                        WHERE e.user_id = w.user_id
                          AND e.company_id = c.company_id
                          AND cert.track = ct.track
                          AND cert.level >= ct.level
                          AND cert.state != 'revoked'
                          AND cert.date_issued <= COALESCE(c.repair_date, %(today)s)
                          AND (cert.date_expiry IS NULL
                               OR cert.date_expiry >= COALESCE(c.repair_date, %(today)s)))
                 ORDER BY w.claim_id, w.line_id, w.user_id, ct.id
                """,
                ids=self.ids,
                today=today,
                rel=SQL.identifier(required.relation),
                op_col=SQL.identifier(required.column1),
                type_col=SQL.identifier(required.column2),
            )
        )
        rows = self.env.cr.fetchall()
        if not rows:
            return errors
        # Names only when something fails: the passing batch costs one query.
        users = self.env["res.users"].browse({row[2] for row in rows})
        cert_types = self.env["kia.certification.type"].browse({row[3] for row in rows})
        # sudo: only the technicians' names are read, for the message.
        user_names = {user.id: user.name for user in users.sudo()}
        type_names = {cert_type.id: cert_type.display_name for cert_type in cert_types}
        for claim_id, line, user_id, type_id, on_date in rows:
            errors.setdefault(claim_id, []).append(
                self.env._(
                    "Labour line %(line)s: technician %(technician)s held no valid "
                    "certification %(cert)s on %(date)s.",
                    line=line,
                    technician=user_names[user_id],
                    cert=type_names[type_id],
                    date=on_date,
                )
            )
        return errors
