import itertools
from unittest.mock import patch

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

    def test_missed_by_mileage_and_in_batches(self):
        """Over the mileage limit before the deadline counts as missed; the reason is noted
        in the dealer's language; the scheduled job records a batch, commits its progress and
        the next run goes on with the rest."""
        self.dealer_a.kia_wty_first_maint_km = 5000
        vehicles = self.env["fleet.vehicle"]
        for serial, sale_date in ((303, "2026-01-10"), (304, "2026-01-13"), (305, "2026-06-01")):
            vehicles |= self.create_vehicle(
                self.advisor_a, self.customer_a, serial, kia_sale_date=sale_date
            )
        far, near, recent = vehicles
        Odometer = self.env["fleet.vehicle.odometer"]
        Odometer.create({"vehicle_id": recent.id, "value": 5001, "date": "2026-07-01"})
        # at the limit is not over it
        Odometer.create({"vehicle_id": near.id, "value": 5000, "date": "2026-07-01"})
        cron = self.env.ref("kia_warranty.ir_cron_first_maint_missed")
        Vehicle = self.env["fleet.vehicle"]
        pending = Vehicle.search([("kia_wty_first_maint_state", "=", "pending")])
        runs = []
        with (
            freeze_time("2026-07-12"),
            patch("odoo.addons.kia_warranty.models.fleet_vehicle.FIRST_MAINT_BATCH", 2),
        ):
            while not runs or runs[-1][1]:
                cron.method_direct_trigger()
                progress = self.env["ir.cron.progress"].search(
                    [("cron_id", "=", cron.id)], order="id desc", limit=1
                )
                runs.append((progress.done, progress.remaining))
                self.assertLessEqual(len(runs), len(pending))
        recorded = pending.filtered(lambda v: v.kia_wty_first_maint_state == "missed")
        # each run recorded a batch and left the rest to the next
        self.assertEqual(sum(done for done, _remaining in runs), len(recorded))
        self.assertEqual(runs[0], (2, len(recorded) - 2))
        for (done, remaining), (next_done, next_remaining) in itertools.pairwise(runs):
            self.assertEqual((done, next_done + next_remaining), (2, remaining))
        self.assertEqual(
            vehicles.mapped("kia_wty_first_maint_state"), ["missed", "pending", "missed"]
        )
        # the vehicle at the limit is recorded once its window ends by date
        with freeze_time("2026-07-14"):
            cron.method_direct_trigger()
        self.assertEqual(set(vehicles.mapped("kia_wty_first_maint_state")), {"missed"})
        for vehicle, reason in {
            far: "期限已于 2026-07-10 结束",
            near: "期限已于 2026-07-13 结束",
            recent: "行驶里程已达 5001 公里，超过首次免费强制保养里程上限 5000 公里",
        }.items():
            message = self.env["mail.message"].search(
                [("model", "=", "fleet.vehicle"), ("res_id", "=", vehicle.id)]
            )
            self.assertEqual(len(message), 1)
            self.assertIn(reason, str(message.body))

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
