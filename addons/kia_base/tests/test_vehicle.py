from datetime import date

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.kia_base.models.fleet_vehicle import vin_check_digit

from .common import KiaBaseCase, make_vin


@tagged("post_install", "-at_install")
class TestVehicle(KiaBaseCase):
    def test_check_digit_known_vins(self):
        # Published examples of the ISO 3779 / GB 16735 check digit.
        self.assertEqual(vin_check_digit("1M8GDM9AXKP042788"), "X")
        self.assertEqual(vin_check_digit("11111111111111111"), "1")
        self.assertEqual(vin_check_digit("1HGCM82633A004352"), "3")
        self.assertEqual(vin_check_digit("LJDJAA14XRY000001"), make_vin(serial=1)[8])

    def test_advisor_registers_vehicle(self):
        vehicle = self.create_vehicle(
            self.advisor_a,
            self.customer_a,
            1,
            vin_sn=" " + make_vin(serial=1).lower() + " ",
            license_plate="沪a 12345",
            kia_sale_date="2024-03-01",
            kia_use_type="taxi",
        )
        self.assertEqual(vehicle.vin_sn, make_vin(serial=1))
        self.assertEqual(vehicle.license_plate, "沪A12345")
        self.assertEqual(vehicle.driver_id, self.customer_a)
        self.assertEqual(vehicle.company_id, self.dealer_a)
        self.assertEqual(self.customer_a.kia_vehicle_count, 1)
        new_energy = self.create_vehicle(
            self.advisor_a, self.customer_a, 2, license_plate="沪AD12345"
        )
        self.assertEqual(new_energy.license_plate, "沪AD12345")

    def test_bad_vin_refused(self):
        Vehicle = self.env["fleet.vehicle"].with_user(self.advisor_a)
        good = make_vin(serial=7)
        wrong_digit = good[:8] + str((int(good[8]) + 1) % 10 if good[8] != "X" else 0) + good[9:]
        for vin, words in (
            ("LJDJAA14", "17"),
            ("LJDJAA14IR0000001", "17"),
            ("LJDJAA14-R0000001", "17"),
            (wrong_digit, good[8]),
        ):
            with self.subTest(vin=vin), self.assertRaises(ValidationError) as err:
                Vehicle.create(
                    {
                        "model_id": self.kia_model.id,
                        "vin_sn": vin,
                        "kia_owner_id": self.customer_a.id,
                    }
                )
            self.assertIn(words, str(err.exception))
        self.assertFalse(Vehicle.search([("kia_owner_id", "=", self.customer_a.id)]))

    def test_bad_vin_translated(self):
        with self.assertRaises(ValidationError) as err:
            self.env["fleet.vehicle"].with_user(self.advisor_a).with_context(lang="zh_CN").create(
                {
                    "model_id": self.kia_model.id,
                    "vin_sn": "LJDJAA14",
                    "kia_owner_id": self.customer_a.id,
                }
            )
        self.assertIn("车架号", str(err.exception))

    def test_duplicate_vin_refused(self):
        self.create_vehicle(self.advisor_a, self.customer_a, 3)
        with self.assertRaises(ValidationError) as err:
            self.create_vehicle(self.advisor_a, self.customer_a, 3)
        self.assertIn(make_vin(serial=3), str(err.exception))
        self.assertEqual(
            self.env["fleet.vehicle"].search_count([("vin_sn", "=", make_vin(serial=3))]), 1
        )
        # Another dealer keeps its own file for the same car when it services it.
        other = self.create_vehicle(self.advisor_b, self.customer_b, 3)
        self.assertEqual(other.company_id, self.dealer_b)

    def test_bad_plate_refused(self):
        vehicle = self.create_vehicle(self.advisor_a, self.customer_a, 4, license_plate="沪A12345")
        for plate in ("A12345", "沪112345", "沪A1234", "沪AI2345", "XX-1234"):
            with self.subTest(plate=plate), self.assertRaises(ValidationError):
                vehicle.with_user(self.advisor_a).license_plate = plate
            self.assertEqual(vehicle.license_plate, "沪A12345")

    def test_odometer_cannot_go_backwards(self):
        vehicle = self.create_vehicle(self.advisor_a, self.customer_a, 5)
        Odometer = self.env["fleet.vehicle.odometer"].with_user(self.advisor_a)
        Odometer.create({"vehicle_id": vehicle.id, "date": date(2025, 1, 10), "value": 10000})
        Odometer.create({"vehicle_id": vehicle.id, "date": date(2025, 6, 10), "value": 18000})
        with self.assertRaises(ValidationError) as err:
            Odometer.create({"vehicle_id": vehicle.id, "date": date(2025, 9, 1), "value": 15000})
        self.assertIn("18,000", str(err.exception))
        # A back-dated reading may not exceed a later one either.
        with self.assertRaises(ValidationError):
            Odometer.create({"vehicle_id": vehicle.id, "date": date(2025, 3, 1), "value": 20000})
        with self.assertRaises(UserError):
            vehicle.with_user(self.advisor_a).odometer = 17000
        with self.assertRaises(ValidationError):
            Odometer.create({"vehicle_id": vehicle.id, "date": date(2025, 9, 1), "value": -5})
        self.assertEqual(len(vehicle.kia_odometer_ids), 2)
        self.assertEqual(vehicle.odometer, 18000)
        vehicle.with_user(self.advisor_a).odometer = 21000
        self.assertEqual(vehicle.odometer, 21000)

    def test_dealer_isolation(self):
        mine = self.create_vehicle(self.advisor_a, self.customer_a, 6)
        theirs = self.create_vehicle(self.advisor_b, self.customer_b, 8)
        Vehicle = self.env["fleet.vehicle"]
        seen_by_a = Vehicle.with_user(self.advisor_a).search([("id", "in", (mine | theirs).ids)])
        self.assertEqual(seen_by_a, mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.advisor_a).read(["vin_sn"])
        with self.assertRaises(AccessError):
            theirs.with_user(self.advisor_a).write({"kia_engine_no": "X"})
        partners = (
            self.env["res.partner"]
            .with_user(self.advisor_a)
            .search([("id", "in", (self.customer_a | self.customer_b).ids)])
        )
        self.assertEqual(partners, self.customer_a)
        # Head office holds every dealer company and so sees both files.
        seen_by_hq = (
            Vehicle.with_user(self.hq_officer)
            .with_context(allowed_company_ids=(self.hq | self.dealer_a | self.dealer_b).ids)
            .search([("id", "in", (mine | theirs).ids)])
        )
        self.assertEqual(seen_by_hq, mine | theirs)

    def test_technician_reads_but_does_not_register(self):
        vehicle = self.create_vehicle(self.advisor_a, self.customer_a, 9)
        self.assertEqual(vehicle.with_user(self.technician_a).vin_sn, make_vin(serial=9))
        with self.assertRaises(AccessError):
            self.create_vehicle(self.technician_a, self.customer_a, 10)
