from odoo import api, fields, models
from odoo.tools import SQL

STAFF_ROLES = [
    ("advisor", "Service Advisor"),
    ("technician", "Technician"),
    ("parts", "Parts Clerk"),
]
BAD_CLAIM_STATES = ("returned", "rejected", "charged_back")
# The local month of a dealer's work (the dealers are in China).
LOCAL_TIME_ZONE = "Asia/Shanghai"


class KiaStaffScorecard(models.Model):
    """The dealer's own staff per month (员工考核), read from their work: a service advisor's
    delivered repair orders, their comebacks and warranty claims; a technician's finished jobs,
    flat-rate and clocked hours, reworks and comebacks (month of the self-check, else of the
    last clock-off); a parts clerk's finished transfers
    and parts claims. Read-only figures: nobody types them."""

    _name = "kia.staff.scorecard"
    _description = "Staff Scorecard"
    _auto = False
    _order = "month desc, company_id, role, user_id"

    company_id = fields.Many2one("res.company", string="Dealer", readonly=True)
    user_id = fields.Many2one("res.users", string="Staff", readonly=True)
    role = fields.Selection(STAFF_ROLES, readonly=True)
    month = fields.Date(readonly=True)
    work_count = fields.Integer(
        string="Work Done",
        readonly=True,
        aggregator="sum",
        help="Repair orders delivered (advisor), jobs finished (technician), transfers done "
        "(parts clerk).",
    )
    hours_sold = fields.Float(string="Flat-Rate Hours", readonly=True, aggregator="sum")
    hours_clocked = fields.Float(string="Clocked Hours", readonly=True, aggregator="sum")
    efficiency = fields.Float(
        string="Efficiency (%)", readonly=True, aggregator="avg", help="Flat-rate ÷ clocked hours."
    )
    rework_count = fields.Integer(string="Reworks", readonly=True, aggregator="sum")
    comeback_count = fields.Integer(string="Comebacks", readonly=True, aggregator="sum")
    comeback_rate = fields.Float(string="Comeback Rate (%)", readonly=True, aggregator="avg")
    claim_count = fields.Integer(string="Claims", readonly=True, aggregator="sum")
    claim_bad_count = fields.Integer(
        string="Claims Returned or Rejected",
        readonly=True,
        aggregator="sum",
        help="Warranty claims head office returned, rejected or charged back; parts claims "
        "rejected.",
    )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # The view reads these tables directly: write what is still pending first.
        for model in (
            "repair.order",
            "kia.repair.job",
            "kia.repair.job.time",
            "kia.warranty.claim",
            "kia.parts.claim",
            "stock.picking",
        ):
            self.env[model].flush_model()
        return super()._search(domain, offset=offset, limit=limit, order=order)

    @property
    def _table_query(self):
        tz = LOCAL_TIME_ZONE
        return SQL(
            """
            WITH comebacks AS (
                SELECT kia_comeback_of_id AS repair_id, COUNT(*) AS n
                  FROM repair_order
                 WHERE kia_comeback_of_id IS NOT NULL
              GROUP BY kia_comeback_of_id
            ), claims AS (
                SELECT repair_id, COUNT(*) AS n,
                       COUNT(*) FILTER (WHERE state IN %(bad)s) AS bad
                  FROM kia_warranty_claim
                 WHERE repair_id IS NOT NULL AND state != 'draft'
              GROUP BY repair_id
            ), advisor AS (
                SELECT ro.company_id, ro.user_id, 'advisor' AS role,
                       date_trunc('month', ro.kia_delivery_date AT TIME ZONE 'UTC'
                                  AT TIME ZONE %(tz)s)::date AS month,
                       COUNT(*) AS work_count, 0.0 AS hours_sold, 0.0 AS hours_clocked,
                       0 AS rework_count, COALESCE(SUM(cb.n), 0) AS comeback_count,
                       COALESCE(SUM(cl.n), 0) AS claim_count,
                       COALESCE(SUM(cl.bad), 0) AS claim_bad_count
                  FROM repair_order ro
             LEFT JOIN comebacks cb ON cb.repair_id = ro.id
             LEFT JOIN claims cl ON cl.repair_id = ro.id
                 WHERE ro.user_id IS NOT NULL AND ro.kia_delivery_date IS NOT NULL
              GROUP BY 1, 2, 3, 4
            ), job_stop AS (
                SELECT job_id, MAX(date_stop) AS date_stop
                  FROM kia_repair_job_time
              GROUP BY job_id
            ), technician AS (
                SELECT j.company_id, j.technician_id AS user_id, 'technician' AS role,
                       date_trunc('month', COALESCE(j.self_check_date, js.date_stop)
                                  AT TIME ZONE 'UTC' AT TIME ZONE %(tz)s)::date AS month,
                       COUNT(*) AS work_count,
                       COALESCE(SUM(j.planned_hours), 0.0) AS hours_sold,
                       COALESCE(SUM(j.actual_hours), 0.0) AS hours_clocked,
                       COALESCE(SUM(j.rework_count), 0) AS rework_count,
                       COALESCE(SUM(cb.n), 0) AS comeback_count,
                       0 AS claim_count, 0 AS claim_bad_count
                  FROM kia_repair_job j
             LEFT JOIN job_stop js ON js.job_id = j.id
             LEFT JOIN comebacks cb ON cb.repair_id = j.repair_id
                 WHERE j.state = 'done' AND j.technician_id IS NOT NULL
                   AND COALESCE(j.self_check_date, js.date_stop) IS NOT NULL
              GROUP BY 1, 2, 3, 4
            ), parts_claims AS (
                SELECT company_id, create_uid AS user_id,
                       date_trunc('month', receipt_date)::date AS month,
                       COUNT(*) AS n, COUNT(*) FILTER (WHERE state = 'rejected') AS bad
                  FROM kia_parts_claim
              GROUP BY 1, 2, 3
            ), parts_moves AS (
                SELECT p.company_id, p.user_id,
                       date_trunc('month', p.date_done AT TIME ZONE 'UTC'
                                  AT TIME ZONE %(tz)s)::date AS month,
                       COUNT(*) AS n
                  FROM stock_picking p
                 WHERE p.state = 'done' AND p.user_id IS NOT NULL AND p.date_done IS NOT NULL
              GROUP BY 1, 2, 3
            ), parts AS (
                SELECT COALESCE(m.company_id, c.company_id) AS company_id,
                       COALESCE(m.user_id, c.user_id) AS user_id, 'parts' AS role,
                       COALESCE(m.month, c.month) AS month,
                       COALESCE(m.n, 0) AS work_count, 0.0 AS hours_sold,
                       0.0 AS hours_clocked, 0 AS rework_count, 0 AS comeback_count,
                       COALESCE(c.n, 0) AS claim_count, COALESCE(c.bad, 0) AS claim_bad_count
                  FROM parts_moves m
             FULL JOIN parts_claims c
                    ON c.company_id = m.company_id AND c.user_id = m.user_id
                   AND c.month = m.month
            ), rows AS (
                SELECT * FROM advisor
                UNION ALL SELECT * FROM technician
                UNION ALL
                SELECT parts.* FROM parts
                  JOIN res_groups_users_rel gu ON gu.uid = parts.user_id
                  JOIN ir_model_data imd ON imd.res_id = gu.gid AND imd.model = 'res.groups'
                   AND imd.module = 'kia_parts' AND imd.name = 'group_parts_clerk'
            )
            SELECT row_number() OVER (ORDER BY month, company_id, role, user_id) AS id,
                   company_id, user_id, role, month, work_count, hours_sold, hours_clocked,
                   CASE WHEN hours_clocked > 0 THEN 100.0 * hours_sold / hours_clocked
                        ELSE 0.0 END AS efficiency,
                   rework_count, comeback_count,
                   CASE WHEN work_count > 0 THEN 100.0 * comeback_count / work_count
                        ELSE 0.0 END AS comeback_rate,
                   claim_count, claim_bad_count
              FROM rows
            """,
            bad=BAD_CLAIM_STATES,
            tz=tz,
        )
