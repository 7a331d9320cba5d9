from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kia_assessment_criterion import COMPUTED_SOURCES, SOURCES, VETO_EFFECTS


class KiaAssessmentLine(models.Model):
    """One criterion of a dealer's scorecard with its value, evidence and points."""

    _name = "kia.assessment.line"
    _description = "Dealer Assessment Criterion Result"
    _order = "assessment_id, sequence, id"
    _check_company_auto = True
    _inherit = ["kia.protected.mixin"]

    assessment_id = fields.Many2one("kia.assessment", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        related="assessment_id.company_id", store=True, index=True, string="Dealer"
    )
    state = fields.Selection(related="assessment_id.state")
    criterion_id = fields.Many2one("kia.assessment.criterion", readonly=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    source = fields.Selection(SOURCES, required=True, default="audit")
    kpi_id = fields.Many2one("kia.kpi", string="KPI", readonly=True)
    target = fields.Float(readonly=True)
    floor = fields.Float(string="Zero at", readonly=True)
    weight = fields.Float(readonly=True)
    is_veto = fields.Boolean(string="Veto Item", readonly=True)
    veto_effect = fields.Selection(VETO_EFFECTS, readonly=True)
    veto_grade_id = fields.Many2one("kia.assessment.grade", string="Grade at Most", readonly=True)
    kpi_value = fields.Float(
        string="Measured Value",
        readonly=True,
        help="The KPI's value, or the share (%) of the dealer's records that meet the standard, "
        "computed by Compute from Records.",
    )
    record_count = fields.Integer(
        string="Records", readonly=True, help="How many records the measured value is read from."
    )
    basis = fields.Char(string="Computed From", readonly=True)
    audit_percent = fields.Float(
        string="Audit Result (%)", help="Share of the criterion the audit found fulfilled."
    )
    veto_result = fields.Selection([("pass", "Pass"), ("fail", "Fail")])
    achievement = fields.Float(
        string="Achieved (%)", compute="_compute_score", store=True, aggregator="avg"
    )
    score = fields.Float(compute="_compute_score", store=True)
    veto_failed = fields.Boolean(compute="_compute_score", store=True)
    evidence_ids = fields.Many2many(
        "ir.attachment",
        "kia_assessment_line_attachment_rel",
        "line_id",
        "attachment_id",
    )
    note = fields.Text(string="Auditor's Note")

    @api.depends(
        "source",
        "kpi_value",
        "target",
        "floor",
        "weight",
        "audit_percent",
        "is_veto",
        "veto_result",
        "kpi_id.higher_is_better",
    )
    def _compute_score(self):
        for line in self:
            if line.source in COMPUTED_SOURCES:
                achievement = line._kpi_achievement()
            else:
                achievement = max(0.0, min(100.0, line.audit_percent))
            line.achievement = achievement
            line.score = 0.0 if line.is_veto else line.weight * achievement / 100.0
            if line.is_veto:
                line.veto_failed = (
                    line.veto_result == "fail" if line.source == "audit" else achievement < 100.0
                )
            else:
                line.veto_failed = False

    @api.constrains("audit_percent", "veto_result", "source")
    def _check_audit_percent(self):
        for line in self:
            if line.source != "audit" and (line.audit_percent or line.veto_result):
                raise ValidationError(
                    self.env._(
                        "%(name)s is computed from the dealer's records: it is not typed in.",
                        name=line.name,
                    )
                )
            if not 0.0 <= line.audit_percent <= 100.0:
                raise ValidationError(
                    self.env._(
                        "The audit result of %(name)s must lie between 0 and 100 %%.",
                        name=line.name,
                    )
                )

    @api.model
    def _kia_criterion_fields(self):
        """The criterion's definition, copied from head office's scorecard when the assessment
        is created."""
        return (
            "criterion_id",
            "source",
            "kpi_id",
            "target",
            "floor",
            "weight",
            "is_veto",
            "veto_effect",
            "veto_grade_id",
        )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        scorecard = self.env._("head office's scorecard (copied when the assessment is created)")
        res.update(dict.fromkeys(self._kia_criterion_fields(), scorecard))
        res.update(dict.fromkeys(self._kia_measured_fields(), self.env._("Compute from Records")))
        return res

    @api.model
    def _kia_measured_fields(self):
        return ("kpi_value", "record_count", "basis")

    @api.model_create_multi
    def create(self, vals_list):
        assessments = self.env["kia.assessment"].browse(
            {vals["assessment_id"] for vals in vals_list if vals.get("assessment_id")}
        )
        assessments._check_lines_editable()
        return super().create(vals_list)

    def write(self, vals):
        # Decided by the assessment's state alone: only a draft is filled in.
        self.assessment_id._check_lines_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        self.assessment_id._check_lines_editable()

    def _kpi_achievement(self):
        """Share of the weight earned: 100 at or beyond the target, 0 at or beyond the zero
        point, linear in between (either direction, as the KPI says)."""
        self.ensure_one()
        higher = self.kpi_id.higher_is_better if self.source == "kpi" else True
        target, floor, value = self.target, self.floor, self.kpi_value
        if (higher and value >= target) or (not higher and value <= target):
            return 100.0
        if target == floor:
            return 0.0
        share = (value - floor) / (target - floor)
        return max(0.0, min(100.0, share * 100.0))
