from odoo import fields, models


class KiaAssessmentGrade(models.Model):
    """A grade of the dealer assessment (A/B/C/D): a scorecard gets the best grade whose
    minimum score it reaches. Head office's master data, shared by the whole network."""

    _name = "kia.assessment.grade"
    _description = "Dealer Assessment Grade"
    _inherit = ["kia.hq.owned.mixin"]
    _order = "min_score desc, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    min_score = fields.Float(
        string="Minimum Score", required=True, help="Lowest score (out of 100) for this grade."
    )
    color = fields.Integer()
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A grade code can be used only once."),
        (
            "min_score_range",
            "CHECK(min_score >= 0 AND min_score <= 100)",
            "A grade's minimum score lies between 0 and 100.",
        ),
    ]

    def _kia_hq_owned(self):
        # Head office's network definitions: there is no dealer's own record of this model.
        return self

    def _for_score(self, score):
        """The best active grade the score reaches (the lowest grade when none)."""
        grades = self.search([])
        return grades.filtered(lambda g: score >= g.min_score)[:1] or grades[-1:]
