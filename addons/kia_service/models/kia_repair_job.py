import base64
import binascii
import contextlib

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL
from odoo.tools.mimetypes import guess_mimetype

JOB_STATES = [
    ("waiting_approval", "Waiting for Customer"),
    ("ready", "To Do"),
    ("in_progress", "In Progress"),
    ("paused", "Paused"),
    ("done", "Done"),
    ("cancel", "Cancelled"),
]

DISPATCH_FIELDS = ("technician_id", "bay_id")
DISPATCH_STATES = ("waiting_approval", "ready", "paused")

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
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
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
    vehicle_id = fields.Many2one(
        related="repair_id.vehicle_id", store=True, index=True, precompute=True
    )
    promised_date = fields.Datetime(
        related="repair_id.kia_promised_date", store=True, precompute=True
    )
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
    is_additional = fields.Boolean(
        related="service_id.kia_is_additional", store=True, precompute=True
    )
    pause_reason = fields.Selection(PAUSE_REASONS)
    planned_hours = fields.Float(string="Flat-Rate Hours")
    actual_hours = fields.Float(compute="_compute_actual_hours", store=True, precompute=True)
    elapsed_hours = fields.Float(
        string="Elapsed",
        compute="_compute_elapsed_hours",
        help="Hours clocked on the job so far, the stretch running now included.",
    )
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

    @api.depends("actual_hours", "time_ids.date_start", "time_ids.date_stop")
    def _compute_elapsed_hours(self):
        now = fields.Datetime.now()
        for job in self:
            running = job.time_ids.filtered(lambda log: not log.date_stop)
            job.elapsed_hours = job.actual_hours + sum(
                (now - log.date_start).total_seconds() / 3600.0 for log in running
            )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        clock = self.env._("the Start, Pause and Finish buttons of the technician")
        check = self.env._("the foreman's Check OK and Send Back buttons")
        dispatch = self.env._("dispatch by the workshop foreman")
        res.update(
            {
                "state": clock,
                "self_check_user_id": clock,
                "self_check_date": clock,
                "foreman_check_user_id": check,
                "foreman_check_date": check,
                "rework_count": check,
                "rework_reason": self.env._("the Send Back and Fail Inspection wizards"),
                "technician_id": dispatch,
                "bay_id": dispatch,
            }
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and any(vals.get(f) for vals in vals_list for f in DISPATCH_FIELDS):
            self._kia_check_dispatcher()
        with self._kia_unlocked(*DISPATCH_FIELDS):
            jobs = super().create(vals_list)
        # Added work waits for the customer's approval before it can start.
        waiting = jobs.filtered(
            lambda job: job.state == "ready" and job.service_id.kia_approval_state == "pending"
        )
        with self._kia_unlocked("state"):
            waiting.write({"state": "waiting_approval"})
        for technician, assigned in jobs.filtered("technician_id").grouped("technician_id").items():
            assigned._check_technician_qualified(technician)
        return jobs

    def write(self, vals):
        dispatch = [
            f for f in DISPATCH_FIELDS if f in vals and not self._kia_same_value(f, vals[f])
        ]
        if dispatch and not self.env.su:
            self._kia_check_dispatcher()
            for job in self:
                if job.state not in DISPATCH_STATES:
                    raise UserError(
                        self.env._(
                            "Job %(job)s is %(state)s: its technician and bay no longer change.",
                            job=job.name,
                            state=dict(self._fields["state"]._description_selection(self.env))[
                                job.state
                            ],
                        )
                    )
        if vals.get("technician_id"):
            self._check_technician_qualified(self.env["res.users"].browse(vals["technician_id"]))
        unlocked = list(dispatch)
        if "state" in vals and self._kia_follows_approval(vals["state"]):
            unlocked.append("state")
        with self._kia_unlocked(*unlocked) if unlocked else contextlib.nullcontext():
            return super().write(vals)

    def action_start(self):
        self._kia_require_groups("kia_base.group_technician", action=self.env._("clock"))
        self._lock_for_clocking()
        self._check_own_job()
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
        self._kia_check_can_start()
        now = fields.Datetime.now()
        Time = self.env["kia.repair.job.time"]
        with Time._kia_unlocked():
            Time.create(
                [{"job_id": job.id, "user_id": self.env.user.id, "date_start": now} for job in self]
            )
        with self._kia_unlocked("state"):
            self.write({"state": "in_progress", "pause_reason": False})
        repairs = self.repair_id.filtered(lambda r: r.state == "confirmed")
        if repairs:
            repairs.action_repair_start()
        return True

    def _kia_check_can_start(self):
        """Hook: refuse to clock on jobs that may not start yet (kia_warranty: a prior
        warranty authorisation not approved)."""
        return True

    def action_pause(self, reason=None):
        self._kia_require_groups("kia_base.group_technician", action=self.env._("clock"))
        self._lock_for_clocking()
        self._check_own_job()
        if self.filtered(lambda job: job.state != "in_progress"):
            raise UserError(self.env._("Only a job in progress can be paused."))
        for job in self:
            job_reason = reason or job.pause_reason
            if not job_reason:
                raise UserError(self.env._("Say why job %(job)s is paused.", job=job.name))
            job._stop_clock(job_reason)
            with self._kia_unlocked("state"):
                job.write({"state": "paused", "pause_reason": job_reason})
        return True

    def action_finish(self):
        self._kia_require_groups("kia_base.group_technician", action=self.env._("clock"))
        self._lock_for_clocking()
        self._check_own_job()
        if self.filtered(lambda job: job.state not in ("in_progress", "paused")):
            raise UserError(self.env._("Only a started job can be finished."))
        self._stop_clock()
        now = fields.Datetime.now()
        # Finishing is the technician's self-check 自检.
        with self._kia_unlocked("state", "self_check_user_id", "self_check_date"):
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
        with self._kia_unlocked("foreman_check_user_id", "foreman_check_date"):
            self.write(
                {
                    "foreman_check_user_id": self.env.user.id,
                    "foreman_check_date": fields.Datetime.now(),
                }
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

    def action_report_added_work(self, description=None, labor_operation_id=None, photo=None):
        """The technician reports work found on the vehicle while on his job (增项), with a
        photo of it: a labor line is added to the repair order as additional work waiting for
        the customer's approval (its job cannot start before), and the advisor is asked to get
        the approval."""
        self.ensure_one()
        self._kia_require_groups(
            "kia_base.group_technician", action=self.env._("report additional work on")
        )
        self._check_own_job()
        description = (description or "").strip()
        operation = self.env["kia.labor.operation"]
        if labor_operation_id:
            operation = operation.browse(int(labor_operation_id)).exists()
            operation.check_access("read")
        if not description and not operation:
            raise UserError(self.env._("Say what work you found, or pick its labor operation."))
        if self.state not in ("ready", "in_progress", "paused") or self.repair_id.state not in (
            "confirmed",
            "under_repair",
        ):
            raise UserError(
                self.env._(
                    "Additional work is reported from a job of a repair order in the workshop; "
                    "job %(job)s of %(repair)s is not.",
                    job=self.name,
                    repair=self.repair_id.name,
                )
            )
        image = self._kia_decode_photo(photo)
        repair = self.repair_id
        env = self.with_context(lang=self.company_id.partner_id.lang).env
        label = description or operation.name
        vals = {"repair_id": repair.id, "display_name": label}
        if operation:
            vals["kia_labor_operation_id"] = operation.id
        # sudo: a technician does not write repair orders; the line he reports is created as
        # additional work waiting for the customer (the labor line's create marks it so) and
        # its job waits for that approval: nothing is sold or started here.
        line = self.env["repair.service"].sudo().create(vals)
        if line.kia_approval_state != "pending":
            raise UserError(
                self.env._("Additional work %(work)s must wait for the customer.", work=label)
            )
        attachments = self.env["ir.attachment"]
        if image:
            # sudo: the photo goes on the repair order, which the technician only reads.
            attachments = attachments.sudo().create(
                {
                    "name": env._("Additional work %(work)s.%(ext)s", work=label, ext=image[1]),
                    "raw": image[0],
                    "res_model": "repair.order",
                    "res_id": repair.id,
                }
            )
        body = env._(
            "Additional work found by %(technician)s on job %(job)s: %(work)s. It waits for "
            "the customer's approval.",
            technician=self.env.user.name,
            job=self.name,
            work=label,
        )
        # sudo: posting on and planning an activity of the repair order, which the technician
        # only reads; the message is signed with his own name.
        repair.sudo().message_post(
            body=body, attachment_ids=attachments.ids, author_id=self.env.user.partner_id.id
        )
        if repair.user_id:
            repair.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=repair.user_id.id,
                summary=env._("Get the customer's approval: %(work)s", work=label),
                note=body,
            )
        return True

    def _kia_decode_photo(self, photo):
        """(bytes, extension) of the photo sent by the kiosk (base64), refused unless an
        image; None without a photo."""
        if not photo:
            return None
        try:
            raw = base64.b64decode(photo, validate=True)
        except (binascii.Error, ValueError, TypeError):
            raw = b""
        mimetype = guess_mimetype(raw) if raw else ""
        if not mimetype.startswith("image/"):
            raise UserError(self.env._("The photo of the additional work must be a picture."))
        return raw, mimetype.split("/")[1].split("+")[0]

    @api.model
    def kia_kiosk_jobs(self):
        """The caller's own jobs still to work on, as the workshop kiosk shows them."""
        jobs = self.search(
            [
                ("technician_id", "=", self.env.user.id),
                ("state", "in", ("ready", "in_progress", "paused")),
            ],
            order="state desc, promised_date, id",
        )
        states = dict(self._fields["state"]._description_selection(self.env))
        reasons = dict(self._fields["pause_reason"]._description_selection(self.env))
        return [
            {
                "id": job.id,
                "name": job.labor_operation_id.name or job.name,
                "repair": job.repair_id.name,
                "plate": job.vehicle_id.license_plate or "",
                "vehicle": job.vehicle_id.model_id.display_name or "",
                "bay": job.bay_id.name or "",
                "state": job.state,
                "state_label": states[job.state],
                "pause_reason": reasons.get(job.pause_reason, ""),
                "planned_hours": job.planned_hours,
                "elapsed_seconds": round(job.elapsed_hours * 3600),
                "running": job.state == "in_progress",
                "is_additional": job.is_additional,
                "rework_reason": job.rework_reason or "",
            }
            for job in jobs
        ]

    def _check_technician_qualified(self, technician):
        """Hook called whenever a technician is assigned to these jobs (all at once, however
        many). kia_training overrides it to refuse a technician without the certification the
        labor operations require."""
        return True

    def _kia_check_dispatcher(self):
        """Only the workshop foreman (or the service manager) gives a job its technician and
        bay 派工."""
        self._kia_require_groups(
            "kia_base.group_foreman",
            "kia_base.group_service_manager",
            action=self.env._("dispatch"),
        )

    def _kia_follows_approval(self, state):
        """Whether setting ``state`` only follows the customer's decision on the added work
        (approved: the job waiting for it is ready; declined: the job is cancelled), which
        the labor line's own approval action made."""
        if state == "ready":
            return all(
                job.state == "waiting_approval" and job.service_id.kia_approval_state == "approved"
                for job in self
            )
        if state == "cancel":
            return all(
                job.state in ("waiting_approval", "ready", "cancel")
                and job.service_id.kia_approval_state == "declined"
                for job in self
            )
        return False

    def _kia_worked_by(self, user):
        """Whether ``user`` did any of these jobs: assigned, clocked on or self-checked them."""
        # The clockers in one query (time_ids then their user_id would be two).
        clockers = (
            self.env["kia.repair.job.time"]
            .search_fetch([("job_id", "in", self.ids)], ["user_id"])
            .user_id
        )
        return user in (self.technician_id | clockers | self.self_check_user_id)

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
        """Two devices may clock the same job at once: take the rows first (the clock then
        writes their state, so a stale snapshot fails on them as well). Taken before the jobs
        are read, so that their state, technician and the rest are read once, after the lock;
        a job of someone else is then refused by _check_own_job and the transaction with its
        lock rolled back."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM kia_repair_job WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["state"])

    def _stop_clock(self, reason=False):
        now = fields.Datetime.now()
        running = self.time_ids.filtered(lambda t: not t.date_stop)
        with running._kia_unlocked("date_stop", "pause_reason"):
            running.write({"date_stop": now, "pause_reason": reason})

    def _send_back(self, reason):
        """A failed check sends the job back to its technician (rework), for ``reason``."""
        for job in self:
            with job._kia_unlocked(
                "state",
                "rework_count",
                "rework_reason",
                "self_check_user_id",
                "self_check_date",
                "foreman_check_user_id",
                "foreman_check_date",
            ):
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
            job.message_post(
                body=job._kia_lang_env()._("Sent back for rework: %(reason)s", reason=reason)
            )
