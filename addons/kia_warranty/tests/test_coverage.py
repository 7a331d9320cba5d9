from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestCoverage(KiaWarrantyCase):
    def test_policy_below_legal_floor_refused(self):
        Coverage = self.env["kia.warranty.coverage"].with_user(self.reviewer)
        before = Coverage.search_count([])
        with self.assertRaises(ValidationError):
            Coverage.create(
                {"name": "Too short", "category": "vehicle", "months": 24, "km": 100000}
            )
        with self.assertRaises(ValidationError):
            Coverage.create(
                {"name": "Too few km", "category": "vehicle", "months": 36, "km": 50000}
            )
        self.assertEqual(Coverage.search_count([]), before)
        # Commercial use is not a household vehicle: the floor does not apply.
        taxi = Coverage.create(
            {
                "name": "Taxi",
                "category": "vehicle",
                "use_type": "rental",
                "months": 12,
                "km": 100000,
            }
        )
        self.assertTrue(taxi)

    def test_three_guarantees_period_floor(self):
        with self.assertRaises(ValidationError) as error:
            self.dealer_a.with_context(lang="zh_CN").kia_wty_sanbao_months = 12
        self.assertIn("三包有效期", str(error.exception))
        self.assertEqual(self.dealer_a.kia_wty_sanbao_months, 24)
        self.dealer_a.kia_wty_sanbao_months = 36
        self.assertEqual(self.dealer_a.kia_wty_sanbao_months, 36)

    def test_dealer_cannot_edit_policy(self):
        coverage = self.env.ref("kia_warranty.coverage_vehicle")
        with self.assertRaises(Exception):  # noqa: B017 - AccessError from the ACL
            coverage.with_user(self.wadmin_a).write({"months": 48})
        self.assertEqual(coverage.months, 36)

    def test_vehicle_coverage_from_sale_date_and_use(self):
        self.assertEqual(str(self.vehicle_a.kia_wty_end_date), "2028-06-01")
        self.vehicle_a.kia_vehicle_id.with_user(self.reviewer).use_type = "taxi"
        self.assertEqual(str(self.vehicle_a.kia_wty_end_date), "2026-06-01")
        model_policy = self.env["kia.warranty.coverage"].create(
            {
                "name": "K5 special",
                "category": "vehicle",
                "months": 60,
                "km": 150000,
                "model_ids": [(6, 0, self.kia_model.ids)],
                "use_type": "taxi",
            }
        )
        self.vehicle_a.invalidate_recordset()
        self.vehicle_a._compute_kia_wty_end_date()
        self.assertEqual(str(self.vehicle_a.kia_wty_end_date), "2030-06-01")
        self.assertTrue(model_policy)

    def test_newer_dated_policy_applies_to_newer_sales(self):
        self.env["kia.warranty.coverage"].create(
            {
                "name": "2025 policy",
                "category": "vehicle",
                "months": 60,
                "km": 150000,
                "date_from": "2025-01-01",
            }
        )
        old = self.create_vehicle(self.advisor_a, self.customer_a, 150, kia_sale_date="2024-05-01")
        new = self.create_vehicle(self.advisor_a, self.customer_a, 151, kia_sale_date="2025-05-01")
        self.assertEqual(str(old.kia_wty_end_date), "2027-05-01")
        self.assertEqual(str(new.kia_wty_end_date), "2030-05-01")

    @freeze_time("2026-02-01")
    def test_coverage_shown_on_vehicle_form(self):
        vehicle = self.vehicle_a.with_user(self.advisor_a).with_context(lang="en_US")
        html = str(vehicle.kia_wty_coverage_html)
        self.assertIn("Whole Vehicle", html)
        self.assertIn("Covered", html)
        self.assertIn("Not covered", html)  # wear items
        later = str(vehicle.with_context(kia_wty_date="2029-01-01").kia_wty_coverage_html)
        self.assertIn("Expired", later)
        form = Form(self.vehicle_a.with_user(self.advisor_a))
        self.assertEqual(str(form.kia_wty_end_date), "2028-06-01")
