from odoo.tests import tagged

from odoo.addons.kia_base.tests.common import KiaBaseCase


@tagged("post_install", "-at_install")
class TestSettings(KiaBaseCase):
    def test_policies_set_in_settings_for_own_company(self):
        before_b = (self.dealer_b.kia_labor_cost_rate, self.dealer_b.kia_kpi_amber_pct)
        with self.settings_form() as form:
            self.assertEqual(form.company_id, self.dealer_a)
            form.kia_labor_cost_rate = 72.5
            form.kia_kpi_amber_pct = 15.0
        form.record.execute()
        self.assertEqual(self.dealer_a.kia_labor_cost_rate, 72.5)
        self.assertEqual(self.dealer_a.kia_kpi_amber_pct, 15.0)
        self.assertEqual(
            (self.dealer_b.kia_labor_cost_rate, self.dealer_b.kia_kpi_amber_pct), before_b
        )
        self.assertNotEqual(self.hq.kia_labor_cost_rate, 72.5)
