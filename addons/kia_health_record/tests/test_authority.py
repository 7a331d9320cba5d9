from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import HealthRecordCase


@tagged("post_install", "-at_install")
class TestHealthRecordAuthority(HealthRecordCase):
    """Who reads and changes what, tried the way an attacker would: over the ORM as each role."""

    def test_secret_not_readable_by_dealer_users(self):
        for user in (self.manager_a, self.advisor_a):
            company = self.dealer_a.with_user(user)
            with self.assertRaises(AccessError):
                company.read(["kia_ehr_secret"])
            with self.assertRaises(AccessError):
                company.search_read([("id", "=", self.dealer_a.id)], ["kia_ehr_token"])
            with self.assertRaises(AccessError):
                company.write({"kia_ehr_secret": "stolen"})
            self.assertNotIn("kia_ehr_secret", company.fields_get())
            # What they may read of the configuration does not carry it.
            values = company.read(["kia_ehr_app_key", "kia_ehr_enterprise_code"])[0]
            self.assertNotIn("kia_ehr_secret", values)
        self.assertEqual(self.dealer_a.kia_ehr_secret, "secret-a")

    def test_protected_fields_refused(self):
        record = self.settled_repair().kia_health_record_ids
        for field, value in (
            ("state", "accepted"),
            ("platform_message", "ok"),
            ("accepted_date", "2026-01-01 00:00:00"),
            ("payload", "{}"),
            ("vin", "LJDJAA14XRY000001"),
            ("next_try", "2020-01-01 00:00:00"),
        ):
            with self.assertRaises(AccessError, msg=field):
                record.with_user(self.manager_a).write({field: value})
            with self.assertRaises(AccessError, msg=field):
                record.with_user(self.advisor_a).write({field: value})
        self.assertEqual(record.state, "pending")
        self.assertFalse(record.accepted_date)
        self.assertIn(self.vehicle_a.vin_sn, record.payload)
        with self.assertRaises(AccessError):
            self.Record.with_user(self.manager_a).create(
                {"repair_id": record.repair_id.id, "state": "accepted"}
            )
        with self.assertRaises(AccessError):
            record.with_user(self.manager_a).unlink()
        self.assertEqual(len(self.Record.search([("repair_id", "=", record.repair_id.id)])), 1)

    def test_resend_only_service_manager_and_only_failed(self):
        record = self.settled_repair().kia_health_record_ids
        self.server.faults.append("reject")
        self.send()
        self.assertEqual(record.state, "rejected")
        for user in (self.advisor_a, self.technician_a):
            with self.assertRaises(AccessError):
                record.with_user(user).action_kia_resend()
        self.assertEqual(record.state, "rejected")
        other = self.settled_repair().kia_health_record_ids
        with self.assertRaises(UserError):
            other.with_user(self.manager_a).action_kia_resend()
        self.assertEqual(other.state, "pending")
        self.assertIs(record.with_user(self.manager_a).action_kia_resend(), True)

    def test_dealers_see_their_own_head_office_sees_all(self):
        record_a = self.settled_repair().kia_health_record_ids
        record_b = self.Record._kia_queue(self.env["repair.order"])  # nothing to queue
        self.assertFalse(record_b)
        # Dealer B's record, built for a repair order of dealer B.
        vehicle_b = self.create_vehicle(self.advisor_b, self.customer_b, 202)
        repair_b = (
            self.env["repair.order"]
            .with_user(self.advisor_b)
            .create({"vehicle_id": vehicle_b.id, "partner_id": self.customer_b.id})
        )
        record_b = self.Record.create({"repair_id": repair_b.id})
        self.assertEqual(record_b.company_id, self.dealer_b)
        Record = self.Record
        self.assertEqual(Record.with_user(self.manager_a).search([]), record_a)
        self.assertEqual(Record.with_user(self.advisor_a).search([]), record_a)
        self.assertEqual(Record.with_user(self.manager_b).search([]), record_b)
        with self.assertRaises(AccessError):
            record_b.with_user(self.manager_a).read(["state"])
        hq = self.hq_officer.with_context(allowed_company_ids=self.hq_officer.company_ids.ids)
        self.assertEqual(Record.with_user(hq).search([]), record_a | record_b)

    def test_platform_profiles_are_head_office_s(self):
        with self.assertRaises(AccessError):
            self.platform.with_user(self.manager_a).write({"upload_url": "https://evil.example"})
        self.assertTrue(self.platform.upload_url.startswith("http://127.0.0.1"))
        own = (
            self.env["kia.health.platform"]
            .with_user(self.manager_a)
            .create(
                {
                    "name": "Own",
                    "province": "江苏省",
                    "company_id": self.dealer_a.id,
                    "token_url": "https://ehr.example.cn/token",
                    "upload_url": "https://ehr.example.cn/upload",
                    "correction_url": "https://ehr.example.cn/correct",
                }
            )
        )
        self.assertFalse(
            self.env["kia.health.platform"].with_user(self.manager_b).search([("id", "=", own.id)])
        )
