import math

from odoo import fields, models


class SurveyUserInput(models.Model):
    """A follow-up questionnaire 回访问卷 answered about a repair order."""

    _inherit = "survey.user_input"

    kia_repair_id = fields.Many2one(
        "repair.order",
        string="Repair Order",
        index="btree_not_null",
        readonly=True,
        ondelete="set null",
        help="The repair order whose follow-up call this questionnaire records.",
    )

    def _mark_done(self):
        result = super()._mark_done()
        for answer in self.filtered("kia_repair_id"):
            answer.kia_repair_id._kia_apply_followup_answer(answer)
        return result

    def _kia_satisfaction(self):
        """The satisfaction (``"1"`` to ``"5"``) this answer gives, by a fixed rule: the score of
        the answer to the question marked *Sets Repair Satisfaction*; a questionnaire without
        such a question maps its total score in five equal bands (up to 20 % gives 1, up to 40 %
        gives 2, ... above 80 % gives 5). False when the questionnaire scores nothing: the
        caller then records the satisfaction."""
        self.ensure_one()
        line = self.user_input_line_ids.filtered(
            lambda line: line.question_id.kia_is_satisfaction and line.suggested_answer_id
        )[:1]
        if line:
            score = round(line.suggested_answer_id.answer_score)
        elif self.survey_id.scoring_type != "no_scoring":
            score = math.ceil(self.scoring_percentage / 20.0)
        else:
            return False
        return str(min(max(score, 1), 5))
