from odoo import api, fields, models
from odoo.exceptions import UserError


class KiaTrainingEnrolment(models.Model):
    """An employee of a dealer in a training session: takes a seat when requested, needs the
    dealer's approval, then attendance, exam, certification and course evaluation."""

    _name = "kia.training.enrolment"
    _description = "Kia Training Enrolment"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    session_id = fields.Many2one(
        "kia.training.session", required=True, index=True, check_company=True, tracking=True
    )
    course_id = fields.Many2one(related="session_id.course_id", store=True, index=True)
    date_start = fields.Datetime(related="session_id.date_start", store=True, index=True)
    employee_id = fields.Many2one(
        "hr.employee", required=True, index=True, check_company=True, tracking=True
    )
    state = fields.Selection(
        [
            ("to_approve", "Awaiting Approval"),
            ("approved", "Approved"),
            ("attended", "Attended"),
            ("absent", "Absent"),
            ("refused", "Refused"),
            ("cancel", "Cancelled"),
        ],
        default="to_approve",
        required=True,
        index=True,
        tracking=True,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, tracking=True)
    refuse_reason = fields.Text(readonly=True, copy=False, tracking=True)
    cancel_reason = fields.Text(readonly=True, copy=False, tracking=True)
    hours = fields.Float(
        string="Training Hours",
        compute="_compute_hours",
        store=True,
        help="Hours counted for the employee once attended.",
    )
    exam_input_id = fields.Many2one("survey.user_input", string="Exam Answer", readonly=True)
    exam_score = fields.Float(related="exam_input_id.scoring_percentage", string="Score (%)")
    exam_passed = fields.Boolean(related="exam_input_id.scoring_success", string="Passed")
    certification_id = fields.Many2one("kia.certification", readonly=True, check_company=True)
    evaluation_input_id = fields.Many2one(
        "survey.user_input", string="Course Evaluation Answer", readonly=True
    )
    evaluation_done = fields.Boolean(compute="_compute_evaluation_done")

    _sql_constraints = [
        (
            "employee_session_uniq",
            "unique(employee_id, session_id)",
            "An employee can enrol once in a session.",
        ),
    ]

    @api.depends("state", "session_id.hours")
    def _compute_hours(self):
        for enrolment in self:
            enrolment.hours = enrolment.session_id.hours if enrolment.state == "attended" else 0.0

    @api.depends("evaluation_input_id.state")
    def _compute_evaluation_done(self):
        for enrolment in self:
            enrolment.evaluation_done = enrolment.evaluation_input_id.state == "done"

    @api.depends("employee_id", "session_id")
    def _compute_display_name(self):
        for enrolment in self:
            enrolment.display_name = (
                f"{enrolment.employee_id.name or ''} - {enrolment.session_id.name or ''}"
            )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        enrol = self.env._("a new enrolment (cancel this one)")
        res.update(
            {
                "session_id": enrol,
                "employee_id": enrol,
                "state": self.env._("Approve, Refuse, Cancel, Attended and Absent"),
                "approved_by_id": self.env._("Approve"),
                "refuse_reason": self.env._("Refuse"),
                "cancel_reason": self.env._("Cancel"),
                "exam_input_id": self.env._("Start Exam"),
                "evaluation_input_id": self.env._("Evaluate Course"),
                "certification_id": self.env._("Grant Certification"),
            }
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        # Rights first: whoever may not enrol hears so, not that the session is full.
        self.check_access("create")
        extra = {}
        for vals in vals_list:
            if vals.get("state", "to_approve") in self.env["kia.training.session"]._seat_states():
                session = self.env["kia.training.session"].browse(vals["session_id"])
                extra[session] = extra.get(session, 0) + 1
        sessions = self.env["kia.training.session"].concat(*extra)
        sessions._lock_and_check_seats(extra)
        # Enrolling is this method: the seats were checked above, the prerequisites below.
        with self._kia_unlocked("session_id", "employee_id"):
            enrolments = super().create(vals_list)
        enrolments._check_prerequisites()
        return enrolments

    @api.ondelete(at_uninstall=False)
    def _unlink_except_attended(self):
        if any(e.state in ("approved", "attended", "absent") for e in self):
            raise UserError(self.env._("An approved or attended enrolment cannot be deleted."))

    def _check_approver(self, action):
        """The dealer's service manager approves sending its staff (head office's training
        manager may too)."""
        self._kia_require_groups(
            "kia_base.group_service_manager",
            "kia_training.group_hq_training_manager",
            action=action,
        )

    def _check_organiser(self, action):
        """Attendance is recorded by the session's organiser: head office's training manager
        for head office's sessions, the dealer's coordinator for the dealer's own."""
        # sudo: the organiser of the session, which a dealer reads anyway; not its data.
        sessions = self.sudo().session_id
        hq_sessions = sessions._kia_hq_owned()
        if hq_sessions:
            self._kia_require_groups("kia_training.group_hq_training_manager", action=action)
        if sessions - hq_sessions:
            self._kia_require_groups("kia_training.group_training_coordinator", action=action)

    def action_approve(self):
        self._check_approver(self.env._("approve"))
        self._check_state(("to_approve",), self.env._("approved"))
        with self._kia_unlocked("state", "approved_by_id"):
            self.write({"state": "approved", "approved_by_id": self.env.uid})
        return True

    def action_refuse(self, reason=None):
        self._check_approver(self.env._("refuse"))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for refusing the enrolment."))
        self._check_state(("to_approve", "approved"), self.env._("refused"))
        with self._kia_unlocked("state", "refuse_reason"):
            self.write({"state": "refused", "refuse_reason": reason.strip()})
        return True

    def action_cancel(self, reason=None):
        """The dealer withdraws its employee."""
        self._kia_require_groups(
            "kia_training.group_training_coordinator", action=self.env._("cancel")
        )
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for cancelling the enrolment."))
        self._check_state(("to_approve", "approved"), self.env._("cancelled"))
        with self._kia_unlocked("state", "cancel_reason"):
            self.write({"state": "cancel", "cancel_reason": reason.strip()})
        return True

    def action_mark_attended(self):
        self._check_organiser(self.env._("record the attendance of"))
        self._check_state(("approved", "absent"), self.env._("marked attended"))
        with self._kia_unlocked("state"):
            self.write({"state": "attended"})
        return True

    def action_mark_absent(self):
        self._check_organiser(self.env._("record the attendance of"))
        self._check_state(("approved", "attended"), self.env._("marked absent"))
        with self._kia_unlocked("state"):
            self.write({"state": "absent"})
        return True

    def action_start_exam(self):
        self.ensure_one()
        self._kia_require_groups(
            "kia_training.group_training_coordinator", action=self.env._("start the exam of")
        )
        self._check_state(("attended",), self.env._("examined"))
        survey = self.course_id.exam_survey_id
        if not survey:
            raise UserError(
                self.env._("Course %(course)s has no exam.", course=self.course_id.display_name)
            )
        if self.exam_passed:
            raise UserError(self.env._("%(name)s already passed.", name=self.display_name))
        answer = self._survey_answer(survey)
        answer.kia_enrolment_id = self
        with self._kia_unlocked("exam_input_id"):
            self.exam_input_id = answer
        return {"type": "ir.actions.act_url", "target": "new", "url": answer.get_start_url()}

    def action_start_evaluation(self):
        self.ensure_one()
        self._kia_require_groups(
            "kia_training.group_training_coordinator",
            action=self.env._("start the course evaluation of"),
        )
        self._check_state(("attended",), self.env._("evaluated"))
        survey = self.course_id.evaluation_survey_id
        if not survey:
            raise UserError(
                self.env._(
                    "Course %(course)s has no evaluation questionnaire.",
                    course=self.course_id.display_name,
                )
            )
        answer = self.evaluation_input_id
        if not answer:
            answer = self._survey_answer(survey)
            with self._kia_unlocked("evaluation_input_id"):
                self.evaluation_input_id = answer
        return {"type": "ir.actions.act_url", "target": "new", "url": answer.get_start_url()}

    def action_grant_certification(self):
        """Grant the course's certification on a passed exam of the course; refused
        otherwise. The only way to a certification that needs an exam."""
        self._kia_require_groups(
            "kia_training.group_training_coordinator", action=self.env._("grant certifications of")
        )
        for enrolment in self:
            cert_type = enrolment.course_id.certification_type_id
            if not cert_type:
                raise UserError(
                    self.env._(
                        "Course %(course)s grants no certification.",
                        course=enrolment.course_id.display_name,
                    )
                )
            # sudo: coordinators hold no survey rights; only the exam's result is read.
            exam = enrolment.exam_input_id.sudo()
            if enrolment.state != "attended" or not (
                exam
                and exam.state == "done"
                and exam.scoring_success
                and exam.survey_id == enrolment.course_id.exam_survey_id
            ):
                raise UserError(
                    self.env._(
                        "%(employee)s has not passed the exam of %(course)s: no certificate.",
                        employee=enrolment.employee_id.name,
                        course=enrolment.course_id.display_name,
                    )
                )
        Certification = self.env["kia.certification"]
        for enrolment in self.filtered(lambda e: not e.certification_id):
            with Certification._kia_unlocked(
                "employee_id", "type_id", "date_issued", "user_input_id", "enrolment_id"
            ):
                certification = Certification.create(
                    {
                        "company_id": enrolment.company_id.id,
                        "employee_id": enrolment.employee_id.id,
                        "type_id": enrolment.course_id.certification_type_id.id,
                        "date_issued": fields.Date.context_today(enrolment),
                        "enrolment_id": enrolment.id,
                        "user_input_id": enrolment.exam_input_id.id,
                    }
                )
            with enrolment._kia_unlocked("certification_id"):
                enrolment.certification_id = certification
        return True

    def action_print_certificate(self):
        if missing := self.filtered(lambda e: not e.certification_id):
            raise UserError(
                self.env._(
                    "%(name)s has no certification: pass the exam first.",
                    name=missing[0].display_name,
                )
            )
        return self.certification_id.action_print_certificate()

    def _check_prerequisites(self):
        missing = {}
        for enrolment in self:
            prerequisites = enrolment.course_id.prerequisite_type_ids
            if prerequisites:
                missing = enrolment.employee_id._kia_missing_certifications(prerequisites)
                if missing[enrolment.employee_id.id]:
                    raise UserError(
                        self.env._(
                            "%(employee)s lacks the prerequisite %(cert)s for %(course)s.",
                            employee=enrolment.employee_id.name,
                            cert=missing[enrolment.employee_id.id][0].display_name,
                            course=enrolment.course_id.display_name,
                        )
                    )

    def _check_state(self, states, action):
        if wrong := self.filtered(lambda e: e.state not in states):
            raise UserError(
                self.env._(
                    "Enrolment %(name)s cannot be %(action)s in its current state.",
                    name=wrong[0].display_name,
                    action=action,
                )
            )

    def _survey_answer(self, survey):
        """A personal answer of the employee to ``survey``."""
        self.ensure_one()
        employee = self.employee_id
        # sudo: the coordinator hands the exam to the employee; survey answers belong to the
        # survey app, whose rights dealer staff do not hold.
        return survey.sudo()._create_answer(
            user=employee.user_id,
            partner=employee.work_contact_id if not employee.user_id else False,
            check_attempts=False,
        )
