from odoo.exceptions import UserError
from odoo.tests import HttpCase, tagged

from .service_common import FollowupSurveyMixin, KiaServiceProcessCase


@tagged("post_install", "-at_install")
class TestFollowupSurvey(FollowupSurveyMixin, KiaServiceProcessCase):
    def test_answer_linked_to_repair_and_customer(self):
        repair = self._delivered_repair()
        answer = self._start(repair)
        self.assertEqual(answer.survey_id, self.survey, "the data questionnaire by default")
        self.assertEqual(answer.partner_id, self.customer_a)
        self.assertEqual(answer.kia_repair_id, repair)
        # Starting again reopens the same unfinished answer.
        self._start(repair)
        # A dealer's own questionnaire is used once set on the company.
        own = self.survey.copy({"title": "Dealer A follow-up"})
        self.dealer_a.kia_followup_survey_id = own
        repair.with_user(self.cr_a).action_kia_followup_survey()
        self.assertEqual(
            repair.with_user(self.cr_a).kia_survey_input_ids.survey_id, self.survey | own
        )

    def test_completed_questionnaire_closes_followup(self):
        repair = self._delivered_repair()
        answer = self._start(repair)
        self._fill(answer, overall=4, comment="Friendly advisor")
        self.assertEqual(answer.state, "done")
        self.assertEqual(repair.kia_followup_state, "done")
        self.assertEqual(repair.kia_satisfaction, "4")
        self.assertEqual(repair.kia_followup_note, "Friendly advisor")
        self.assertTrue(repair.kia_followup_date)
        self.assertFalse(repair.activity_ids, "the follow-up call activity is done")
        with self.assertRaises(UserError):
            repair.with_user(self.cr_a).action_kia_followup_survey()

    def test_unsatisfied_questionnaire_recorded(self):
        repair = self._delivered_repair()
        # Not reached in the dealer's three attempts: recorded as unreachable.
        for _attempt in range(3):
            repair.with_user(self.cr_a).action_kia_followup_unreachable()
        self.assertEqual(repair.kia_unreachable_count, 3)
        self.assertEqual(repair.kia_followup_state, "unreachable")
        answer = self._start(repair)
        self._fill(answer, overall=2, comment="Brakes still squeal")
        self.assertEqual(repair.kia_satisfaction, "2")
        self.assertEqual(repair.kia_unreachable_count, 3, "attempts stay counted")
        self.assertEqual(repair.kia_followup_state, "done")
        self.assertEqual(repair.kia_followup_note, "Brakes still squeal")

    def test_satisfaction_rule_without_marked_question(self):
        """A questionnaire without a satisfaction question maps its total score in bands."""
        repair = self._delivered_repair()
        answer = self._start(repair)
        self.q_overall.kia_is_satisfaction = False
        self._fill(answer, overall=5, others_best=False)
        # 5 of 5 + 1 of 5 + three "No" (0 of 1 each) + 1 of 5 = 7 of 18 = 38.9 % → 2.
        self.assertAlmostEqual(answer.scoring_percentage, 38.89)
        self.assertEqual(repair.kia_satisfaction, "2")

    def test_unscored_questionnaire_leaves_satisfaction_to_caller(self):
        own = self.survey.copy({"title": "No scores", "scoring_type": "no_scoring"})
        own.question_ids.kia_is_satisfaction = False
        self.dealer_a.kia_followup_survey_id = own
        repair = self._delivered_repair()
        action = repair.with_user(self.cr_a).action_kia_followup_survey()
        answer = repair.with_user(self.cr_a).kia_survey_input_ids
        self.assertIn(answer.access_token, action["url"])
        answer.with_user(self.cr_a).sudo()._mark_done()
        self.assertEqual(repair.kia_followup_state, "pending", "no score: the caller decides")
        self.assertFalse(repair.kia_satisfaction)
        repair.with_user(self.cr_a).action_kia_followup_done(satisfaction="4")
        self.assertEqual(repair.kia_followup_state, "done")

    def test_advisor_cannot_do_followup(self):
        repair = self._delivered_repair()
        with self.assertRaises(UserError):
            repair.with_user(self.advisor_a).action_kia_followup_survey()
        self.assertFalse(repair.with_user(self.cr_a).kia_survey_input_ids)
        self.assertEqual(repair.kia_followup_state, "pending")
        with self.assertRaisesRegex(UserError, "回访"):
            repair.with_user(self.advisor_a).with_context(lang="zh_CN").action_kia_followup_survey()

    def test_not_delivered_refused(self):
        repair = self.create_repair()
        with self.assertRaises(UserError):
            repair.with_user(self.cr_a).action_kia_followup_survey()
        self.assertFalse(repair.with_user(self.cr_a).kia_survey_input_ids)

    def test_manual_followup_still_works(self):
        repair = self._delivered_repair()
        repair.with_user(self.cr_a).action_kia_followup_done(satisfaction="5")
        self.assertEqual(repair.kia_followup_state, "done")
        self.assertEqual(repair.kia_satisfaction, "5")


@tagged("post_install", "-at_install")
class TestFollowupSurveyPage(FollowupSurveyMixin, HttpCase, KiaServiceProcessCase):
    def test_caller_opens_customer_questionnaire(self):
        """The survey page opens for the caller though the answer is the customer's."""
        repair = self._delivered_repair()
        action = repair.with_user(self.cr_a).action_kia_followup_survey()
        self.authenticate("t_cr_a", "t_cr_a")
        answer = repair.with_user(self.cr_a).kia_survey_input_ids
        response = self.url_open(action["url"])
        self.assertEqual(response.status_code, 200)
        # The start screen of this very answer, not the survey's wrong-user error page.
        self.assertIn(f'data-answer-token="{answer.access_token}"', response.text)
        self.assertIn('data-is-start-screen="True"', response.text)
