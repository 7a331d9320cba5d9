from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .service_common import KiaServiceProcessCase, customer_signature


@tagged("post_install", "-at_install")
class TestReception(KiaServiceProcessCase):
    """No work before the customer signs the repair order (委托书); checklists start empty and
    must be filled in."""

    def test_confirm_refused_without_signature(self):
        repair = self.create_repair(sign=False)
        repair.with_user(self.advisor_a).kia_walkaround_ids.write({"result": "ok"})
        with self.assertRaisesRegex(UserError, "not signed"):
            repair.with_user(self.advisor_a).action_validate()
        self.assertEqual(repair.state, "draft")
        self.assertFalse(repair.kia_job_ids)
        self.assertFalse(repair.kia_approved_date)

    def test_signing_at_the_counter_stamps_the_approval(self):
        repair = self.create_repair(sign=False)
        self.assertFalse(repair.kia_approved_date)
        with freeze_time("2026-03-02 09:30:00"):
            with Form(repair.with_user(self.advisor_a)) as form:
                form.kia_customer_signature = customer_signature()
        self.assertEqual(repair.kia_approved_date, fields.Datetime.to_datetime("2026-03-02 09:30"))
        self.assertEqual(repair.kia_signed_by, self.customer_a.name)
        repair.with_user(self.advisor_a).kia_walkaround_ids.write({"result": "ok"})
        self.assertIs(repair.with_user(self.advisor_a).action_validate(), True)
        self.assertEqual(repair.state, "confirmed")
        # Signed and confirmed: the signature stays as signed.
        with self.assertRaisesRegex(UserError, "stays as signed"):
            repair.with_user(self.advisor_a).kia_customer_signature = False
        self.assertTrue(repair.kia_customer_signature)

    def test_only_signing_sets_the_stamp(self):
        repair = self.create_repair(sign=False)
        for user in (self.advisor_a, self.manager_a, self.qc_a, self.cr_a):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(AccessError, "signature"):
                    repair.with_user(user).write({"kia_approved_date": fields.Datetime.now()})
                with self.assertRaisesRegex(AccessError, "signature"):
                    repair.with_user(user).write({"kia_signed_by": "Someone"})
        # A technician does not sign for the customer.
        with self.assertRaises(AccessError):
            repair.with_user(self.technician_a).write(
                {"kia_customer_signature": customer_signature()}
            )
        repair.invalidate_recordset()
        self.assertFalse(repair.kia_approved_date)
        self.assertFalse(repair.kia_customer_signature)

    def test_unanswered_walkaround_blocks_confirm(self):
        repair = self.create_repair(sign=False)
        lines = repair.kia_walkaround_ids
        self.assertTrue(lines, "the walk-around checklist is loaded at reception")
        self.assertFalse(any(lines.mapped("result")), "lines start unanswered")
        repair.with_user(self.advisor_a).kia_customer_signature = customer_signature()
        lines[1:].with_user(self.advisor_a).write({"result": "ok"})
        with self.assertRaisesRegex(UserError, lines[0].name):
            repair.with_user(self.advisor_a).action_validate()
        self.assertEqual(repair.state, "draft")
        lines[0].with_user(self.advisor_a).write({"result": "remark", "note": "左前门划痕"})
        repair.with_user(self.advisor_a).action_validate()
        self.assertEqual(repair.state, "confirmed")

    def test_unanswered_final_inspection_blocks_pass(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        self.work_repair(repair)
        repair.with_user(self.qc_a).action_kia_start_qc()
        lines = repair.kia_qc_check_ids
        self.assertTrue(lines)
        self.assertFalse(any(lines.mapped("result")))
        lines[:-1].with_user(self.qc_a).write({"result": "ok"})
        with self.assertRaisesRegex(UserError, lines[-1].name):
            repair.with_user(self.qc_a).action_kia_qc_pass()
        self.assertEqual(repair.kia_qc_state, "pending")
        lines[-1].with_user(self.qc_a).write({"result": "ok"})
        repair.with_user(self.qc_a).action_kia_qc_pass()
        self.assertEqual(repair.kia_qc_state, "passed")

    def test_references_and_job_names(self):
        repair = self.create_repair(operations=[self.op_brake, self.op_oil])
        self.assertTrue(repair.name.startswith("TA001/RO/"), repair.name)
        repair.with_user(self.advisor_a).action_validate()
        self.assertEqual(
            sorted(repair.kia_job_ids.mapped("name")), sorted(["Front brake pads", "Oil change"])
        )


@tagged("post_install", "-at_install")
class TestDelivery(KiaServiceProcessCase):
    """Old parts decided, guarantee period and completion certificate at delivery; comebacks
    within the guarantee repaired free, and escalated after two repairs."""

    def _passed(self, repair):
        if repair.state == "draft":
            repair.with_user(self.advisor_a).action_validate()
        self.work_repair(repair)
        repair.with_user(self.qc_a).action_kia_start_qc()
        self.answer_qc(repair)
        repair.with_user(self.qc_a).action_kia_qc_pass()
        return repair

    def test_old_parts_required_before_delivery(self):
        repair = self.create_repair(parts=2, sign=False)
        self.sign_repair(repair)
        repair.with_user(self.advisor_a).kia_old_parts = False
        self._passed(repair)
        moves = repair._kia_old_part_moves()
        self.assertEqual(len(moves), 2)
        self.assertFalse(any(moves.mapped("kia_old_part")))
        with self.assertRaisesRegex(UserError, "Oil filter"):
            repair.with_user(self.advisor_a).action_kia_deliver()
        self.assertFalse(repair.kia_delivery_date)
        self.assertFalse(repair.kia_certificate_number)
        # Per line: one taken home, one left; then the repair order can be delivered.
        moves[0].with_user(self.advisor_a).kia_old_part = "returned"
        with self.assertRaises(UserError):
            repair.with_user(self.advisor_a).action_kia_deliver()
        moves[1].with_user(self.advisor_a).kia_old_part = "waived"
        self.assertIs(repair.with_user(self.advisor_a).action_kia_deliver(), True)
        self.assertTrue(repair.kia_delivery_date)

    def test_warranty_parts_are_retained(self):
        repair = self.create_repair()
        move = repair._kia_old_part_moves()
        self.assertEqual(move.kia_old_part, "returned", "the repair order's choice")
        move.with_user(self.advisor_a).kia_payer = "warranty"
        self.assertEqual(move.kia_old_part, "kept_warranty")
        with self.assertRaisesRegex(ValidationError, "retained"):
            move.with_user(self.advisor_a).kia_old_part = "returned"

    def test_certificate_numbering_follows_its_sequence(self):
        first = self._passed(self.create_repair(odometer=20000))
        first.with_user(self.advisor_a).action_kia_deliver()
        self.assertTrue(first.kia_certificate_number.startswith("TA001-HG"))
        # The administrator replaces the dealer's numbering: the next certificate follows it.
        Sequence = self.env["ir.sequence"]
        Sequence.search(
            [("code", "=", "kia.completion.certificate"), ("company_id", "=", self.dealer_a.id)]
        ).unlink()
        Sequence.create(
            {
                "name": "Certificates A",
                "code": "kia.completion.certificate",
                "company_id": self.dealer_a.id,
                "prefix": "CA-",
                "padding": 3,
            }
        )
        second = self._passed(self.create_repair(odometer=21000))
        second.with_user(self.advisor_a).action_kia_deliver()
        self.assertEqual(second.kia_certificate_number, "CA-001")

    def test_certificate_and_guarantee_at_delivery(self):
        self.dealer_a.kia_guarantee_assembly_days = 45
        first = self._passed(self.create_repair(kia_repair_class="assembly", odometer=20000))
        second = self._passed(self.create_repair(odometer=21000))
        self.assertEqual((first.kia_guarantee_km, first.kia_guarantee_days), (5000, 45))
        with freeze_time("2026-04-01 10:00:00"):
            (first | second).with_user(self.advisor_a).action_kia_deliver()
        self.assertTrue(first.kia_certificate_number.startswith("TA001-HG2026-"))
        self.assertNotEqual(first.kia_certificate_number, second.kia_certificate_number)
        self.assertEqual(str(first.kia_guarantee_until_date), "2026-05-16")
        self.assertEqual(first.kia_guarantee_until_km, 25000)
        self.assertEqual(str(second.kia_guarantee_until_date), "2026-04-11", "minor: 10 days")
        self.assertEqual(second.kia_guarantee_until_km, 23000, "minor: 2,000 km")
        # The certificate, guarantee and delivery stamps are the Deliver button's.
        for vals in (
            {"kia_certificate_number": "X"},
            {"kia_guarantee_until_date": "2027-01-01"},
            {"kia_guarantee_until_km": 99999},
            {"kia_guarantee_repair": True},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                first.with_user(self.manager_a).write(vals)
        first.invalidate_recordset()
        self.assertEqual(first.kia_guarantee_until_km, 25000)

    def test_comeback_in_guarantee_is_free_then_escalated(self):
        with freeze_time("2026-05-01 09:00:00"):
            original = self._passed(self.create_repair(odometer=30000))
            original.with_user(self.advisor_a).action_kia_deliver()
        # Outside the comeback window (30 days) but within the 100 days of a major repair?
        # The class is minor: 10 days / 2,000 km. Eight days later the fault is back.
        with freeze_time("2026-05-09 09:00:00"):
            second = self.create_repair(odometer=31000)
            second.with_user(self.advisor_a).action_validate()
            self.assertEqual(second.kia_comeback_of_id, original)
            self.assertTrue(second.kia_guarantee_repair)
            self.assertFalse(second.kia_guarantee_escalated)
            self.assertEqual(set(second.repair_service_ids.mapped("kia_payer")), {"internal"})
            self.assertEqual(set(second.move_ids.mapped("kia_payer")), {"internal"})
            self._passed(second)
            second.with_user(self.advisor_a).action_kia_deliver()
        with freeze_time("2026-05-15 09:00:00"):
            third = self.create_repair(odometer=31500)
            third.with_user(self.advisor_a).action_validate()
            self.assertEqual(third.kia_comeback_of_id, second)
            self.assertTrue(third.kia_guarantee_repair)
            self.assertTrue(third.kia_guarantee_escalated)
            activity = third.activity_ids.filtered(lambda a: a.user_id == self.manager_a)
            self.assertEqual(len(activity), 1, "the service manager decides on another repairer")

    def test_comeback_after_guarantee_is_paid(self):
        self.dealer_a.kia_comeback_days = 60
        with freeze_time("2026-05-01 09:00:00"):
            original = self._passed(self.create_repair(odometer=30000))
            original.with_user(self.advisor_a).action_kia_deliver()
        with freeze_time(fields.Datetime.to_datetime("2026-05-01 09:00") + timedelta(days=20)):
            later = self.create_repair(odometer=30500)
            later.with_user(self.advisor_a).action_validate()
        self.assertEqual(later.kia_comeback_of_id, original, "a comeback all the same")
        self.assertFalse(later.kia_guarantee_repair, "the 10 days of a minor repair are over")
        self.assertEqual(set(later.repair_service_ids.mapped("kia_payer")), {"customer"})
