from datetime import date

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .service_common import FollowupSurveyMixin, KiaServiceProcessCase


@tagged("post_install", "-at_install")
class TestFollowupRetry(FollowupSurveyMixin, KiaServiceProcessCase):
    """A customer not reached is called again, up to the dealer's number of attempts, then
    recorded as unreachable: never dropped."""

    def _call_activity(self, repair):
        return repair.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        )

    @freeze_time("2026-03-02 08:00:00")
    def test_three_attempts_then_unreachable(self):
        # the calls are planned in the dealer's language: this test reads them in English
        self.dealer_a.partner_id.lang = "en_US"
        repair = self._delivered_repair()
        cr = repair.with_user(self.cr_a)
        cr.action_kia_followup_unreachable()
        self.assertEqual((repair.kia_followup_state, repair.kia_unreachable_count), ("pending", 1))
        activity = self._call_activity(repair)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.date_deadline, date(2026, 3, 3), "tried again the next day")
        self.assertIn("attempt 2 of 3", activity.summary)
        self.assertEqual(activity.user_id, self.cr_a)
        cr.action_kia_followup_unreachable()
        self.assertEqual((repair.kia_followup_state, repair.kia_unreachable_count), ("pending", 2))
        self.assertIn("attempt 3 of 3", self._call_activity(repair).summary)
        cr.action_kia_followup_unreachable()
        self.assertEqual(
            (repair.kia_followup_state, repair.kia_unreachable_count), ("unreachable", 3)
        )
        self.assertFalse(self._call_activity(repair), "no more call is planned")
        self.assertIn("recorded as unreachable", "".join(repair.message_ids.mapped("body")))
        # Recorded, not dropped: a fourth attempt is refused, and nothing changes.
        with self.assertRaisesRegex(UserError, "not waiting for a call"):
            cr.action_kia_followup_unreachable()
        self.assertEqual(repair.kia_unreachable_count, 3)
        # The customer who calls back later is still followed up.
        cr.action_kia_followup_done(satisfaction="5")
        self.assertEqual(repair.kia_followup_state, "done")

    @freeze_time("2026-03-02 08:00:00")
    def test_calls_in_the_dealer_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.dealer_a.partner_id.lang = "zh_CN"
        repair = self._delivered_repair()
        self.assertEqual(self._call_activity(repair).summary, "回访电话")
        # the caller works in English: the dealer's records still read Chinese
        cr = repair.with_user(self.cr_a).with_context(lang="en_US")
        cr.action_kia_followup_unreachable()
        self.assertEqual(self._call_activity(repair).summary, "回访电话，第 2 次（共 3 次）")

    @freeze_time("2026-03-02 08:00:00")
    def test_attempts_and_spacing_from_settings(self):
        self.dealer_a.write({"kia_followup_attempts": 2, "kia_followup_retry_days": 2})
        repair = self._delivered_repair()
        cr = repair.with_user(self.cr_a)
        cr.action_kia_followup_unreachable()
        self.assertEqual(self._call_activity(repair).date_deadline, date(2026, 3, 4))
        cr.action_kia_followup_unreachable()
        self.assertEqual(repair.kia_followup_state, "unreachable")

    def test_state_and_counter_protected(self):
        repair = self._delivered_repair()
        for user in (self.cr_a, self.advisor_a, self.manager_a):
            for values in ({"kia_followup_state": "unreachable"}, {"kia_unreachable_count": 3}):
                with self.subTest(user=user.login, values=values):
                    with self.assertRaises(UserError):
                        repair.with_user(user).write(values)
        self.assertEqual((repair.kia_followup_state, repair.kia_unreachable_count), ("pending", 0))
        with self.assertRaises(UserError):
            repair.with_user(self.advisor_a).action_kia_followup_unreachable()
        self.assertEqual(repair.kia_unreachable_count, 0)
