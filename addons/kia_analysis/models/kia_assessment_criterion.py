import contextlib
from contextvars import ContextVar

from odoo import api, fields, models
from odoo.exceptions import ValidationError

# Set while a scorecard saves its criteria, which it then checks together: a Python context
# variable, not an Odoo context key, so that no client can skip the weight rule.
_WEIGHTS_LATER = ContextVar("kia_assessment_weights_later", default=False)


@contextlib.contextmanager
def weights_checked_later():
    """Within the block, criteria do not check their scorecard's weights one by one; the
    caller checks them once every criterion is written."""
    token = _WEIGHTS_LATER.set(True)
    try:
        yield
    finally:
        _WEIGHTS_LATER.reset(token)


SOURCES = [
    ("kpi", "KPI"),
    ("facility_audit", "Facility Audits"),
    ("staffing", "Staffing Compliance"),
    ("tools", "Special Tools"),
    ("claims", "Claim Quality"),
    ("claim_audit", "Claim Audits"),
    ("reporting", "Reporting Timeliness"),
    ("norms", "Daily Work Norms"),
    ("audit", "Manual (Area Manager)"),
]
# Criteria measured from the dealer's records (kia.assessment.measure), scored like a KPI
# where a higher share is better.
RECORD_SOURCES = (
    "facility_audit",
    "staffing",
    "tools",
    "claims",
    "claim_audit",
    "reporting",
    "norms",
)
COMPUTED_SOURCES = ("kpi", *RECORD_SOURCES)
VETO_EFFECTS = [("cap", "Cap the Grade"), ("zero", "Zero the Score")]


class KiaAssessmentCriterion(models.Model):
    """One criterion of a scorecard: computed from a KPI or from the dealer's records (facility
    audits, staffing, special tools, claim quality, claim audits, reporting timeliness, daily
    work norms) with
    a target and a zero point, or filled in by the area manager where no record exists; a veto
    item 否决项 caps the grade or zeroes the score when failed."""

    _name = "kia.assessment.criterion"
    _description = "Dealer Assessment Criterion"
    _inherit = ["kia.hq.owned.mixin"]
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "kia.assessment.template", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    source = fields.Selection(SOURCES, required=True, default="audit")
    kpi_id = fields.Many2one("kia.kpi", string="KPI", help="The KPI this criterion is read from.")
    target = fields.Float(
        default=100.0, help="KPI value or share of the records (%) that earns the full weight."
    )
    floor = fields.Float(
        string="Zero at",
        help="Value that earns nothing; between it and the target the score is linear.",
    )
    higher_is_better = fields.Boolean(related="kpi_id.higher_is_better")
    weight = fields.Float(help="Points out of 100 this criterion is worth (0 for a veto item).")
    is_veto = fields.Boolean(
        string="Veto Item",
        help="Pass or fail: a failed veto item caps the grade or zeroes the whole score.",
    )
    veto_effect = fields.Selection(VETO_EFFECTS, default="cap")
    veto_grade_id = fields.Many2one(
        "kia.assessment.grade",
        string="Grade at Most",
        help="The best grade a dealer can get when this veto item fails.",
    )
    guidance = fields.Text(help="What the auditor checks and which evidence to attach.")

    def _kia_hq_owned(self):
        # Head office's network definitions: there is no dealer's own record of this model.
        return self

    @api.constrains("source", "kpi_id", "target", "floor", "weight", "is_veto", "veto_effect")
    def _check_criterion(self):
        for criterion in self:
            if criterion.weight < 0:
                raise ValidationError(self.env._("A criterion's weight cannot be negative."))
            if criterion.source == "kpi" and not criterion.kpi_id:
                raise ValidationError(
                    self.env._("Criterion %(name)s needs its KPI.", name=criterion.name)
                )
            if (
                criterion.source in COMPUTED_SOURCES
                and not criterion.is_veto
                and criterion.target == criterion.floor
            ):
                raise ValidationError(
                    self.env._(
                        "The target and the zero point of criterion %(name)s must differ.",
                        name=criterion.name,
                    )
                )
            if criterion.is_veto and criterion.veto_effect == "cap" and not criterion.veto_grade_id:
                raise ValidationError(
                    self.env._(
                        "Veto item %(name)s caps the grade: choose the grade at most.",
                        name=criterion.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        criteria = super().create(vals_list)
        if not _WEIGHTS_LATER.get():
            criteria.template_id._check_criterion_weights()
        return criteria

    def write(self, vals):
        result = super().write(vals)
        if not _WEIGHTS_LATER.get() and ({"weight", "is_veto", "template_id"} & set(vals)):
            self.template_id._check_criterion_weights()
        return result
