from odoo import fields, models
from odoo.tools import SQL


class KiaWarrantyClaim(models.Model):
    _inherit = "kia.warranty.claim"

    def _kia_check_submitter(self):
        """Where head office enforces it, only a certified warranty administrator submits."""
        res = super()._kia_check_submitter()
        for company in self.company_id:
            # env.user is in sudo: the check runs as the caller.
            self.env.user.with_env(self.env)._kia_check_role_certifications(
                "warranty_admin", company
            )
        return res

    def _kia_check_certification(self):
        """{claim id: [message]} for labour lines whose repair order jobs were done by a
        technician (assigned or clocking) without a valid certification of each type the
        labour operation requires (kia_training), on the claim's repair date. The answer is
        kia_training's dispatch gate's (``hr.employee._kia_missing_certifications_by_date``)
        for every technician and repair date of the batch at once: one query for who did the
        labour, one for their certifications."""
        errors = super()._kia_check_certification()
        if not self:
            return errors
        self.env["kia.repair.job"].flush_model(
            ["service_id", "state", "technician_id", "labor_operation_id"]
        )
        self.env["kia.repair.job.time"].flush_model(["job_id", "user_id"])
        self.env["hr.employee"].flush_model(["user_id", "company_id"])
        self.env["kia.labor.operation"].flush_model(["kia_required_certification_type_ids"])
        required = self.env["kia.labor.operation"]._fields["kia_required_certification_type_ids"]
        today = fields.Date.context_today(self)
        # Each labour line's workers, the certification types its operation requires, the
        # worker's employee at the claim's dealer and the day the certification must be valid.
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
                SELECT w.claim_id, w.name, w.user_id, r.%(type_col)s, e.id,
                       COALESCE(c.repair_date, %(today)s) AS on_date
                  FROM workers w
                  JOIN kia_warranty_claim c ON c.id = w.claim_id
                  JOIN %(rel)s r ON r.%(op_col)s = w.labor_operation_id
                  LEFT JOIN hr_employee e
                    ON e.user_id = w.user_id AND e.company_id = c.company_id
                 ORDER BY w.claim_id, w.line_id, w.user_id, r.%(type_col)s
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
        CertType = self.env["kia.certification.type"]
        needed = {}
        for _claim_id, _line, _user_id, type_id, employee_id, on_date in rows:
            if employee_id:
                needed.setdefault((employee_id, on_date), set()).add(type_id)
        # sudo: a warranty administrator holds no HR rights; only whether each technician was
        # certified is read, never shown.
        Employee = self.env["hr.employee"].sudo()
        missing = Employee._kia_missing_certifications_by_date(
            {key: CertType.browse(type_ids) for key, type_ids in needed.items()}
        )
        rows = [
            row
            for row in rows
            if not row[4] or row[3] in missing[row[4], row[5]].ids  # no employee: none held
        ]
        if not rows:
            return errors
        # Names only when something fails.
        users = self.env["res.users"].browse({row[2] for row in rows})
        cert_types = CertType.browse({row[3] for row in rows})
        # sudo: only the technicians' names are read, for the message.
        user_names = {user.id: user.name for user in users.sudo()}
        type_names = {cert_type.id: cert_type.display_name for cert_type in cert_types}
        for claim_id, line, user_id, type_id, _employee_id, on_date in rows:
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
