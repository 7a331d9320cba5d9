from odoo.exceptions import AccessError
from odoo.tests import tagged

from .service_common import FollowupSurveyMixin, KiaServiceProcessCase


@tagged("post_install", "-at_install")
class TestFollowupNotice(FollowupSurveyMixin, KiaServiceProcessCase):
    """The caller has the follow-up call activity at delivery; Odoo's "assigned to you" notice
    of it is posted by its cron, woken by the delivery."""

    def _notices(self, repair):
        # Odoo's notices to a user are not in the record's chatter (message_ids).
        return (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "repair.order"),
                    ("res_id", "=", repair.id),
                    ("message_type", "=", "user_notification"),
                    ("partner_ids", "in", self.cr_a.partner_id.ids),
                ]
            )
        )

    def test_delivery_gives_activity_and_queues_notice(self):
        cron = self.env.ref("kia_service.ir_cron_kia_followup_notice")
        Trigger = self.env["ir.cron.trigger"].sudo()
        triggers = Trigger.search([("cron_id", "=", cron.id)])
        repair = self._delivered_repair()
        activity = repair.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        )
        # The activity is the caller's at once, and the caller follows the repair order.
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.cr_a)
        self.assertEqual(repair.kia_followup_user_id, self.cr_a)
        self.assertIn(self.cr_a.partner_id, repair.message_partner_ids)
        self.assertIn(activity, self.env["mail.activity"].with_user(self.cr_a).search([]))
        # The notice waits for its cron, woken now: the advisor does not wait for it.
        self.assertTrue(repair.kia_followup_notice_due)
        self.assertGreater(Trigger.search([("cron_id", "=", cron.id)]), triggers)
        self.assertFalse(self._notices(repair))
        self.env["repair.order"]._cron_kia_send_followup_notices()
        self.assertFalse(repair.kia_followup_notice_due)
        notice = self._notices(repair)
        self.assertEqual(len(notice), 1, "one notice to the caller")
        self.assertEqual(notice.author_id, self.advisor_a.partner_id, "from the advisor")
        self.assertIn(repair.name, notice.subject)
        self.assertIn(activity.summary, notice.subject)
        self.assertNotIn(repair.partner_id, notice.partner_ids, "never to the customer")
        # Run again: nothing more is sent.
        self.env["repair.order"]._cron_kia_send_followup_notices()
        self.assertEqual(len(self._notices(repair)), 1)

    def test_call_done_before_cron_sends_nothing(self):
        repair = self._delivered_repair()
        repair.with_user(self.cr_a).action_kia_followup_done(satisfaction="5")
        self.env["repair.order"]._cron_kia_send_followup_notices()
        self.assertFalse(repair.kia_followup_notice_due)
        self.assertFalse(self._notices(repair))

    def test_notice_queue_is_protected(self):
        """Only delivery queues the notice: a direct write is refused, nothing queued."""
        repair = self._delivered_repair()
        self.env["repair.order"]._cron_kia_send_followup_notices()
        for user in (self.advisor_a, self.cr_a, self.qc_a):
            with self.assertRaises(AccessError):
                repair.with_user(user).write({"kia_followup_notice_due": True})
            self.assertFalse(repair.kia_followup_notice_due)
