from odoo.exceptions import ValidationError
from odoo.tests import tagged

from odoo.addons.kia_base.tests.common import KiaBaseCase


@tagged("post_install", "-at_install")
class TestCareSettings(KiaBaseCase):
    """The complaint and customer care policies are edited in Settings, per company."""

    def test_settings_write_the_active_company_only(self):
        before_b = (self.dealer_b.kia_care_welcome_days, self.dealer_b.kia_complaint_legal_days)
        team = self.env["helpdesk.ticket.team"].create(
            {"name": "Complaints A", "company_id": self.dealer_a.id}
        )
        form = self.settings_form()
        form.kia_care_welcome_days = 5
        form.kia_care_retention_months = 9
        form.kia_complaint_legal_days = 6
        form.kia_complaint_team_id = team
        form.kia_care_user_id = self.manager_a
        form.save().execute()
        self.assertEqual(self.dealer_a.kia_care_welcome_days, 5)
        self.assertEqual(self.dealer_a.kia_care_retention_months, 9)
        self.assertEqual(self.dealer_a.kia_complaint_legal_days, 6)
        self.assertEqual(self.dealer_a.kia_complaint_team_id, team)
        self.assertEqual(self.dealer_a.kia_care_user_id, self.manager_a)
        self.assertEqual(
            (self.dealer_b.kia_care_welcome_days, self.dealer_b.kia_complaint_legal_days),
            before_b,
        )

    def test_negative_value_refused(self):
        before = self.dealer_a.kia_care_reminder_days
        form = self.settings_form(lang="zh_CN")
        form.kia_care_reminder_days = -1
        with self.assertRaises(ValidationError) as error:
            form.save().execute()
        self.assertIn("的客户关怀设置不能为负数", str(error.exception))
        self.dealer_a.invalidate_recordset()
        self.assertEqual(self.dealer_a.kia_care_reminder_days, before)
