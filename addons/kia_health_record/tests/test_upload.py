import json

from odoo.tests import tagged

from .common import HealthRecordCase


@tagged("post_install", "-at_install")
class TestHealthRecordUpload(HealthRecordCase):
    def test_settlement_builds_the_record(self):
        repair = self.settled_repair()
        record = repair.kia_health_record_ids
        self.assertEqual(len(record), 1)
        self.assertEqual(record.state, "pending")
        self.assertEqual(record.company_id, self.dealer_a)
        self.assertEqual(record.settlement_number, repair.name)
        payload = json.loads(record.payload)
        self.assertEqual(payload["business_name"], self.dealer_a.name)
        self.assertEqual(payload["vin"], self.vehicle_a.vin_sn)
        self.assertEqual(payload["plate"], "沪A12345")
        self.assertEqual(payload["odometer_in"], repair.kia_odometer_in)
        self.assertEqual(payload["fault_description"], "刹车有异响")
        self.assertEqual(payload["settlement_number"], repair.name)
        self.assertEqual(
            payload["repair_items"], [{"name": "Front brake pads", "code": "T-BRK", "hours": 1.2}]
        )
        self.assertEqual(payload["labour_hours"], 1.2)
        self.assertEqual(
            payload["parts"], [{"name": "Oil filter", "code": "26300-35505", "quantity": 1.0}]
        )
        self.assertTrue(payload["date_in"] and payload["settlement_date"])
        self.assertEqual(record.part_codes, "26300-35505")

    def test_delivered_not_invoiced_is_not_settled(self):
        """A customer-paid repair order delivered without its invoice is not settled yet."""
        repair = self.settled_repair(kia_payment_type="customer")
        self.assertTrue(repair.kia_delivery_date)
        self.assertFalse(repair.kia_health_record_ids)

    def test_upload_accepted_signed_with_cached_token(self):
        first, second = self.settled_repair(), self.settled_repair()
        self.send()
        records = (first | second).kia_health_record_ids
        self.assertEqual(records.mapped("state"), ["accepted", "accepted"])
        self.assertTrue(all(records.mapped("platform_record_id")))
        self.assertEqual(set(self.server.records), {first.name, second.name})
        self.assertEqual(self.server.calls["token"], 1, "one token for both calls")
        self.assertEqual(self.server.calls["upload"], 2)
        # The next run reuses the cached token and sends nothing already accepted.
        third = self.settled_repair()
        self.send()
        self.assertEqual(third.kia_health_record_ids.state, "accepted")
        self.assertEqual(self.server.calls["token"], 1)
        self.assertEqual(self.server.calls["upload"], 3)

    def test_duplicate_answer_means_accepted(self):
        """The platform already holds the settlement number (a previous answer was lost): it
        answers duplicate, the record is accepted and nothing is stored twice."""
        repair = self.settled_repair()
        self.server.records[repair.name] = {"record_id": "EHR-PRIOR"}
        self.send()
        record = repair.kia_health_record_ids
        self.assertEqual(record.state, "accepted")
        self.assertEqual(record.platform_record_id, "EHR-PRIOR")
        self.assertEqual(self.server.stored[repair.name], 0)

    def test_rejection_is_not_retried_and_tells_the_manager(self):
        repair = self.settled_repair()
        self.server.faults.append("reject")
        self.send()
        record = repair.kia_health_record_ids
        self.assertEqual(record.state, "rejected")
        self.assertEqual(record.platform_message, self.server.reject_message)
        activity = record.activity_ids
        self.assertEqual(activity.user_id, self.manager_a)
        self.assertIn(self.server.reject_message, str(activity.note))
        uploads = self.server.calls["upload"]
        self.send()
        self.assertEqual(self.server.calls["upload"], uploads, "a rejection is not retried")
        # The service manager corrects the data and sends it again.
        record.with_user(self.manager_a).action_kia_resend()
        self.assertEqual(record.state, "pending")
        self.assertFalse(record.activity_ids)
        self.send()
        self.assertEqual(record.state, "accepted")
        self.assertEqual(self.server.stored[repair.name], 1)

    def test_data_checks_hold_the_record(self):
        self.vehicle_a.license_plate = False
        self.part_filter.default_code = False
        repair = self.settled_repair()
        record = repair.kia_health_record_ids
        self.assertEqual(record.state, "held")
        self.assertIn("Plate", record.hold_reason)
        self.assertIn("Oil filter", record.hold_reason)
        self.send()
        self.assertEqual(self.server.calls["upload"], 0, "a held record is not sent")
        self.assertEqual(record.state, "held")
        # Corrected: the service manager sends it again; it is rebuilt and checked.
        self.vehicle_a.license_plate = "沪AD12345"  # a new-energy plate
        self.part_filter.default_code = "26300-35505"
        record.with_user(self.manager_a).action_kia_resend()
        self.assertEqual(record.state, "pending")
        self.assertFalse(record.hold_reason)
        self.send()
        self.assertEqual(record.state, "accepted")

    def test_data_checks(self):
        Record = self.Record
        good = {
            "enterprise_code": "ENT-A",
            "vin": self.vehicle_a.vin_sn,
            "plate": "沪A12345",
            "odometer_in": 1000,
            "repair_items": [{"name": "x", "code": "y", "hours": 1}],
            "parts": [{"name": "p", "code": "c", "quantity": 1}],
        }
        self.assertEqual(Record._kia_problems(good), [])
        # A VIN whose check digit is wrong passes: the platform checks the format only.
        self.assertEqual(Record._kia_problems(dict(good, vin="LJDJAA14XRY000001")), [])
        for plate in ("沪AD12345", "粤B12345F", "京A1234学"):
            self.assertEqual(Record._kia_problems(dict(good, plate=plate)), [], plate)
        bad = {
            "vin": "LJDJAA14ORY00000",
            "plate": "沪A1234",
            "odometer_in": 0,
            "repair_items": [],
            "parts": [{"name": "Bolt", "code": ""}],
        }
        problems = Record.with_context(lang="zh_CN")._kia_problems(bad)
        self.assertEqual(len(problems), 6)
        for vin in ("LJDJAA14ORY000001", "LJDJAA14RY00001", "LJDJAA14QRY0000012"):
            self.assertEqual(len(Record._kia_problems(dict(good, vin=vin))), 1, vin)
        for plate in ("沪I12345", "AB12345", "沪AD1234F"):
            self.assertEqual(len(Record._kia_problems(dict(good, plate=plate))), 1, plate)
