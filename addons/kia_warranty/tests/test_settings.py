from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestWarrantySettings(KiaWarrantyCase):
    def test_policies_in_kia_settings_app(self):
        arch = self.env["res.config.settings"].get_views([(False, "form")])["views"]["form"]["arch"]
        for name in ("kia_wty_claim_deadline_days", "kia_wty_sanbao_months", "kia_wty_labor_rate"):
            self.assertIn(f'name="{name}"', arch)
        company_arch = self.env["res.company"].get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertNotIn("kia_wty_", company_arch, "the policies moved to Settings")

    def test_setting_written_on_own_company_only(self):
        others = self.hq | self.dealer_b
        before = {company: company.kia_wty_claim_deadline_days for company in others}
        self.settings_form()
        # The claim rules are head office's: an HQ Manager sets them in the dealer's Settings.
        admin = self.env["res.users"].search([("login", "=", "t_settings_admin")])
        admin.groups_id = [Command.link(self.env.ref("kia_base.group_hq_manager").id)]
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
        form.kia_wty_long_repair_days = 20
        form.kia_wty_sanbao_months = -1
        with self.assertRaises(ValidationError) as error:
            form.save()
        self.assertIn("三包有效期", str(error.exception))
        self.assertEqual(self.dealer_a.kia_wty_sanbao_months, 24)
        self.assertEqual(self.dealer_a.kia_wty_long_repair_days, 5)

    def test_dealer_admin_cannot_change_claim_rules(self):
        """A dealer's administrator keeps its three guarantees settings but cannot raise the
        labour rate head office pays or stretch the claim deadline."""
        for fname, value in (
            ("kia_wty_labor_rate", 999.0),
            ("kia_wty_claim_deadline_days", 90),
            ("kia_wty_min_documents", 0),
            ("kia_wty_clocked_tolerance", 100.0),
            ("kia_wty_legal_months", 1),
        ):
            before = self.dealer_a[fname]
            form = self.settings_form()
            setattr(form, fname, value)
            with self.subTest(field=fname), self.assertRaises(AccessError) as refused:
                form.save().execute()
            self.assertIn("HQ Manager", str(refused.exception))
            self.dealer_a.invalidate_recordset()
            self.assertEqual(self.dealer_a[fname], before)
        form = self.settings_form()
        form.kia_wty_sanbao_months = 30
        form.save().execute()
        self.assertEqual(self.dealer_a.kia_wty_sanbao_months, 30)
