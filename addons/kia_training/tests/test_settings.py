from odoo.tests import tagged

from odoo.addons.kia_base.tests.common import KiaBaseCase


@tagged("post_install", "-at_install")
class TestSettings(KiaBaseCase):
    def test_policies_set_in_settings_for_own_company(self):
        before_b = (
            self.dealer_b.kia_training_renewal_notice_days,
            self.dealer_b.kia_training_expiring_days,
        )
        with self.settings_form() as form:
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
