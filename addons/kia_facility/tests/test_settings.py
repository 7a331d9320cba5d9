from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KiaFacilityCase


@tagged("post_install", "-at_install")
class TestFacilitySettings(KiaFacilityCase):
    """The tool and daily-norm policies are edited in Settings, per company."""

    def test_settings_write_the_active_company_only(self):
        before_b = (self.dealer_b.kia_tool_calibration_lead_days, self.dealer_b.kia_norm_grace_days)
        form = self.settings_form()
        form.kia_tool_calibration_lead_days = 30
        form.kia_norm_grace_days = 2
        form.save().execute()
        self.assertEqual(self.dealer_a.kia_tool_calibration_lead_days, 30)
        self.assertEqual(self.dealer_a.kia_norm_grace_days, 2)
        self.assertEqual(
            (self.dealer_b.kia_tool_calibration_lead_days, self.dealer_b.kia_norm_grace_days),
            before_b,
        )

    def test_negative_value_refused(self):
        before = self.dealer_a.kia_norm_grace_days
        form = self.settings_form(lang="zh_CN")
        form.kia_norm_grace_days = -1
        with self.assertRaises(ValidationError) as error:
            form.save().execute()
        self.assertIn("的工具及检查表设置不能为负数", str(error.exception))
        self.dealer_a.invalidate_recordset()
        self.assertEqual(self.dealer_a.kia_norm_grace_days, before)
