from odoo.exceptions import AccessError
from odoo.tests import HttpCase, tagged

from .service_common import FollowupSurveyMixin, KiaServiceProcessCase


class SurveyPrivacyCase(FollowupSurveyMixin, KiaServiceProcessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cr_b = cls.make_user("t_cr_b", "kia_base.group_customer_relations", cls.dealer_b)
        # Odoo's own survey officer at dealer A, not a Kia role.
        cls.survey_officer = cls.make_user(
            "t_survey_officer", "survey.group_survey_user", cls.dealer_a
        )
        # Head office's exam, with a technician's answer.
        cls.exam = cls.env["survey.survey"].create(
            {
                "title": "HQ brake exam",
                "survey_type": "assessment",
                "scoring_type": "scoring_with_answers",
                "certification": True,
                "question_and_page_ids": [
                    (
                        0,
                        0,
                        {
                            "title": "Minimum pad thickness?",
                            "question_type": "simple_choice",
                            "suggested_answer_ids": [
                                (0, 0, {"value": "2 mm", "is_correct": True, "answer_score": 1}),
                                (0, 0, {"value": "0 mm", "answer_score": 0}),
                            ],
                        },
                    )
                ],
            }
        )
        cls.exam_answer = cls.exam._create_answer(user=cls.technician_a, check_attempts=False)


@tagged("post_install", "-at_install")
class TestSurveyPrivacy(SurveyPrivacyCase):
    """Follow-up answers are bound to the dealer of their repair order; head office's exam
    answers are not Kia service roles' to read."""

    def test_other_dealer_cannot_read_followup_answers(self):
        repair = self._delivered_repair()
        answer = self._start(repair)
        self._fill(answer, overall=4, comment="Friendly advisor")
        Answer = self.env["survey.user_input"].with_user(self.cr_b)
        self.assertFalse(Answer.search([("id", "=", answer.id)]))
        with self.assertRaises(AccessError):
            answer.with_user(self.cr_b).read(["access_token", "partner_id"])
        with self.assertRaises(AccessError):
            answer.user_input_line_ids.with_user(self.cr_b).read(["value_text_box"])
        with self.assertRaises(AccessError):
            answer.with_user(self.cr_b).write({"partner_id": self.customer_b.id})
        self.assertEqual(answer.partner_id, self.customer_a)
        # Its own dealer reads it.
        self.assertEqual(Answer.with_user(self.cr_a).search([("id", "=", answer.id)]), answer)

    def test_service_roles_do_not_read_exam_answers(self):
        for user in (self.cr_a, self.manager_a):
            with self.subTest(user=user.login):
                Answer = self.env["survey.user_input"].with_user(user)
                self.assertFalse(Answer.search([("survey_id", "=", self.exam.id)]))
                with self.assertRaises(AccessError):
                    self.exam_answer.with_user(user).read(["access_token"])
                with self.assertRaises(AccessError):
                    self.env["survey.user_input.line"].with_user(user).create(
                        {
                            "user_input_id": self.exam_answer.id,
                            "question_id": self.exam.question_ids.id,
                            "answer_type": "suggestion",
                            "suggested_answer_id": self.exam.question_ids.suggested_answer_ids[
                                0
                            ].id,
                        }
                    )

    def test_service_roles_do_not_read_exam_questions(self):
        question = self.exam.question_ids
        for user in (self.cr_a, self.manager_a):
            with self.subTest(user=user.login):
                self.assertFalse(
                    self.env["survey.survey"].with_user(user).search([("id", "=", self.exam.id)])
                )
                with self.assertRaises(AccessError):
                    question.with_user(user).read(["title"])
                with self.assertRaises(AccessError):
                    question.suggested_answer_ids.with_user(user).read(["value", "is_correct"])
                # The follow-up questionnaire stays theirs to read.
                followup = (
                    self.env["survey.survey"].with_user(user).search([("id", "=", self.survey.id)])
                )
                self.assertEqual(followup, self.survey)
                followup.question_ids.suggested_answer_ids.read(["value"])

    def test_odoo_survey_officer_unaffected(self):
        repair = self._delivered_repair()
        answer = self._start(repair)
        Answer = self.env["survey.user_input"].with_user(self.survey_officer)
        self.assertEqual(
            Answer.search([("id", "in", (answer | self.exam_answer).ids)]),
            answer | self.exam_answer,
        )


@tagged("post_install", "-at_install")
class TestSurveyPrivacyPage(SurveyPrivacyCase, HttpCase):
    def test_other_dealer_cannot_submit_followup(self):
        """Customer relations of dealer B, holding the token of dealer A's follow-up, may
        neither open nor submit it: dealer A's follow-up stays open."""
        repair = self._delivered_repair()
        answer = self._start(repair)
        survey_token, token = answer.survey_id.access_token, answer.access_token
        self.authenticate("t_cr_b", "t_cr_b")
        page = self.url_open(f"/survey/start/{survey_token}?answer_token={token}")
        self.assertNotIn(f'data-answer-token="{token}"', page.text)
        question = self.q_overall
        best = question.suggested_answer_ids.sorted("answer_score")[0]
        result = self.make_jsonrpc_request(
            f"/survey/submit/{survey_token}/{token}",
            {"question_id": question.id, str(question.id): best.id},
        )
        self.assertEqual(result[1], {"error": "answer_wrong_user"})
        answer.invalidate_recordset()
        repair.invalidate_recordset()
        self.assertFalse(answer.user_input_line_ids)
        self.assertEqual(answer.state, "new")
        self.assertEqual(repair.kia_followup_state, "pending")
        # Dealer A's caller opens it.
        self.authenticate("t_cr_a", "t_cr_a")
        page = self.url_open(f"/survey/start/{survey_token}?answer_token={token}")
        self.assertIn(f'data-answer-token="{token}"', page.text)
