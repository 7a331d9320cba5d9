from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .service_common import KiaServiceProcessCase


@tagged("post_install", "-at_install")
class TestReadyNotice(KiaServiceProcessCase):
    def _repair_through_qc(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        self.work_repair(repair, bay=False)
        return repair

    def test_qc_pass_sends_ready_notice(self):
        self.customer_a.email = "customer.a@example.cn"
        with freeze_time("2026-03-02 01:00:00"):
            repair = self._repair_through_qc()
        cron = self.env.ref("kia_service.ir_cron_kia_ready_notice")
        Trigger = self.env["ir.cron.trigger"].sudo()
        triggers = Trigger.search([("cron_id", "=", cron.id)])
        messages = repair.message_ids
        with freeze_time("2026-03-03 06:30:00"):
            repair.with_user(self.qc_a).action_kia_qc_pass()
        self.assertEqual(repair.kia_ready_date, datetime(2026, 3, 3, 6, 30))
        # The QC pass queues the notice and wakes its cron; the inspector does not wait for it.
        self.assertTrue(repair.kia_ready_notice_due)
        self.assertGreater(Trigger.search([("cron_id", "=", cron.id)]), triggers)
        self.assertFalse(
            (repair.message_ids - messages).filtered(lambda m: self.customer_a in m.partner_ids)
        )
        self.env["repair.order"]._cron_kia_send_ready_notices()
        self.assertFalse(repair.kia_ready_notice_due)
        notice = repair.message_ids.filtered(lambda m: self.customer_a in m.partner_ids)
        self.assertEqual(len(notice), 1, "one ready notice mailed to the customer")
        self.assertEqual(notice.author_id, self.advisor_a.partner_id, "from the advisor")
        # The customer reads it in their own language (zh_CN on a Chinese database).
        template = self.env.ref("kia_service.mail_template_repair_ready")
        subject = template._render_field("subject", repair.ids, compute_lang=True)[repair.id]
        self.assertEqual(notice.subject, subject)
        self.assertIn(repair.name, notice.subject)
        self.assertIn(repair.name, notice.body)
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", notice.id)])
        self.assertEqual(mail.recipient_ids, self.customer_a)
        # Running it again keeps the first stamp and sends nothing more.
        with freeze_time("2026-03-04 08:00:00"):
            repair.with_user(self.advisor_a).action_kia_notify_ready()
        self.env["repair.order"]._cron_kia_send_ready_notices()
        self.assertEqual(repair.kia_ready_date, datetime(2026, 3, 3, 6, 30))
        self.assertEqual(
            len(repair.message_ids.filtered(lambda m: self.customer_a in m.partner_ids)), 1
        )

    def test_ready_notice_queue_is_protected(self):
        """Only the ready action queues a notice: a direct write is refused, nothing queued."""
        repair = self._repair_through_qc()
        for user in (self.advisor_a, self.qc_a, self.technician_a):
            with self.assertRaises(AccessError):
                repair.with_user(user).write({"kia_ready_notice_due": True})
            self.assertFalse(repair.kia_ready_notice_due)

    def test_not_ready_before_final_inspection(self):
        repair = self._repair_through_qc()
        messages = repair.message_ids
        with self.assertRaisesRegex(UserError, "not passed its final inspection"):
            repair.with_user(self.advisor_a).action_kia_notify_ready()
        self.assertFalse(repair.kia_ready_date)
        self.assertEqual(repair.message_ids, messages)
