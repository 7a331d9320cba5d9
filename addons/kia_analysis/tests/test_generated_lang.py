from datetime import datetime, time

from dateutil.relativedelta import TU, relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged


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
