from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.kia_service.tests.service_common import sign_repair

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestPwa(KiaWarrantyCase):
    """Prior warranty authorisation: head office's rules, the dealer's request from the repair
    order, head office's answer, and the job and the claim held until it is approved."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_workshop()
        Rule = cls.env["kia.warranty.pwa.rule"]
        # Only the rules of these tests apply.
        Rule.search([]).action_archive()
        cls.rule_pump = Rule.with_user(cls.reviewer).create(
            {
                "name": "Water pump replacement",
                "rule_type": "operation",
                "labor_operation_ids": [Command.set(cls.op_pump.ids)],
                "response_hours": 8,
            }
        )

    def started_repair(self):
        repair = self.make_repair()
        sign_repair(repair, self.advisor_a)
        repair.with_user(self.advisor_a).action_validate()
        repair.kia_job_ids.with_user(self.foreman_a).write({"technician_id": self.technician_a.id})
        return repair

    def request(self, repair, user=None):
        user = user or self.advisor_a
        action = repair.with_user(user).action_kia_request_pwa()
        pwa = self.env["kia.warranty.pwa"].browse(action["res_id"]).with_user(user)
        pwa.reason = "Coolant leak at the pump, pressure test failed."
        pwa.action_request()
        return pwa

    def test_rules_decide_lines(self):
        repair = self.make_repair(services=[(self.op_pump, "warranty"), (self.op_wash, "warranty")])
        needed = repair._kia_pwa_needed()
        self.assertEqual(needed["services"].kia_labor_operation_id, self.op_pump)
        self.assertFalse(needed["moves"])
        self.assertEqual(repair.kia_pwa_status, "missing")
        # A part rule lists the part's line; a cost rule every warranty line above it.
        self.env["kia.warranty.pwa.rule"].with_user(self.reviewer).create(
            {"name": "Seal", "rule_type": "part", "product_ids": [Command.set(self.part_seal.ids)]}
        )
        self.assertEqual(repair._kia_pwa_needed()["moves"].product_id, self.part_seal)
        self.env["kia.warranty.pwa.rule"].with_user(self.reviewer).create(
            {"name": "Cost", "rule_type": "amount", "amount_threshold": 1.0}
        )
        self.assertEqual(len(repair._kia_pwa_needed()["services"]), 2)
        # Customer-paid lines never need one.
        customer = self.make_repair(services=[(self.op_pump, "customer")], parts=[])
        self.assertEqual(customer.kia_pwa_status, "none")

    def test_rules_are_head_office_catalogue(self):
        for user in (self.advisor_a, self.wadmin_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.rule_pump.with_user(user).write({"response_hours": 999})
            with self.assertRaises(AccessError):
                self.env["kia.warranty.pwa.rule"].with_user(user).create(
                    {"name": "Mine", "rule_type": "amount", "amount_threshold": 1e9}
                )
        self.assertEqual(self.rule_pump.response_hours, 8)

    def test_job_start_blocked_until_approved(self):
        repair = self.started_repair()
        job = repair.kia_job_ids
        with self.assertRaises(UserError) as refused:
            job.with_user(self.technician_a).action_start()
        self.assertIn("prior authorisation", str(refused.exception))
        self.assertEqual(job.state, "ready")
        self.assertFalse(job.time_ids)
        with freeze_time("2026-03-02 08:00:00"):
            pwa = self.request(repair)
        self.assertEqual(pwa.state, "requested")
        self.assertEqual(pwa.rule_ids, self.rule_pump)
        self.assertEqual(pwa.deadline, fields.Datetime.to_datetime("2026-03-02 16:00:00"))
        self.assertEqual(pwa.service_ids, repair.repair_service_ids)
        self.assertEqual(repair.kia_pwa_status, "requested")
        # Requested is not approved.
        with self.assertRaises(UserError):
            job.with_user(self.technician_a).action_start()
        pwa.with_user(self.reviewer).action_approve()
        self.assertEqual(pwa.state, "approved")
        self.assertEqual(pwa.reviewer_id, self.reviewer)
        self.assertEqual(repair.kia_pwa_status, "approved")
        job.with_user(self.technician_a).action_start()
        self.assertEqual(job.state, "in_progress")

    def test_job_start_follows_archived_rule(self):
        """The active rules are remembered between clock-ons: archiving the pump rule lets the
        job start without an authorisation, restoring it blocks the next job again."""
        repair = self.started_repair()
        job = repair.kia_job_ids
        with self.assertRaises(UserError):
            job.with_user(self.technician_a).action_start()
        self.rule_pump.with_user(self.reviewer).write({"active": False})
        job.with_user(self.technician_a).action_start()
        self.assertEqual(job.state, "in_progress")
        self.rule_pump.with_user(self.reviewer).write({"active": True})
        other = self.started_repair().kia_job_ids
        with self.assertRaises(UserError):
            other.with_user(self.technician_a).action_start()
        self.assertEqual(other.state, "ready")

    def test_dealer_cannot_answer_or_forge(self):
        repair = self.make_repair()
        pwa = self.request(repair)
        for user in (self.advisor_a, self.wadmin_a, self.reviewer_a, self.wadmin_b):
            for method in ("action_approve", "action_reject"):
                with self.subTest(user=user.login, method=method):
                    with self.assertRaises(UserError):
                        getattr(pwa.with_user(user), method)()
            for vals in (
                {"state": "approved"},
                {"reviewer_id": user.id},
                {"deadline": "2030-01-01 00:00:00"},
                {"review_note": "ok"},
            ):
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaises(UserError):
                        pwa.with_user(user).write(vals)
        # The request is locked once sent.
        with self.assertRaises(UserError):
            pwa.with_user(self.advisor_a).estimated_cost = 1.0
        pwa.invalidate_recordset()
        self.assertEqual(pwa.state, "requested")
        self.assertFalse(pwa.reviewer_id)
        self.assertFalse(pwa.review_note)
        # Nor is one created already approved.
        Pwa = self.env["kia.warranty.pwa"].with_user(self.advisor_a)
        count = Pwa.search_count([])
        with self.assertRaises(AccessError):
            Pwa.create(
                {"vehicle_id": self.vehicle_a.id, "repair_id": repair.id, "state": "approved"}
            )
        self.assertEqual(Pwa.search_count([]), count)

    def test_request_needs_reason_and_reject_needs_note(self):
        repair = self.make_repair()
        action = repair.with_user(self.advisor_a).action_kia_request_pwa()
        pwa = self.env["kia.warranty.pwa"].browse(action["res_id"]).with_user(self.advisor_a)
        with self.assertRaises(UserError):
            pwa.action_request()
        self.assertEqual(pwa.state, "draft")
        pwa.reason = "Leak"
        pwa.action_request()
        with self.assertRaises(UserError):
            pwa.with_user(self.reviewer).action_reject()
        self.assertEqual(pwa.state, "requested")
        pwa.with_user(self.reviewer).action_reject(note="Photos of the leak missing.")
        self.assertEqual(pwa.state, "rejected")
        self.assertEqual(pwa.review_note, "Photos of the leak missing.")
        self.assertEqual(repair.kia_pwa_status, "rejected")
        # A new request for the same lines is possible.
        again = self.request(repair)
        self.assertNotEqual(again, pwa)

    def test_overdue_filter(self):
        repair = self.make_repair()
        with freeze_time("2026-03-02 08:00:00"):
            pwa = self.request(repair)
        Pwa = self.env["kia.warranty.pwa"].with_user(self.reviewer)
        with freeze_time("2026-03-02 15:00:00"):
            self.assertNotIn(pwa, Pwa.search([("is_overdue", "=", True)]))
        with freeze_time("2026-03-02 17:00:00"):
            self.assertIn(pwa, Pwa.search([("is_overdue", "=", True)]))
            self.assertNotIn(pwa, Pwa.search([("is_overdue", "=", False)]))

    def test_claim_submission_blocked(self):
        repair = self.started_repair()
        self.request(repair).with_user(self.reviewer).action_approve()
        self.run_repair(repair, "2026-01-05 01:00", "2026-01-05 02:36")
        action = repair.with_user(self.wadmin_a).action_kia_wty_create_claim()
        claim = self.env["kia.warranty.claim"].browse(action["res_id"])
        self.attach(claim)
        self.assertTrue(claim.pwa_number)
        # Head office now also wants the seal authorised: the claim waits for it.
        self.env["kia.warranty.pwa.rule"].with_user(self.reviewer).create(
            {"name": "Seal", "rule_type": "part", "product_ids": [Command.set(self.part_seal.ids)]}
        )
        with freeze_time("2026-01-06 09:00"):
            with self.assertRaises(UserError) as refused:
                claim.with_user(self.wadmin_a).action_submit()
            self.assertIn("prior authorisation", str(refused.exception))
            self.assertEqual(claim.state, "draft")
            pwa = self.request(repair, self.wadmin_a)
            self.assertEqual(pwa.move_ids.product_id, self.part_seal)
            pwa.with_user(self.reviewer).action_approve()
            claim.with_user(self.wadmin_a).action_submit()
        self.assertEqual(claim.state, "submitted")

    @freeze_time("2026-01-12 09:00")
    def test_claim_without_repair_order_by_cost(self):
        self.env["kia.warranty.pwa.rule"].with_user(self.reviewer).create(
            {"name": "Cost", "rule_type": "amount", "amount_threshold": 500.0}
        )
        claim = self.make_claim()
        with self.assertRaises(UserError) as refused:
            claim.action_submit()
        self.assertIn("500", str(refused.exception))
        pwa = (
            self.env["kia.warranty.pwa"]
            .with_user(self.wadmin_a)
            .create(
                {
                    "vehicle_id": self.vehicle_a.id,
                    "estimated_cost": 980.0,
                    "reason": "Pump leak",
                }
            )
        )
        pwa.action_request()
        pwa.with_user(self.reviewer).action_approve()
        claim.action_submit()
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(claim.pwa_ids, pwa)
