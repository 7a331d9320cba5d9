from datetime import date

from freezegun import freeze_time
from psycopg2.errors import CheckViolation

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .care_common import KiaCareCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-01")
class TestCareDue(KiaCareCase):
    def test_time_based_interval(self):
        self.care_model.kia_care_interval_km = 0
        vehicle = self.care_vehicle(self.advisor_a, self.customer_a, 1, "2026-01-10")
        self.assertEqual(vehicle.kia_care_last_service_date, date(2026, 1, 10))
        self.assertEqual(vehicle.kia_care_next_due_date, date(2026, 7, 10))
        self.assertEqual(vehicle.kia_care_due_basis, "time")
        self.assertEqual(vehicle.kia_care_next_due_km, 0)

    def test_km_based_interval(self):
        self.care_model.kia_care_interval_months = 0
        # 1,500 km in 30 days: 50 km a day; 3,500 km left from 31 January: due 11 April.
        vehicle = self.care_vehicle(
            self.advisor_a,
            self.customer_a,
            2,
            "2026-01-01",
            [("2026-01-01", 0), ("2026-01-31", 1500)],
        )
        self.assertAlmostEqual(vehicle.kia_care_daily_km, 50.0)
        self.assertEqual(vehicle.kia_care_next_due_km, 5000)
        self.assertEqual(vehicle.kia_care_next_due_date, date(2026, 4, 11))
        self.assertEqual(vehicle.kia_care_due_basis, "km")

    def test_mixed_interval_takes_the_earlier(self):
        heavy = self.care_vehicle(
            self.advisor_a,
            self.customer_a,
            3,
            "2026-01-01",
            [("2026-01-01", 0), ("2026-01-31", 1500)],
        )
        self.assertEqual(heavy.kia_care_next_due_date, date(2026, 4, 11))
        self.assertEqual(heavy.kia_care_due_basis, "km")
        # 10 km a day: 5,000 km would take 500 days, six months come first.
        light = self.care_vehicle(
            self.advisor_a,
            self.customer_a,
            4,
            "2026-01-01",
            [("2026-01-01", 0), ("2026-01-31", 300)],
        )
        self.assertEqual(light.kia_care_next_due_date, date(2026, 7, 1))
        self.assertEqual(light.kia_care_due_basis, "time")

    def test_default_daily_mileage_without_history(self):
        self.care_model.kia_care_interval_months = 0
        vehicle = self.care_vehicle(
            self.advisor_a, self.customer_a, 5, "2026-01-01", [("2026-01-01", 0)]
        )
        # The dealer's 40 km a day: 5,000 km in 125 days.
        self.assertAlmostEqual(vehicle.kia_care_daily_km, 40.0)
        self.assertEqual(vehicle.kia_care_next_due_date, date(2026, 5, 6))
        self.dealer_a.kia_care_default_daily_km = 50
        self.assertEqual(vehicle.kia_care_next_due_date, date(2026, 4, 11))

    def test_last_service_is_the_last_done_repair(self):
        vehicle = self.care_vehicle(
            self.advisor_a,
            self.customer_a,
            6,
            "2025-01-01",
            [("2025-01-01", 0), ("2026-01-01", 3650)],
        )
        self.assertEqual(vehicle.kia_care_last_service_date, date(2025, 1, 1))
        self.done_repair(vehicle, "2026-02-15 10:00:00")
        self.assertEqual(vehicle.kia_care_last_service_date, date(2026, 2, 15))
        # 10 km a day: 3,650 + 45 days * 10 = 4,100 km at the service.
        self.assertAlmostEqual(vehicle.kia_care_last_service_km, 4100.0)
        self.assertEqual(vehicle.kia_care_next_due_date, date(2026, 8, 15))
        self.assertEqual(vehicle.kia_care_next_due_km, 9100)

    def test_set_based_refresh_matches_compute_and_flags_lapsed(self):
        fresh = self.care_vehicle(self.advisor_a, self.customer_a, 7, "2026-01-01")
        old = self.care_vehicle(self.advisor_a, self.customer_a, 8, "2024-06-01")
        self.assertFalse(fresh.kia_care_lapsed)
        self.assertTrue(old.kia_care_lapsed)
        expected = fresh.kia_care_next_due_date
        self.env.cr.execute(
            "UPDATE fleet_vehicle SET kia_care_next_due_date = NULL WHERE id = %s", [fresh.id]
        )
        fresh.invalidate_recordset()
        with freeze_time("2027-02-01"):
            self.env["fleet.vehicle"]._kia_care_refresh_due((fresh | old).ids)
            self.assertEqual(fresh.kia_care_next_due_date, expected)
            self.assertTrue(fresh.kia_care_lapsed)

    def test_refresh_query_count_does_not_grow(self):
        vehicles = [
            self.care_vehicle(self.advisor_a, self.customer_a, 100 + i, "2026-01-01")
            for i in range(20)
        ]
        Vehicle = self.env["fleet.vehicle"]
        Vehicle._kia_care_refresh_due([vehicles[0].id])  # warm-up: pending flushes
        # One UPDATE (after switching JIT off), whatever the batch size.
        with self.assertQueryCount(2):
            Vehicle._kia_care_refresh_due([vehicles[0].id])
        with self.assertQueryCount(2):
            Vehicle._kia_care_refresh_due([v.id for v in vehicles])
        one = Vehicle.browse(vehicles[0].id)
        twenty = Vehicle.browse([v.id for v in vehicles])
        one._compute_kia_care_due()  # warm-up: the user's time zone
        # One SELECT for the batch, one UPDATE when the test flushes: whatever the batch size.
        with self.assertQueryCount(2):
            one._compute_kia_care_due()
        with self.assertQueryCount(2):
            twenty._compute_kia_care_due()

    def test_negative_interval_refused(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(CheckViolation):
            self.care_model.kia_care_interval_km = -1
            self.care_model.flush_recordset()
        self.care_model.invalidate_recordset()
        self.assertEqual(self.care_model.kia_care_interval_km, 5000)

    def test_bad_settings_refused(self):
        with self.assertRaises(ValidationError):
            self.dealer_a.kia_care_reminder_days = -1
        self.assertEqual(self.dealer_a.kia_care_reminder_days, 14)
        with self.assertRaises(ValidationError) as error:
            self.dealer_a.with_context(lang="zh_CN").kia_care_lapsed_months = 0
        self.assertIn("一个月", str(error.exception))
        self.assertEqual(self.dealer_a.kia_care_lapsed_months, 12)
