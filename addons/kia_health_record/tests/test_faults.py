from datetime import timedelta

from odoo import fields
from odoo.tests import freeze_time, tagged

from .common import HealthRecordCase


@tagged("post_install", "-at_install")
class TestHealthRecordFaults(HealthRecordCase):
    """The queue delivers every record exactly once through the platform's faults, counted on
    the platform's side."""

    def test_every_record_exactly_once_through_faults(self):
        repairs = [self.settled_repair() for _i in range(5)]
        records = self.Record.browse([r.kia_health_record_ids.id for r in repairs])
        # One fault for each of the first calls: the token expires before the fourth, whose
        # second call (new token) is stored and only "received" (checked later).
        self.server.faults += ["timeout", "500", "drop", "expire_token", "received"]
        start = fields.Datetime.now().replace(microsecond=0)
        with freeze_time(start):
            self.send()
        self.assertEqual(
            records.mapped("state"), ["retrying", "retrying", "retrying", "sent", "accepted"]
        )
        self.assertEqual(self.server.calls["token"], 2, "a new token after the 401")
        for record in records[:3]:
            self.assertEqual(record.try_count, 1)
            self.assertEqual(record.next_try, start + timedelta(minutes=5))
            self.assertTrue(record.platform_message)
        # The timed-out call reached the platform; the others did not.
        self.assertEqual(
            set(self.server.records), {repairs[0].name, repairs[3].name, repairs[4].name}
        )
        uploads = self.server.calls["upload"]
        # Before the retries are due only the record waiting for its answer is asked again.
        with freeze_time(start + timedelta(minutes=1)):
            self.send()
        self.assertEqual(self.server.calls["upload"], uploads + 1)
        self.assertEqual(records[3].state, "accepted", "the platform had accepted it meanwhile")
        with freeze_time(start + timedelta(minutes=5)):
            self.send()
        self.assertEqual(set(records.mapped("state")), {"accepted"})
        self.assertEqual(self.server.calls["upload"], uploads + 4)
        # Exactly once on the platform's side, each with its own platform record.
        self.assertEqual(set(self.server.records), {r.name for r in repairs})
        self.assertEqual([self.server.stored[r.name] for r in repairs], [1, 1, 1, 1, 1])
        self.assertEqual(
            records[0].platform_record_id, self.server.records[repairs[0].name]["record_id"]
        )
        with freeze_time(start + timedelta(hours=2)):
            self.send()
        self.assertEqual(self.server.calls["upload"], uploads + 4, "nothing left to send")

    def test_backoff_doubles_up_to_the_longest_wait(self):
        record = self.settled_repair().kia_health_record_ids
        self.server.faults += ["500"] * 6
        now = fields.Datetime.now().replace(microsecond=0)
        waits = []
        for _i in range(6):
            with freeze_time(now):
                self.send()
            waits.append(int((record.next_try - now).total_seconds() // 60))
            now = record.next_try
        self.assertEqual(waits, [5, 10, 20, 40, 60, 60])
        self.assertEqual(record.try_count, 6)
        self.assertEqual(record.state, "retrying")
        with freeze_time(now):
            self.send()
        self.assertEqual(record.state, "accepted")
        self.assertEqual(self.server.stored[record.settlement_number], 1)

    def test_token_cached_until_expiry(self):
        self.server.token_ttl = 600
        now = fields.Datetime.now().replace(microsecond=0)
        with freeze_time(now):
            self.settled_repair()
            self.send()
        self.assertEqual(self.server.calls["token"], 1)
        with freeze_time(now + timedelta(minutes=5)):
            self.settled_repair()
            self.send()
        self.assertEqual(self.server.calls["token"], 1, "still valid: cached")
        with freeze_time(now + timedelta(minutes=10)):
            self.settled_repair()
            self.send()
        self.assertEqual(self.server.calls["token"], 2, "expired: asked again")
        self.assertEqual(len(self.server.records), 3)

    def test_wrong_secret_is_refused_and_retried(self):
        """The platform refuses a request it cannot verify: nothing is stored."""
        self.dealer_a.kia_ehr_secret = "not-the-secret"
        record = self.settled_repair().kia_health_record_ids
        self.send()
        self.assertEqual(record.state, "retrying")
        self.assertIn("签名错误", record.platform_message)
        self.assertFalse(self.server.records)

    def test_province_signature_scheme(self):
        """A province signing app key, timestamp, nonce and body in Base64 HMAC-SHA512."""
        self.server.covers = "key_timestamp_nonce_body"
        self.server.algorithm = "sha512"
        self.server.encoding = "base64"
        self.platform.write(
            {
                "signature_covers": "key_timestamp_nonce_body",
                "hash_algorithm": "hmac_sha512",
                "signature_encoding": "base64",
            }
        )
        try:
            record = self.settled_repair().kia_health_record_ids
            self.send()
            self.assertEqual(record.state, "accepted")
        finally:
            self.server.covers, self.server.algorithm, self.server.encoding = (
                "timestamp_nonce_body",
                "sha256",
                "hex",
            )
