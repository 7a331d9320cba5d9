from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

PLAN_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted to Head Office"),
    ("approved", "Approved"),
    ("returned", "Returned for Correction"),
]
COORDINATOR = "kia_training.group_training_coordinator"
HQ_TRAINING = "kia_training.group_hq_training_manager"


class KiaTrainingPlan(models.Model):
    """A dealer's yearly training plan (年度培训计划): drafted by its training coordinator,
    submitted to head office, approved or returned by head office's training manager, then
    tracked: sessions attended by the dealer's staff against those planned, per course."""

    _name = "kia.training.plan"
    _description = "Yearly Training Plan"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "year desc, company_id"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        string="Dealer",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    year = fields.Integer(
        required=True, default=lambda self: fields.Date.context_today(self).year, tracking=True
    )
    coordinator_id = fields.Many2one(
        "res.users",
        string="Training Coordinator",
        default=lambda self: self.env.user,
        tracking=True,
    )
    state = fields.Selection(
        PLAN_STATES, default="draft", required=True, index=True, tracking=True, copy=False
    )
    line_ids = fields.One2many("kia.training.plan.line", "plan_id", string="Courses", copy=True)
    submitted_date = fields.Date(readonly=True, copy=False, tracking=True)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    approved_date = fields.Date(readonly=True, copy=False)
    return_reason = fields.Text(readonly=True, copy=False, tracking=True)
    planned_count = fields.Integer(string="Planned", compute="_compute_progress")
    done_count = fields.Integer(string="Attended", compute="_compute_progress")
    progress = fields.Float(string="Done (%)", compute="_compute_progress")
    note = fields.Text()

    _sql_constraints = [
        ("company_year_uniq", "unique(company_id, year)", "A dealer has one training plan a year."),
    ]

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res.update(
            {
                "state": self.env._("Submit, Approve and Return (head office)"),
                "submitted_date": self.env._("Submit"),
                "approved_by_id": self.env._("Approve"),
                "approved_date": self.env._("Approve"),
                "return_reason": self.env._("Return (head office)"),
            }
        )
        if any(plan.state in ("submitted", "approved") for plan in self):
            # What head office approved is what is tracked: a correction is returned first.
            returned = self.env._("Return (head office)")
            res.update(dict.fromkeys(("company_id", "year", "coordinator_id"), returned))
        return res

    @api.depends("company_id.name", "year")
    def _compute_name(self):
        for plan in self:
            plan.name = f"{plan.company_id.name or ''} {plan.year or ''}"

    @api.depends("line_ids.planned_count", "line_ids.done_count")
    def _compute_progress(self):
        for plan in self:
            plan.planned_count = sum(plan.line_ids.mapped("planned_count"))
            plan.done_count = sum(
                min(line.done_count, line.planned_count) for line in plan.line_ids
            )
            plan.progress = (
                100.0 * plan.done_count / plan.planned_count if plan.planned_count else 0.0
            )

    @api.constrains("year")
    def _check_year(self):
        for plan in self:
            if not 2000 <= plan.year <= 2100:
                raise ValidationError(self.env._("Give the plan's year, e.g. 2027."))

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(plan.state not in ("draft", "returned") for plan in self):
            raise UserError(self.env._("Only a draft training plan can be deleted."))

    def action_submit(self):
        """The dealer's training coordinator sends the plan to head office."""
        self._kia_require_groups(COORDINATOR, action=self.env._("submit"))
        for plan in self:
            if plan.state not in ("draft", "returned"):
                raise UserError(
                    self.env._("Training plan %(name)s was submitted already.", name=plan.name)
                )
            if not plan.line_ids:
                raise UserError(
                    self.env._(
                        "Plan at least one course in training plan %(name)s.", name=plan.name
                    )
                )
        with self._kia_unlocked("state", "submitted_date"):
            self.write({"state": "submitted", "submitted_date": fields.Date.context_today(self)})
        return True

    def action_approve(self):
        self._kia_require_groups(HQ_TRAINING, action=self.env._("approve"))
        self._check_submitted()
        with self._kia_unlocked("state", "approved_by_id", "approved_date"):
            self.write(
                {
                    "state": "approved",
                    "approved_by_id": self.env.uid,
                    "approved_date": fields.Date.context_today(self),
                }
            )
        return True

    def action_return(self, reason=None):
        """Head office's training manager sends the plan back to the dealer, with its reason."""
        self._kia_require_groups(HQ_TRAINING, action=self.env._("return"))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for returning the training plan."))
        self._check_submitted()
        with self._kia_unlocked("state", "return_reason"):
            self.write({"state": "returned", "return_reason": reason.strip()})
        return True

    def _check_submitted(self):
        for plan in self:
            if plan.state != "submitted":
                raise UserError(
                    self.env._(
                        "Training plan %(name)s is not waiting for head office.", name=plan.name
                    )
                )

    def _check_lines_editable(self):
        for plan in self:
            if plan.state not in ("draft", "returned"):
                raise UserError(
                    self.env._(
                        "Training plan %(name)s is with head office: it changes only once "
                        "returned.",
                        name=plan.name,
                    )
                )
