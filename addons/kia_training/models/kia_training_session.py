from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.kia_base.models.kia_protected_mixin import kia_lock_rows


class KiaTrainingSession(models.Model):
    """A session of a course. Head office's sessions have no company and are open to every
    dealer; a dealer may run its own. Head office's sessions are head office's: dealers read
    them and enrol their staff, only head office's training manager changes them."""

    _name = "kia.training.session"
    _description = "Kia Training Session"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "kia.protected.mixin",
        "kia.hq.owned.mixin",
    ]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    def _default_company(self):
        company = self.env.company
        return False if company.kia_dealer_type == "hq" else company

    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, required=True, precompute=True
    )
    course_id = fields.Many2one("kia.course", required=True, index=True, tracking=True)
    company_id = fields.Many2one(
        "res.company",
        string="Organiser",
        index=True,
        default=_default_company,
        help="Empty: a head-office session open to every dealer.",
    )
    date_start = fields.Datetime(required=True, tracking=True)
    date_end = fields.Datetime(required=True, tracking=True)
    place = fields.Char(tracking=True)
    trainer_id = fields.Many2one("res.partner", tracking=True)
    seats = fields.Integer(required=True, default=20, tracking=True)
    seats_taken = fields.Integer(compute="_compute_seats_taken")
    seats_available = fields.Integer(compute="_compute_seats_taken")
    hours = fields.Float(
        compute="_compute_hours", store=True, readonly=False, string="Training Hours"
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("open", "Open for Enrolment"),
            ("done", "Done"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    cancel_reason = fields.Text(readonly=True, copy=False, tracking=True)
    enrolment_ids = fields.One2many("kia.training.enrolment", "session_id")

    _sql_constraints = [
        ("seats_positive", "CHECK(seats > 0)", "A session needs at least one seat."),
        ("dates_order", "CHECK(date_end >= date_start)", "A session cannot end before it starts."),
    ]

    def _kia_hq_groups(self):
        return ("kia_training.group_hq_training_manager",)

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res.update(
            {
                "state": self.env._("Open for Enrolment, Mark Done and Cancel"),
                "cancel_reason": self.env._("Cancel"),
            }
        )
        return res

    def _check_organiser(self, action):
        """The organiser runs its session: head office's training manager for head office's
        sessions, the dealer's training coordinator for the dealer's own."""
        hq_owned = self._kia_hq_owned()
        if hq_owned:
            hq_owned._kia_require_groups("kia_training.group_hq_training_manager", action=action)
        if self - hq_owned:
            (self - hq_owned)._kia_require_groups(
                "kia_training.group_training_coordinator", action=action
            )

    @api.depends("course_id", "date_start")
    def _compute_name(self):
        for session in self:
            if session.course_id and session.date_start:
                session.name = f"{session.course_id.code} {session.date_start:%Y-%m-%d}"
            else:
                session.name = session.course_id.name or False

    @api.depends("seats", "enrolment_ids.state")
    def _compute_seats_taken(self):
        # sudo: seats count every dealer's enrolments, which the company rule hides.
        data = dict(
            self.env["kia.training.enrolment"]
            .sudo()
            ._read_group(
                [("session_id", "in", self.ids), ("state", "in", self._seat_states())],
                ["session_id"],
                ["__count"],
            )
        )
        for session in self:
            session.seats_taken = data.get(session._origin, 0)
            session.seats_available = session.seats - session.seats_taken

    @api.depends("course_id.duration_hours")
    def _compute_hours(self):
        for session in self:
            session.hours = session.course_id.duration_hours

    @api.constrains("seats")
    def _check_seats(self):
        for session in self:
            if session.seats < session.seats_taken:
                raise ValidationError(
                    self.env._(
                        "Session %(name)s already has %(taken)s enrolments.",
                        name=session.name,
                        taken=session.seats_taken,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_enrolled(self):
        if self.sudo().enrolment_ids:
            raise UserError(self.env._("A session with enrolments cannot be deleted; cancel it."))

    def action_open(self):
        self._check_organiser(self.env._("open"))
        self._check_session_state(("draft",), self.env._("opened"))
        with self._kia_unlocked("state"):
            self.write({"state": "open"})
        return True

    def action_done(self):
        self._check_organiser(self.env._("mark done"))
        self._check_session_state(("open",), self.env._("marked done"))
        with self._kia_unlocked("state"):
            self.write({"state": "done"})
        return True

    def action_cancel(self, reason=None):
        self._check_organiser(self.env._("cancel"))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for cancelling the session."))
        self._check_session_state(("draft", "open"), self.env._("cancelled"))
        reason = reason.strip()
        with self._kia_unlocked("state", "cancel_reason"):
            self.write({"state": "cancel", "cancel_reason": reason})
        # sudo: the organiser (checked above) cancels every dealer's enrolment in its session,
        # which the company rule hides from it.
        self.sudo().enrolment_ids.filtered(lambda e: e.state not in ("attended", "absent")).write(
            {"state": "cancel", "cancel_reason": reason}
        )
        return True

    def _check_session_state(self, states, action):
        if wrong := self.filtered(lambda s: s.state not in states):
            raise UserError(
                self.env._(
                    "Session %(name)s cannot be %(action)s in its current state.",
                    name=wrong[0].name,
                    action=action,
                )
            )

    @api.model
    def _seat_states(self):
        return ("to_approve", "approved", "attended", "absent")

    def _lock_and_check_seats(self, extra):
        """Lock the session rows so two coordinators enrolling at once cannot both take the
        last seat, then refuse when ``extra`` {session: n} more enrolments do not fit."""
        if not self:
            return
        # The session is the limited thing: locked and touched, so a concurrent enrolment
        # (even one that counted the seats before this one committed) fails and is retried.
        kia_lock_rows(self)
        self.invalidate_recordset(["seats_taken", "seats_available"])
        for session in self:
            if session.state != "open":
                raise UserError(
                    self.env._("Session %(name)s is not open for enrolment.", name=session.name)
                )
            if session.seats_taken + extra.get(session, 0) > session.seats:
                raise UserError(
                    self.env._(
                        "Session %(name)s is full: %(seats)s seats, %(taken)s taken.",
                        name=session.name,
                        seats=session.seats,
                        taken=session.seats_taken,
                    )
                )
