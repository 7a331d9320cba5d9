from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

JOB_STATES = [
    ("waiting_approval", "Waiting for Customer"),
    ("ready", "To Do"),
    ("in_progress", "In Progress"),
    ("paused", "Paused"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]

PAUSE_REASONS = [
    ("parts", "Waiting for Parts"),
    ("approval", "Waiting for Approval"),
    ("technical", "Waiting for Technical Support"),
    ("break", "Break"),
    ("other", "Other"),
]


class KiaRepairJob(models.Model):
    """A workshop job 派工: one labor line given to a technician and a bay."""

    _name = "kia.repair.job"
    _description = "Workshop Job"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "repair_id, id"
    _check_company_auto = True

    name = fields.Char(required=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    repair_id = fields.Many2one(
        "repair.order",
        string="Repair Order",
        required=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    service_id = fields.Many2one(
        "repair.service", string="Labor Line", index=True, ondelete="cascade"
    )
    labor_operation_id = fields.Many2one("kia.labor.operation", index=True, check_company=True)
    vehicle_id = fields.Many2one(related="repair_id.vehicle_id", store=True, index=True)
    promised_date = fields.Datetime(related="repair_id.kia_promised_date", store=True)
    technician_id = fields.Many2one(
        "res.users",
        index=True,
        tracking=True,
        check_company=True,
        domain=lambda self: [("groups_id", "in", self.env.ref("kia_base.group_technician").id)],
    )
    bay_id = fields.Many2one(
        "maintenance.equipment",
        string="Bay / Lift",
        tracking=True,
        check_company=True,
    )
    state = fields.Selection(
        JOB_STATES, default="ready", required=True, index=True, tracking=True, copy=False
    )
    is_additional = fields.Boolean(related="service_id.kia_is_additional", store=True)
    pause_reason = fields.Selection(PAUSE_REASONS)
    planned_hours = fields.Float(string="Flat-Rate Hours")
    actual_hours = fields.Float(compute="_compute_actual_hours", store=True)
    time_ids = fields.One2many("kia.repair.job.time", "job_id", string="Time Logs")
    self_check_user_id = fields.Many2one("res.users", string="Self-Check By", readonly=True)
    self_check_date = fields.Datetime(string="Self-Check On", readonly=True)
    foreman_check_user_id = fields.Many2one("res.users", string="Foreman Check By", readonly=True)
    foreman_check_date = fields.Datetime(string="Foreman Check On", readonly=True)
    rework_count = fields.Integer(string="Reworks", readonly=True, tracking=True)
    rework_reason = fields.Text(readonly=True, copy=False)
    color = fields.Integer()

    @api.depends("time_ids.duration")
    def _compute_actual_hours(self):
        for job in self:
            job.actual_hours = sum(job.time_ids.mapped("duration"))

    @api.model_create_multi
    def create(self, vals_list):
        Service = self.env["repair.service"]
        for vals in vals_list:
            service = Service.browse(vals.get("service_id"))
            if service.kia_approval_state == "pending":
                vals["state"] = "waiting_approval"
        jobs = super().create(vals_list)
        for job in jobs.filtered("technician_id"):
            job._check_technician_qualified(job.technician_id)
        return jobs

    def write(self, vals):
        if vals.get("technician_id"):
            technician = self.env["res.users"].browse(vals["technician_id"])
            for job in self:
                job._check_technician_qualified(technician)
        return super().write(vals)

    def action_start(self):
        self._check_own_job()
        self._lock_for_clocking()
        for job in self:
            if job.state == "waiting_approval":
                raise UserError(
                    self.env._(
                        "Additional work %(job)s cannot start before the customer approves it.",
                        job=job.name,
                    )
                )
            if job.state not in ("ready", "paused"):
                raise UserError(self.env._("Job %(job)s cannot be started now.", job=job.name))
        now = fields.Datetime.now()
        self.env["kia.repair.job.time"].create(
            [{"job_id": job.id, "user_id": self.env.user.id, "date_start": now} for job in self]
        )
        self.write({"state": "in_progress", "pause_reason": False})
        repairs = self.repair_id.filtered(lambda r: r.state == "confirmed")
        if repairs:
            repairs.action_repair_start()
        return True

    def action_pause(self, reason=None):
        self._check_own_job()
        self._lock_for_clocking()
        if self.filtered(lambda job: job.state != "in_progress"):
            raise UserError(self.env._("Only a job in progress can be paused."))
        for job in self:
            job_reason = reason or job.pause_reason
            if not job_reason:
                raise UserError(self.env._("Say why job %(job)s is paused.", job=job.name))
            job._stop_clock(job_reason)
            job.write({"state": "paused", "pause_reason": job_reason})
        return True

    def action_finish(self):
        self._check_own_job()
        self._lock_for_clocking()
        if self.filtered(lambda job: job.state not in ("in_progress", "paused")):
            raise UserError(self.env._("Only a started job can be finished."))
        self._stop_clock()
        now = fields.Datetime.now()
        # Finishing is the technician's self-check 自检.
        self.write(
            {
                "state": "done",
                "self_check_user_id": self.env.user.id,
                "self_check_date": now,
            }
        )
        return True

    def action_foreman_check(self):
        if not self.env.user.has_group("kia_base.group_foreman"):
            raise AccessError(self.env._("Only a workshop foreman can check a job."))
        if self.filtered(lambda job: job.state != "done"):
            raise UserError(self.env._("Only a finished job can be checked by the foreman."))
        self.write(
            {"foreman_check_user_id": self.env.user.id, "foreman_check_date": fields.Datetime.now()}
        )
        return True

    def action_foreman_reject(self, reason=None):
        """The foreman sends a finished job back to its technician for rework, for a reason."""
        if not self.env.user.has_group("kia_base.group_foreman"):
            raise AccessError(self.env._("Only a workshop foreman can check a job."))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the job goes back for rework."))
        if self.filtered(lambda job: job.state != "done"):
            raise UserError(self.env._("Only a finished job can be sent back."))
        self._send_back(reason)
        return True

    def _check_technician_qualified(self, technician):
        """Hook called whenever a technician is assigned to this job. kia_training overrides it
        to refuse a technician without the certification the labor operation requires."""
        self.ensure_one()

    def _check_own_job(self):
        for job in self:
            if job.technician_id != self.env.user:
                raise AccessError(
                    self.env._(
                        "Job %(job)s of %(repair)s is assigned to %(technician)s: you can only "
                        "clock your own jobs.",
                        job=job.name,
                        repair=job.repair_id.name,
                        technician=job.technician_id.name or self.env._("nobody"),
                    )
                )

    def _lock_for_clocking(self):
        """Two devices may clock the same job at once: take the rows first."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM kia_repair_job WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["state"])

    def _stop_clock(self, reason=False):
        now = fields.Datetime.now()
        self.time_ids.filtered(lambda t: not t.date_stop).write(
            {"date_stop": now, "pause_reason": reason}
        )

    def _send_back(self, reason):
        """A failed check sends the job back to its technician (rework), for ``reason``."""
        for job in self:
            job.write(
                {
                    "state": "ready",
                    "rework_count": job.rework_count + 1,
                    "rework_reason": reason,
                    "self_check_user_id": False,
                    "self_check_date": False,
                    "foreman_check_user_id": False,
                    "foreman_check_date": False,
                }
            )
            job.message_post(body=self.env._("Sent back for rework: %(reason)s", reason=reason))
