from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import KiaFacilityCase


@tagged("post_install", "-at_install")
class TestFacilitySettings(KiaFacilityCase):
    """The tool and daily-norm policies are edited in Settings, per company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin_a = cls.make_user(
            "t_admin_a",
            "base.group_system,base.group_multi_company",
            cls.dealer_a,
            cls.dealer_a | cls.dealer_b,
        )

    def _settings(self, lang="en_US"):
        settings = self.env["res.config.settings"].with_context(lang=lang)
        return Form(settings.with_user(self.admin_a).with_company(self.dealer_a))

    def test_settings_write_the_active_company_only(self):
        before_b = (self.dealer_b.kia_tool_calibration_lead_days, self.dealer_b.kia_norm_grace_days)
        form = self._settings()
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
        form = self._settings(lang="zh_CN")
        form.kia_norm_grace_days = -1
        with self.assertRaises(ValidationError) as error:
            form.save().execute()
        self.assertIn("的工具及检查表设置不能为负数", str(error.exception))
        self.dealer_a.invalidate_recordset()
        self.assertEqual(self.dealer_a.kia_norm_grace_days, before)
