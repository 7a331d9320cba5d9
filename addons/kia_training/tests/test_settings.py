from odoo.tests import Form, tagged

from odoo.addons.kia_base.tests.common import KiaBaseCase


@tagged("post_install", "-at_install")
class TestSettings(KiaBaseCase):
    def test_policies_set_in_settings_for_own_company(self):
        admin_a = self.make_user(
            "t_admin_a",
            "base.group_system,base.group_multi_company,kia_base.group_service_manager",
            self.dealer_a,
            self.dealer_a | self.dealer_b,
        )
        before_b = (
            self.dealer_b.kia_training_renewal_notice_days,
            self.dealer_b.kia_training_expiring_days,
        )
        with Form(self.env["res.config.settings"].with_user(admin_a)) as form:
            self.assertEqual(form.company_id, self.dealer_a)
            form.kia_training_renewal_notice_days = 45
            form.kia_training_expiring_days = 120
        form.record.execute()
        self.assertEqual(self.dealer_a.kia_training_renewal_notice_days, 45)
        self.assertEqual(self.dealer_a.kia_training_expiring_days, 120)
        self.assertEqual(
            (
                self.dealer_b.kia_training_renewal_notice_days,
                self.dealer_b.kia_training_expiring_days,
            ),
            before_b,
        )
        self.assertNotEqual(self.hq.kia_training_expiring_days, 120)
