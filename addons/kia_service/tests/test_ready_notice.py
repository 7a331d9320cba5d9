from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
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
        cron = self.env.ref("mail.ir_cron_mail_scheduler_action")
        Trigger = self.env["ir.cron.trigger"].sudo()
        triggers = Trigger.search([("cron_id", "=", cron.id)])
        with freeze_time("2026-03-03 06:30:00"):
            repair.with_user(self.qc_a).action_kia_qc_pass()
        self.assertEqual(repair.kia_ready_date, datetime(2026, 3, 3, 6, 30))
        notice = repair.message_ids.filtered(lambda m: self.customer_a in m.partner_ids)
        self.assertEqual(len(notice), 1, "one ready notice mailed to the customer")
        # The customer reads it in their own language (zh_CN on a Chinese database).
        template = self.env.ref("kia_service.mail_template_repair_ready")
        subject = template._render_field("subject", repair.ids, compute_lang=True)[repair.id]
        self.assertEqual(notice.subject, subject)
        self.assertIn(repair.name, notice.subject)
        self.assertIn(repair.name, notice.body)
        # The mail waits in the mail queue, whose cron is woken: the QC pass does not send it.
        mail = self.env["mail.mail"].sudo().search([("mail_message_id", "=", notice.id)])
        self.assertEqual(mail.state, "outgoing")
        self.assertEqual(mail.recipient_ids, self.customer_a)
        self.assertGreater(Trigger.search([("cron_id", "=", cron.id)]), triggers)
        # Running it again keeps the first stamp and sends nothing more.
        with freeze_time("2026-03-04 08:00:00"):
            repair.with_user(self.advisor_a).action_kia_notify_ready()
        self.assertEqual(repair.kia_ready_date, datetime(2026, 3, 3, 6, 30))
        self.assertEqual(
            len(repair.message_ids.filtered(lambda m: self.customer_a in m.partner_ids)), 1
        )

    def test_not_ready_before_final_inspection(self):
        repair = self._repair_through_qc()
        messages = repair.message_ids
        with self.assertRaisesRegex(UserError, "not passed its final inspection"):
            repair.with_user(self.advisor_a).action_kia_notify_ready()
        self.assertFalse(repair.kia_ready_date)
        self.assertEqual(repair.message_ids, messages)
