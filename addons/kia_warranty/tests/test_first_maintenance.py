from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.kia_service.tests.service_common import sign_repair

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestFirstMaintenance(KiaWarrantyCase):
    def make_repair(self, vehicle, claim_type="first_maintenance"):
        """A repair order signed by the customer at reception."""
        repair = (
            self.env["repair.order"]
            .with_company(vehicle.company_id)
            .create(
                {
                    "vehicle_id": vehicle.id,
                    "partner_id": vehicle.kia_owner_id.id,
                    "company_id": vehicle.company_id.id,
                    "kia_wty_claim_type": claim_type,
                }
            )
        )
        sign_repair(repair, self.advisor_a)
        return repair

    def finish(self, repair):
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()

    def test_window_from_settings(self):
        vehicle = self.create_vehicle(
            self.advisor_a, self.customer_a, 300, kia_sale_date="2026-01-15"
        )
        self.assertEqual(str(vehicle.kia_wty_first_maint_deadline), "2026-07-15")
        self.dealer_a.kia_wty_first_maint_months = 3
        self.assertEqual(str(vehicle.kia_wty_first_maint_deadline), "2026-04-15")

    def test_missed_window_recorded_by_cron(self):
        vehicle = self.create_vehicle(
            self.advisor_a, self.customer_a, 301, kia_sale_date="2026-01-15"
        )
        Vehicle = self.env["fleet.vehicle"]
        with freeze_time("2026-07-15"):
            Vehicle._cron_kia_wty_first_maint_missed()
            self.assertEqual(vehicle.kia_wty_first_maint_state, "pending")
        with freeze_time("2026-07-16"):
            missed = Vehicle._cron_kia_wty_first_maint_missed()
        self.assertIn(vehicle, missed)
        self.assertEqual(vehicle.kia_wty_first_maint_state, "missed")

    @freeze_time("2026-03-01")
    def test_done_once_and_claimed(self):
        vehicle = self.create_vehicle(
            self.advisor_a, self.customer_a, 302, kia_sale_date="2026-01-15"
        )
        repair = self.make_repair(vehicle)
        self.finish(repair)
        self.assertEqual(vehicle.kia_wty_first_maint_state, "done")
        self.assertEqual(vehicle.kia_wty_first_maint_repair_id, repair)
        claim = repair.kia_wty_claim_ids
        self.assertEqual(claim.claim_type, "first_maintenance")
        self.assertEqual(str(claim.repair_date), "2026-03-01")
        second = self.make_repair(vehicle)
        second.action_validate()
        second.action_repair_start()
        with self.assertRaises(UserError):
            second.action_repair_end()
        self.assertFalse(second.kia_wty_claim_ids)
        self.assertEqual(vehicle.kia_wty_first_maint_repair_id, repair)
