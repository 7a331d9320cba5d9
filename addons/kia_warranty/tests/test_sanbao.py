from freezegun import freeze_time

from odoo.tests import tagged

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestThreeGuarantees(KiaWarrantyCase):
    def repair(self, start, end):
        with freeze_time(start):
            repair = (
                self.env["repair.order"]
                .with_company(self.dealer_a)
                .create(
                    {
                        "vehicle_id": self.vehicle_a.id,
                        "partner_id": self.customer_a.id,
                        "company_id": self.dealer_a.id,
                    }
                )
            )
            repair.action_validate()
            repair.action_repair_start()
        with freeze_time(end):
            self.assertEqual(
                repair.kia_wty_long_repair,
                repair._kia_wty_repair_days() > self.dealer_a.kia_wty_long_repair_days,
            )
            repair.action_repair_end()
        return repair

    def test_repair_days_and_alert(self):
        first = self.repair("2026-01-01 09:00", "2026-01-07 17:00")
        self.assertEqual(first._kia_wty_repair_days(), 6)
        with freeze_time("2026-01-05"):
            self.assertTrue(first.kia_wty_long_repair or first._kia_wty_repair_days() > 5)
        self.vehicle_a.invalidate_recordset()
        self.assertEqual(self.vehicle_a.kia_wty_sanbao_repair_days, 6)
        self.assertEqual(str(self.vehicle_a.kia_wty_sanbao_end_date), "2027-06-01")
        Vehicle = self.env["fleet.vehicle"]
        with freeze_time("2026-03-01"):
            self.assertFalse(Vehicle._cron_kia_wty_sanbao_alerts())
        self.repair("2026-02-01", "2026-02-25")
        self.vehicle_a.invalidate_recordset()
        self.assertEqual(self.vehicle_a.kia_wty_sanbao_repair_days, 30)
        with freeze_time("2026-03-01"):
            alerted = Vehicle._cron_kia_wty_sanbao_alerts()
            self.assertEqual(alerted, self.vehicle_a)
            activity = self.vehicle_a.activity_ids
            self.assertEqual(len(activity), 1)
            self.assertEqual(activity.user_id, self.manager_a)
            Vehicle._cron_kia_wty_sanbao_alerts()
            self.assertEqual(len(self.vehicle_a.activity_ids), 1)

    def test_early_serious_fault(self):
        vehicle = self.create_vehicle(
            self.advisor_a, self.customer_a, 400, kia_sale_date="2026-01-01"
        )
        with freeze_time("2026-02-01"):
            claim = self.make_claim(
                vehicle=vehicle,
                repair_date="2026-01-30",
                odometer=1500,
                failure_code_id=self.code_serious.id,
            )
            claim.action_submit()
        self.assertTrue(vehicle.kia_wty_sanbao_early_serious)
        self.assertEqual(vehicle.kia_wty_sanbao_repeat_count, 1)
