from odoo import fields, models


class SurveyQuestion(models.Model):
    _inherit = "survey.question"

    kia_is_satisfaction = fields.Boolean(
        string="Sets Repair Satisfaction",
        help="In a follow-up questionnaire, the score (1 to 5) of the answer chosen for this "
        "question becomes the repair order's satisfaction.",
    )
