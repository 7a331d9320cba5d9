from contextlib import contextmanager
from datetime import timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.kia_training.tests.common import validity_cases
from odoo.addons.kia_warranty.tests.common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestClaimCertification(KiaWarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_workshop()
        CertType = cls.env["kia.certification.type"]
        cls.type_hv_1 = CertType.create(
            {
                "name": "HV basic",
                "code": "T-HV1",
                "track": "ev_hv",
                "level": 1,
                "exam_required": False,
            }
        )
        cls.type_hv_2 = CertType.create(
            {
                "name": "HV expert",
                "code": "T-HV2",
                "track": "ev_hv",
                "level": 2,
                "exam_required": False,
            }
        )
        cls.op_pump.kia_required_certification_type_ids = cls.type_hv_1
        cls.employee = cls.env["hr.employee"].create(
            {
                "name": "技师甲",
                "user_id": cls.technician_a.id,
                "company_id": cls.dealer_a.id,
            }
        )

    def certify(self, cert_type, date_expiry=False):
        return self.env["kia.certification"].create(
            {
                "employee_id": self.employee.id,
                "company_id": self.dealer_a.id,
                "type_id": cert_type.id,
                "date_issued": "2025-01-01",
                "date_expiry": date_expiry,
            }
        )

    @contextmanager
    def holding(self, cert_type, values):
        """The technician holds only this certification inside the block."""
        cert = self.env["kia.certification"].create(
            {
                "employee_id": self.employee.id,
                "company_id": self.dealer_a.id,
                "type_id": cert_type.id,
                **values,
            }
        )
        try:
            yield cert
        finally:
            cert.unlink()

    def claim_after_repair(self, ready):
        repair = self.make_repair()
        self.run_repair(repair, "2026-01-04 08:00", "2026-01-04 09:30", ready=ready)
        action = repair.with_user(self.wadmin_a).action_kia_wty_create_claim()
        claim = self.env["kia.warranty.claim"].browse(action["res_id"])
        self.attach(claim)
        return claim

    def test_certification_expired_at_repair_date(self):
        self.certify(self.type_hv_1, date_expiry="2026-01-05")
        # Valid at dispatch on the 4th; the repair was completed on the 6th.
        claim = self.claim_after_repair(ready="2026-01-06 09:00")
        self.assertEqual(str(claim.repair_date), "2026-01-06")
        with freeze_time("2026-01-07"):
            errors = claim._kia_precheck_errors()
            self.assertEqual(len(errors[claim.id]), 1, "the certification check fails alone")
            message = errors[claim.id][0]
            self.assertIn("[2510A01] Replace water pump", message)
            self.assertIn(self.technician_a.name, message)
            self.assertIn("[T-HV1] HV basic", message)
            self.assertIn("2026-01-06", message)
            with self.assertRaisesRegex(UserError, "held no valid certification"):
                claim.with_user(self.wadmin_a).action_submit()
            self.assertEqual(claim.state, "draft")
            self.assertFalse(claim.old_part_ids)

    def test_certified_technician_passes(self):
        self.certify(self.type_hv_2)  # a higher level of the same track meets the requirement
        claim = self.claim_after_repair(ready="2026-01-06 09:00")
        with freeze_time("2026-01-07"):
            self.assertEqual(claim._kia_precheck_errors(), {})
            claim.with_user(self.wadmin_a).action_submit()
        self.assertEqual(claim.state, "submitted")

    def test_requirement_added_after_dispatch(self):
        self.op_pump.kia_required_certification_type_ids = False
        claim = self.claim_after_repair(ready="2026-01-04 10:00")
        self.op_pump.kia_required_certification_type_ids = self.type_hv_2
        self.certify(self.type_hv_1)
        with freeze_time("2026-01-05"):
            errors = claim._kia_precheck_errors()
        self.assertIn("[T-HV2] HV expert", errors[claim.id][0])

    def test_gate_and_precheck_agree_on_validity(self):
        """The dispatch gate on the repair date and the claim pre-check refuse the same
        certifications, on the same edges of validity."""
        self.op_pump.kia_required_certification_type_ids = False
        claim = self.claim_after_repair(ready="2026-01-06 09:00")
        self.op_pump.kia_required_certification_type_ids = self.type_hv_1
        repair_date = claim.repair_date
        job = claim.repair_id.kia_job_ids
        self.assertEqual(len(job), 1)
        for case, values, valid in validity_cases(repair_date):
            with self.subTest(case=case), self.holding(self.type_hv_1, values):
                with freeze_time(repair_date):
                    gate = job.with_user(self.foreman_a)
                    if valid:
                        gate._check_technician_qualified(self.technician_a)
                    else:
                        with self.assertRaises(UserError):
                            gate._check_technician_qualified(self.technician_a)
                errors = claim.with_user(self.wadmin_a)._kia_check_certification()
                self.assertEqual(claim.id not in errors, valid, errors)

    def test_precheck_query_count_flat(self):
        """Who did the labour, their certifications, the types' tracks and levels (and the
        user's time zone for today): the same queries for 1 and for 20 claims, each on its
        own repair date."""
        self.certify(self.type_hv_2)
        one = self.claim_after_repair(ready="2026-01-06 09:00")
        many = one
        for days in range(1, 20):
            action = one.repair_id.with_user(self.wadmin_a).action_kia_wty_create_claim()
            claim = self.env["kia.warranty.claim"].browse(action["res_id"])
            claim.repair_date = one.repair_date + timedelta(days=days)
            many |= claim
        for claims in (one, many):  # warm-up
            self.env.invalidate_all()
            self.assertEqual(claims._kia_check_certification(), {})
        for claims in (one, many):
            self.env.invalidate_all()
            with self.assertQueryCount(4):
                self.assertEqual(claims._kia_check_certification(), {})
        # Refused: the names for the messages cost the same for 1 and 20 claims.
        type_tec = self.env["kia.certification.type"].create(
            {"name": "Technician", "code": "T-TEC", "track": "technician", "exam_required": False}
        )
        self.op_pump.kia_required_certification_type_ids = self.type_hv_1 | type_tec
        for claims in (one, many):
            self.env.invalidate_all()
            with self.assertQueryCount(7):
                errors = claims._kia_check_certification()
            self.assertEqual(len(errors), len(claims))
