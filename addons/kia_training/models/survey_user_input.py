from odoo import fields, models


class SurveyUserInput(models.Model):
    _inherit = "survey.user_input"

    kia_enrolment_id = fields.Many2one("kia.training.enrolment", index="btree_not_null")

    def _mark_done(self):
        res = super()._mark_done()
        passed = self.filtered(
            lambda a: (
                a.kia_enrolment_id
                and a.scoring_success
                and a.kia_enrolment_id.course_id.certification_type_id
                and a.kia_enrolment_id.state == "attended"
            )
        )
        for answer in passed:
            # sudo: the employee submitting the exam is no training coordinator.
            enrolment = answer.kia_enrolment_id.sudo()
            enrolment.exam_input_id = answer
            enrolment.action_grant_certification()
        return res
