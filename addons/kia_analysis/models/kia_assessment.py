from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .kia_assessment_criterion import RECORD_SOURCES

STATES = [
    ("draft", "Draft"),
    ("scored", "Scored"),
    ("approved", "Approved"),
    ("closed", "Closed"),
]


class KiaAssessment(models.Model):
    """A dealer's scorecard 考核 for one period: KPI criteria filled from the KPIs, audit
    criteria by head office's area manager with evidence; score, veto items and grade; rewards
    and penalties follow it. The dealer reads it once approved."""

    _name = "kia.assessment"
    _description = "Dealer Assessment"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "date_from desc, company_id, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        string="Dealer",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
        domain=[("kia_dealer_type", "in", ("dealer_4s", "service_station"))],
    )
    template_id = fields.Many2one(
        "kia.assessment.template", string="Scorecard", required=True, tracking=True
    )
    date_from = fields.Date(string="Period From", required=True, tracking=True)
    date_to = fields.Date(string="Period To", required=True, tracking=True)
    state = fields.Selection(
        STATES, default="draft", required=True, index=True, tracking=True, copy=False
    )
    auditor_id = fields.Many2one(
        "res.users",
        string="Area Manager",
        default=lambda self: self.env.user,
        tracking=True,
        help="Head office's area manager who audits the dealer and fills the audit criteria.",
    )
    line_ids = fields.One2many("kia.assessment.line", "assessment_id", string="Criteria")
    score = fields.Float(compute="_compute_score", store=True, tracking=True, aggregator="avg")
    vetoed = fields.Boolean(
        string="Veto Failed",
        compute="_compute_score",
        store=True,
        help="A veto item failed: the grade is capped or the score is zero.",
    )
    grade_id = fields.Many2one(
        "kia.assessment.grade",
        compute="_compute_score",
        store=True,
        index=True,
        tracking=True,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    approved_date = fields.Datetime(readonly=True, copy=False)
    return_reason = fields.Text(
        readonly=True,
        copy=False,
        tracking=True,
        help="Why head office last sent the scored assessment back to draft.",
    )
    sanction_ids = fields.One2many("kia.assessment.sanction", "assessment_id")
    sanction_count = fields.Integer(compute="_compute_sanction_count")
    note = fields.Html(string="Conclusion")

    _sql_constraints = [
        ("period_order", "CHECK(date_from <= date_to)", "A period ends after it starts."),
    ]

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        scored = self.env._("the criteria's results (Fill KPIs, the audit results)")
        res.update(
            {
                "state": self.env._("Score, Approve, Close and Return to Draft"),
                "approved_by_id": self.env._("Approve"),
                "approved_date": self.env._("Approve"),
                "return_reason": self.env._("Return to Draft"),
                "score": scored,
                "vetoed": scored,
                "grade_id": scored,
            }
        )
        if any(card.state != "draft" for card in self):
            # A scored card is judged on its dealer, scorecard and period as they were.
            draft = self.env._("Return to Draft")
            res.update(dict.fromkeys(("company_id", "template_id", "date_from", "date_to"), draft))
        return res

    @api.depends("company_id.name", "template_id.name", "date_from", "date_to")
    def _compute_name(self):
        for card in self:
            card.name = (
                f"{card.company_id.name or ''} {card.date_from or ''} ~ {card.date_to or ''}"
            )

    @api.depends(
        "line_ids.score",
        "line_ids.veto_failed",
        "line_ids.veto_effect",
        "line_ids.veto_grade_id.min_score",
    )
    def _compute_score(self):
        Grade = self.env["kia.assessment.grade"]
        for card in self:
            failed = card.line_ids.filtered("veto_failed")
            score = sum(card.line_ids.filtered(lambda line: not line.is_veto).mapped("score"))
            if failed.filtered(lambda line: line.veto_effect == "zero"):
                score = 0.0
            grade = Grade._for_score(score) if card.line_ids else Grade
            caps = failed.veto_grade_id
            if caps and grade:
                cap = caps.sorted("min_score")[:1]
                if cap.min_score < grade.min_score:
                    grade = cap
            card.score = score
            card.vetoed = bool(failed)
            card.grade_id = grade

    def _compute_sanction_count(self):
        counts = dict(
            self.env["kia.assessment.sanction"]._read_group(
                [("assessment_id", "in", self.ids)], ["assessment_id"], ["__count"]
            )
        )
        for card in self:
            card.sanction_count = counts.get(card, 0)

    @api.constrains("company_id", "template_id")
    def _check_dealer_type(self):
        for card in self:
            if card.company_id.kia_dealer_type != card.template_id.dealer_type:
                raise ValidationError(
                    self.env._(
                        "Scorecard %(template)s is for another dealer type than %(dealer)s.",
                        template=card.template_id.name,
                        dealer=card.company_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_periods_open(
            [
                (
                    vals.get("company_id") or self.env.company.id,
                    vals.get("date_from"),
                    vals.get("date_to"),
                )
                for vals in vals_list
            ]
        )
        cards = super().create(vals_list)
        cards._load_criteria()
        return cards

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(card.state != "draft" for card in self):
            raise UserError(self.env._("Only a draft assessment can be deleted."))

    def action_fill_kpi(self):
        """Compute from Records: every KPI criterion from kia.kpi's figures of the dealer over
        the period, every record-based criterion from the dealer's records (facility audits,
        staffing, special tools, claims, reporting calendar, daily work norms); one grouped
        query per source and period."""
        self._check_hq()
        self._check_period_open()
        for card in self:
            if card.state != "draft":
                raise UserError(
                    self.env._("Assessment %(name)s is not a draft any more.", name=card.name)
                )
        by_period = {}
        for card in self:
            by_period.setdefault((card.date_from, card.date_to), self.browse())
            by_period[(card.date_from, card.date_to)] |= card
        Line = self.env["kia.assessment.line"]
        Measure = self.env["kia.assessment.measure"]
        with Line._kia_unlocked(*Line._kia_measured_fields()):
            for (date_from, date_to), cards in by_period.items():
                lines = cards.line_ids
                kpi_lines = lines.filtered(lambda line: line.source == "kpi")
                if kpi_lines:
                    values = self.env["kia.kpi"]._kia_values(cards.company_id, date_from, date_to)
                    for line in kpi_lines:
                        line.write(
                            {
                                "kpi_value": values[line.company_id.id].get(line.kpi_id.code, 0.0),
                                "basis": line.kpi_id.display_name,
                            }
                        )
                for source in RECORD_SOURCES:
                    source_lines = lines.filtered(lambda line, s=source: line.source == s)
                    if not source_lines:
                        continue
                    measured = Measure._kia_measure(source, cards.company_id, date_from, date_to)
                    for line in source_lines:
                        value, count, basis = measured[line.company_id.id]
                        line.write({"kpi_value": value, "record_count": count, "basis": basis})
        return True

    def action_score(self):
        self._check_hq()
        self._check_period_open()
        for card in self:
            if card.state != "draft":
                raise UserError(
                    self.env._("Assessment %(name)s is not a draft any more.", name=card.name)
                )
            missing = card.line_ids.filtered(
                lambda line: line.source == "audit" and line.is_veto and not line.veto_result
            )
            if missing:
                raise UserError(
                    self.env._(
                        "Record the result of every veto item of %(name)s first: %(items)s.",
                        name=card.name,
                        items=", ".join(missing.mapped("name")),
                    )
                )
        with self._kia_unlocked("state"):
            self.write({"state": "scored"})
        return True

    def action_approve(self):
        self._check_hq(manager=True)
        for card in self:
            if card.state != "scored":
                raise UserError(
                    self.env._("Score assessment %(name)s before approving it.", name=card.name)
                )
        with self._kia_unlocked("state", "approved_by_id", "approved_date"):
            self.write(
                {
                    "state": "approved",
                    "approved_by_id": self.env.uid,
                    "approved_date": fields.Datetime.now(),
                }
            )
        return True

    def action_close(self):
        self._check_hq(manager=True)
        for card in self:
            if card.state != "approved":
                raise UserError(
                    self.env._("Approve assessment %(name)s before closing it.", name=card.name)
                )
        with self._kia_unlocked("state"):
            self.write({"state": "closed"})
        return True

    def action_reset_draft(self, reason=None):
        self._check_hq()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for returning the assessment to draft."))
        for card in self:
            if card.state != "scored":
                raise UserError(
                    self.env._(
                        "Only a scored assessment goes back to draft, not %(name)s.",
                        name=card.name,
                    )
                )
        with self._kia_unlocked("state", "return_reason"):
            self.write({"state": "draft", "return_reason": reason.strip()})
        return True

    def action_view_sanctions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_analysis.kia_assessment_sanction_action"
        )
        action["domain"] = [("assessment_id", "=", self.id)]
        action["context"] = {
            "default_assessment_id": self.id,
            "default_company_id": self.company_id.id,
        }
        return action

    def _load_criteria(self):
        Line = self.env["kia.assessment.line"]
        with Line._kia_unlocked(*Line._kia_criterion_fields()):
            self._create_criterion_lines()

    def _create_criterion_lines(self):
        self.env["kia.assessment.line"].create(
            [
                {
                    "assessment_id": card.id,
                    "criterion_id": criterion.id,
                    "sequence": criterion.sequence,
                    "name": criterion.name,
                    "source": criterion.source,
                    "kpi_id": criterion.kpi_id.id,
                    "target": criterion.target,
                    "floor": criterion.floor,
                    "weight": criterion.weight,
                    "is_veto": criterion.is_veto,
                    "veto_effect": criterion.veto_effect,
                    "veto_grade_id": criterion.veto_grade_id.id,
                }
                for card in self
                for criterion in card.template_id.criterion_ids
            ]
        )

    def _check_lines_editable(self):
        """The criteria of a draft assessment of an open period are filled in; a scored one
        goes back to draft first (Return to Draft)."""
        for card in self:
            if card.state != "draft":
                raise UserError(
                    self.env._(
                        "Assessment %(name)s is scored: reset it to draft to change it.",
                        name=card.name,
                    )
                )
        self._check_period_open()

    def _check_period_open(self):
        """A closed assessment freezes its dealer's period: nothing is scored into it again."""
        for card in self:
            if card.state == "closed":
                card._raise_period_closed(card.company_id, card.date_from, card.date_to)
        self._check_periods_open(
            [(card.company_id.id, card.date_from, card.date_to) for card in self]
        )

    @api.model
    def _check_periods_open(self, periods):
        """Refuse (dealer id, date from, date to) periods that overlap a closed assessment,
        with one query for the batch."""
        periods = [p for p in periods if all(p)]
        if not periods:
            return
        periods = [
            (company, fields.Date.to_date(date_from), fields.Date.to_date(date_to))
            for company, date_from, date_to in periods
        ]
        closed = self.search(
            [
                ("company_id", "in", [company for company, _f, _t in periods]),
                ("state", "=", "closed"),
                ("date_from", "<=", max(date_to for _c, _f, date_to in periods)),
                ("date_to", ">=", min(date_from for _c, date_from, _t in periods)),
            ]
        )
        for company, date_from, date_to in periods:
            for card in closed:
                if (
                    card.company_id.id == company
                    and card.date_from <= date_to
                    and card.date_to >= date_from
                ):
                    self._raise_period_closed(card.company_id, date_from, date_to)

    def _raise_period_closed(self, company, date_from, date_to):
        raise UserError(
            self.env._(
                "The assessment period %(date_from)s ~ %(date_to)s of %(dealer)s is closed: it "
                "cannot be scored again.",
                date_from=date_from,
                date_to=date_to,
                dealer=company.name,
            )
        )

    def _check_hq(self, manager=False):
        group = "kia_base.group_hq_manager" if manager else "kia_base.group_hq_officer"
        if not self.env.user.has_group(group):
            raise AccessError(
                self.env._("Only head office's managers can approve dealer assessments.")
                if manager
                else self.env._("Only head office can score dealer assessments.")
            )
