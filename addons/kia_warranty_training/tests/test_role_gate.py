from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.kia_warranty.tests.common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestRoleCertificationGate(KiaWarrantyCase):
    """Where head office enforces it, only a certified QC inspector passes the final
    inspection and only a certified warranty administrator submits claims."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_workshop()
        cls.admin_a = cls.make_user("t_admin_a", "base.group_system", cls.dealer_a)
        # Head office's role requirements name certifications granted without an exam here.
        CertType = cls.env["kia.certification.type"]
        cls.type_qc = CertType.create(
            {"name": "QC", "code": "T-QC", "track": "qc", "level": 1, "exam_required": False}
        )
        cls.type_wty = CertType.create(
            {
                "name": "WTY",
                "code": "T-WTY",
                "track": "warranty",
                "level": 1,
                "exam_required": False,
            }
        )
        Requirement = cls.env["kia.role.requirement"]
        Requirement.search([("role", "=", "qc_inspector")]).certification_type_ids = cls.type_qc
        Requirement.search([("role", "=", "warranty_admin")]).certification_type_ids = cls.type_wty
        Employee = cls.env["hr.employee"]
        cls.qc_employee = Employee.create(
            {"name": "质检员", "user_id": cls.qc_a.id, "company_id": cls.dealer_a.id}
        )
        cls.wadmin_employee = Employee.create(
            {"name": "索赔员", "user_id": cls.wadmin_a.id, "company_id": cls.dealer_a.id}
        )

    def certify(self, employee, cert_type):
        self.env["kia.certification"].create(
            {
                "employee_id": employee.id,
                "company_id": self.dealer_a.id,
                "type_id": cert_type.id,
                "date_issued": "2025-01-01",
            }
        )

    def repair_in_qc(self):
        repair = self.make_repair()
        self.run_repair(repair, "2026-01-04 08:00", "2026-01-04 09:30", ready=False)
        return repair

    def enforce(self):
        self.dealer_a.with_user(self.hq_manager).write({"kia_enforce_role_certification": True})

    def test_not_enforced_by_default(self):
        self.assertFalse(self.dealer_a.kia_enforce_role_certification)
        repair = self.make_repair()
        self.run_repair(repair, "2026-01-04 08:00", "2026-01-04 09:30")
        self.assertEqual(repair.kia_qc_state, "passed")
        with freeze_time("2026-01-12 02:00:00"):
            claim = self.make_claim()
            claim.with_user(self.wadmin_a).action_submit()
        self.assertEqual(claim.state, "submitted")

    def test_qc_inspector_gate(self):
        self.enforce()
        repair = self.make_repair()
        with self.assertRaisesRegex(UserError, "T-QC"):
            self.run_repair(repair, "2026-01-04 08:00", "2026-01-04 09:30")
        repair.invalidate_recordset()
        self.assertNotEqual(repair.kia_qc_state, "passed")
        self.assertFalse(repair.kia_qc_user_id)
        # Certified as the QC Inspector role requires, the inspector passes it.
        self.certify(self.qc_employee, self.type_qc)
        repair.with_user(self.qc_a).action_kia_qc_pass()
        self.assertEqual(repair.kia_qc_state, "passed")

    @freeze_time("2026-01-12 02:00:00")
    def test_warranty_admin_gate(self):
        self.enforce()
        claim = self.make_claim()
        with self.assertRaisesRegex(UserError, "T-WTY"):
            claim.with_user(self.wadmin_a).action_submit()
        self.assertEqual(claim.state, "draft")
        self.certify(self.wadmin_employee, self.type_wty)
        claim.with_user(self.wadmin_a).action_submit()
        self.assertEqual(claim.state, "submitted")

    def test_enforcement_is_head_office_s(self):
        with self.assertRaisesRegex(UserError, "HQ Manager"):
            self.dealer_a.with_user(self.admin_a).write({"kia_enforce_role_certification": True})
        with self.assertRaises(AccessError):
            self.dealer_a.with_user(self.manager_a).write({"kia_enforce_role_certification": True})
        self.assertFalse(self.dealer_a.kia_enforce_role_certification)
        self.enforce()
        with self.assertRaisesRegex(UserError, "HQ Manager"):
            self.dealer_a.with_user(self.admin_a).write({"kia_enforce_role_certification": False})
        self.assertTrue(self.dealer_a.kia_enforce_role_certification)
