from datetime import datetime, time

from dateutil.relativedelta import TU, relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged
from odoo.tools import html2plaintext


@tagged("post_install", "-at_install")
class TestGeneratedTextsLanguage(TransactionCase):
    """Texts the suite writes on records come out in the language of the record's company,
    whoever runs the code (here an English environment, as a cron or an install would)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.dealer = cls.env.ref("kia_base.company_sh_4s_demo")
        cls.dealer.partner_id.lang = "zh_CN"
        cls.english = cls.env(context=dict(cls.env.context, lang="en_US"))

    def test_penalty_line_in_the_company_language(self):
        sanction = self.english["kia.assessment.sanction"].new(
            {
                "company_id": self.dealer.id,
                "sanction_type": "penalty",
                "name": "JC2026-00001",
                "reason": "旧件未按期返还",
            }
        )
        label = sanction._label()
        self.assertEqual(label, "考核处罚 JC2026-00001：旧件未按期返还")
        self.assertNotIn("Assessment", label)

    def test_activity_and_chatter_in_the_company_language(self):
        appointment = self.english.ref("kia_service.appointment_sh_03_demo")
        # A copy in a slot of its own, far from the demo's bookings: a Tuesday two months
        # ahead, 10:00 in Shanghai (02:00 UTC).
        day = fields.Date.today() + relativedelta(days=60, weekday=TU)
        start = datetime.combine(day, time(2, 0))
        appointment = appointment.copy(
            {
                "state": "draft",
                "date_start": start,
                "date_stop": start + (appointment.date_stop - appointment.date_start),
            }
        )
        appointment.with_company(self.dealer).action_confirm()
        summaries = appointment.activity_ids.mapped("summary")
        self.assertIn("提醒客户预约", summaries)
        self.assertNotIn("Remind the customer of the appointment", summaries)

    def test_record_without_company_uses_the_current_company(self):
        env = self.english["res.partner"].with_company(self.dealer).browse()._kia_lang_env()
        self.assertEqual(env.lang, "zh_CN")


@tagged("post_install", "-at_install")
class TestDemoTextsLanguage(TransactionCase):
    """The demo is written by its own actions while its add-ons install, before Odoo would load
    their translations: what those actions wrote (ledger lines, chatter, activities, mails) is
    in the Chinese companies' language all the same."""

    def _texts(self, records):
        messages = records.message_ids
        return [html2plaintext(body) for body in messages.mapped("body") if body] + [
            subject for subject in messages.mapped("subject") if subject
        ]

    def test_demo_sanction_texts_in_chinese(self):
        penalty = self.env.ref("kia_analysis.kia_assessment_sanction_sh_demo")
        lines = self.env["account.move.line"].search(
            [("name", "like", penalty.name), ("company_id", "=", penalty.company_id.id)]
        )
        self.assertTrue(lines, "the demo's penalty is posted in the dealer's books")
        for name in lines.mapped("name"):
            self.assertIn(f"考核处罚 {penalty.name}：", name)
            self.assertNotIn("Penalty", name)
        warning = self.env.ref("kia_analysis.kia_assessment_sanction_sh_warning_demo")
        suspension = self.env.ref("kia_analysis.kia_assessment_sanction_sz_suspension_demo")
        self.assertTrue(any("警告已生效：" in text for text in self._texts(warning)))
        self.assertTrue(any("暂停索赔资格已解除：" in text for text in self._texts(suspension)))
        for text in self._texts(penalty | warning | suspension):
            self.assertNotIn("Warning", text)
            self.assertNotIn("Suspension of Warranty Authority", text)

    def test_demo_service_texts_in_chinese(self):
        dealers = self.env.ref("kia_base.company_sh_4s_demo") | self.env.ref(
            "kia_base.company_sz_station_demo"
        )
        repairs = self.env["repair.order"].search([("company_id", "in", dealers.ids)])
        calls = repairs.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref("mail.mail_activity_data_call")
        )
        self.assertTrue(calls, "the demo's delivered cars wait for their follow-up call")
        for summary in calls.mapped("summary"):
            self.assertTrue(summary.startswith("回访电话"), summary)
        texts = self._texts(repairs)
        ready = [text for text in texts if "已维修完毕并通过终检" in text]
        self.assertTrue(ready, "the demo's ready notices are written in Chinese")
        for text in texts:
            self.assertNotIn("has passed our final inspection", text)
            self.assertNotIn("Follow-up call", text)
            self.assertNotIn("Not reached after", text)
