from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestWarrantySettings(KiaWarrantyCase):
    def test_policies_in_kia_settings_app(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"]["form"]["arch"]
        for name in ("kia_wty_claim_deadline_days", "kia_wty_sanbao_months", "kia_wty_pwa_amount"):
            self.assertIn(f'name="{name}"', arch)
        company_arch = self.env["res.company"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("kia_wty_", company_arch, "the policies moved to Settings")

    def test_setting_written_on_own_company_only(self):
        others = self.hq | self.dealer_b
        before = {company: company.kia_wty_claim_deadline_days for company in others}
        form = self.settings_form()
        self.assertEqual(form.kia_wty_claim_deadline_days, 8)
        form.kia_wty_claim_deadline_days = 12
        form.kia_wty_sanbao_months = 30
        form.kia_wty_labor_rate = 150.0
        form.save().execute()
        self.assertEqual(self.dealer_a.kia_wty_claim_deadline_days, 12)
        self.assertEqual(self.dealer_a.kia_wty_sanbao_months, 30)
        self.assertEqual(self.dealer_a.kia_wty_labor_rate, 150.0)
        for company in others:
            self.assertEqual(company.kia_wty_claim_deadline_days, before[company])
            self.assertEqual(company.kia_wty_sanbao_months, 24)
        self.assertEqual(self.settings_form().kia_wty_claim_deadline_days, 12)

    def test_bad_value_refused_and_nothing_written(self):
        form = self.settings_form(lang="zh_CN")
        form.kia_wty_claim_deadline_days = 20
        form.kia_wty_sanbao_months = -1
        with self.assertRaises(ValidationError) as error:
            form.save()
        self.assertIn("三包有效期", str(error.exception))
        self.assertEqual(self.dealer_a.kia_wty_sanbao_months, 24)
        self.assertEqual(self.dealer_a.kia_wty_claim_deadline_days, 8)
