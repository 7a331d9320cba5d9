from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KiaTrainingCase, validity_cases


@tagged("post_install", "-at_install")
class TestCertification(KiaTrainingCase):
    def test_gate_valid_and_higher_level(self):
        self._certify(self.emp_a, self.type_tec_2)
        employee = self.emp_a.with_user(self.technician_a)
        with freeze_time("2026-06-01"):
            self.assertTrue(employee._kia_check_certifications(self.type_tec_1))
            self.assertTrue(employee._kia_check_certifications(self.type_tec_2))

    def test_gate_wrong_level(self):
        self._certify(self.emp_a, self.type_tec_2)
        with freeze_time("2026-06-01"), self.assertRaisesRegex(UserError, "KIA-TEC-3"):
            self.emp_a.with_user(self.technician_a)._kia_check_certifications(self.type_tec_3)

    def test_gate_none(self):
        with self.assertRaises(UserError) as error:
            self.emp_a3._kia_check_certifications(self.type_hv | self.type_tec_1)
        message = str(error.exception)
        self.assertIn("技师丙", message)
        self.assertIn("KIA-EV-HV", message)
        self.assertIn("KIA-TEC-1", message)
        self.assertIn("missing", message)
        # No requirement: nothing to check.
        self.assertTrue(self.emp_a3._kia_check_certifications(self.env["kia.certification.type"]))

    def test_gate_expired_with_frozen_time(self):
        cert = self._certify(self.emp_a, self.type_tec_1, date_issued="2024-01-01")
        self.assertEqual(str(cert.date_expiry), "2027-01-01")  # 36 months
        Certification = self.env["kia.certification"].with_user(self.coordinator_a)
        with freeze_time("2027-01-01"):
            self.assertTrue(self.emp_a._kia_check_certifications(self.type_tec_1))
            self.assertIn(cert, Certification.search([("is_valid", "=", True)]))
        with freeze_time("2027-01-02"):
            with self.assertRaisesRegex(UserError, "expired"):
                self.emp_a._kia_check_certifications(self.type_tec_1)
            self.assertNotIn(cert, Certification.search([("is_valid", "=", True)]))
            self.assertIn(cert, Certification.search([("is_valid", "=", False)]))
            self.assertFalse(cert.with_context(date="2027-01-02").is_valid)
        # on_date: the gate can be asked about another day.
        self.assertTrue(
            self.emp_a._kia_check_certifications(self.type_tec_1, on_date=cert.date_issued)
        )

    def test_gate_revoked(self):
        cert = self._certify(self.emp_a, self.type_tec_1)
        cert.with_user(self.hq_training).action_revoke(reason="Exam fraud")
        with freeze_time("2026-06-01"), self.assertRaises(UserError):
            self.emp_a._kia_check_certifications(self.type_tec_1)

    def test_one_validity_everywhere(self):
        """is_valid (computed and searched), the dispatch gate and the staffing compliance
        report (SQL generated from the same domain, on the database's date) agree on each
        edge of validity."""
        self.env.cr.execute("SELECT CURRENT_DATE")
        [today] = self.env.cr.fetchone()
        requirement = self.env["kia.staffing.requirement"].create(
            {
                "dealer_type": self.dealer_a.kia_dealer_type,
                "role": "technician",
                "certification_type_id": self.type_licence.id,
            }
        )
        Certification = self.env["kia.certification"]
        Report = self.env["kia.staffing.compliance.report"]
        for case, values, valid in validity_cases(today):
            with (
                self.subTest(case=case),
                self._holding(self.emp_a, self.type_licence, values) as cert,
            ):
                with freeze_time(today):
                    self.assertEqual(cert.is_valid, valid)
                    self.assertEqual(cert in Certification.search([("is_valid", "=", True)]), valid)
                    self.assertEqual(
                        cert in Certification.search([("is_valid", "=", False)]), not valid
                    )
                    if valid:
                        self.assertTrue(self.emp_a._kia_check_certifications(self.type_licence))
                    else:
                        expected = "expired" if "expired the day before" in case else "missing"
                        with self.assertRaisesRegex(UserError, expected):
                            self.emp_a._kia_check_certifications(self.type_licence)
                Report.invalidate_model()  # a SQL view: its cached rows are a request old
                row = Report.search(
                    [("company_id", "=", self.dealer_a.id), ("requirement_id", "=", requirement.id)]
                )
                self.assertEqual(row.headcount, int(valid))

    def test_gate_for_users(self):
        self._certify(self.emp_a, self.type_tec_1)
        Users = self.env["res.users"].with_user(self.advisor_a).with_company(self.dealer_a)
        with freeze_time("2026-06-01"):
            self.assertTrue(
                Users.browse(self.technician_a.id)._kia_check_certifications(self.type_tec_1)
            )
            with self.assertRaisesRegex(UserError, "技师乙"):
                Users.browse(self.technician_a2.id)._kia_check_certifications(self.type_tec_1)
            with self.assertRaisesRegex(UserError, "no employee record"):
                Users.browse(self.advisor_a.id)._kia_check_certifications(self.type_tec_1)

    def test_gate_message_in_chinese(self):
        with self.assertRaises(UserError) as error:
            self.emp_a3.with_context(lang="zh_CN")._kia_check_certifications(self.type_tec_1)
        self.assertIn("缺少", str(error.exception))

    def test_gate_query_count_does_not_grow(self):
        types = self.env["kia.certification.type"].create(
            [
                {"name": f"Type {i}", "code": f"T-Q{i}", "track": "technician", "level": 1}
                for i in range(20)
            ]
        )
        self._certify(self.emp_a, self.type_tec_3)
        employee = self.emp_a.with_user(self.technician_a)
        employee._kia_check_certifications(types[:1])  # warm-up
        with freeze_time("2026-06-01"):
            with self.assertQueryCount(1):
                employee._kia_check_certifications(types[:1])
            with self.assertQueryCount(1):
                employee._kia_check_certifications(types)

    def test_gate_refusal_query_count_does_not_grow(self):
        """Telling expired from missing costs one query for all types, not one per type."""
        types = self.env["kia.certification.type"].create(
            [
                {
                    "name": f"Type {i}",
                    "code": f"T-X{i}",
                    "track": "parts",
                    "level": i + 1,
                    "exam_required": False,
                }
                for i in range(20)
            ]
        )
        self.env["kia.certification"].create(
            {
                "employee_id": self.emp_a.id,
                "company_id": self.dealer_a.id,
                "type_id": types[0].id,
                "date_issued": "2024-01-01",
                "date_expiry": "2025-01-01",
            }
        )
        employee = self.emp_a.with_user(self.technician_a)
        for required in (types[:2], types):  # warm-up
            with self.assertRaises(UserError):
                employee._kia_check_certifications(required)
        self.env.invalidate_all()
        with freeze_time("2026-06-01"):
            for required in (types[:2], types):
                with self.assertQueryCount(10), self.assertRaises(UserError) as error:
                    employee._kia_check_certifications(required)
                message = str(error.exception)
                self.assertIn("[T-X0] Type 0 expired", message)
                self.assertIn("[T-X1] Type 1 is missing", message)
                self.env.invalidate_all()

    def test_certificate_without_passed_exam_refused(self):
        Certification = self.env["kia.certification"].with_user(self.coordinator_a)
        count = Certification.search_count([])
        failed = self.env["survey.user_input"].create(
            {"survey_id": self.exam.id, "partner_id": self.emp_a.work_contact_id.id}
        )
        self._answer(failed, correct=False)
        # Someone else's passed exam does not certify this employee.
        passed_by_other = self.env["survey.user_input"].create(
            {"survey_id": self.exam.id, "partner_id": self.emp_a2.work_contact_id.id}
        )
        self._answer(passed_by_other)
        for exam in (False, failed.id, passed_by_other.id):
            vals = {"employee_id": self.emp_a.id, "type_id": self.type_tec_1.id}
            if exam:
                vals["user_input_id"] = exam
            # The coordinator gets it only through Grant Certification of an enrolment ...
            with self.assertRaisesRegex(AccessError, "Grant Certification"):
                Certification.create(vals)
            # ... and even set-up code needs the employee's own passed exam.
            with self.assertRaisesRegex(ValidationError, "passed exam"):
                self.env["kia.certification"].create(vals)
        self.assertEqual(Certification.search_count([]), count)
        # A type granted without exam (a state licence) can be recorded by the coordinator.
        licence = Certification.create(
            {"employee_id": self.emp_a.id, "type_id": self.type_licence.id}
        )
        self.assertEqual(licence.state, "valid")

    def test_bad_dates_refused(self):
        with self.assertRaises(ValidationError):
            self._certify(self.emp_a, self.type_tec_1, date_expiry="2025-01-01")
        self.assertFalse(
            self.env["kia.certification"].search([("employee_id", "=", self.emp_a.id)])
        )

    def test_cron_expires_and_reminds(self):
        cert = self._certify(self.emp_a, self.type_tec_1, date_issued="2024-01-01")
        manager_emp = self.env["hr.employee"].create(
            {"name": "经理", "user_id": self.manager_a.id, "company_id": self.dealer_a.id}
        )
        self.emp_a.parent_id = manager_emp
        self.dealer_a.kia_training_renewal_notice_days = 30
        Certification = self.env["kia.certification"]
        with freeze_time("2026-11-15"):  # 47 days before expiry: too early
            Certification._cron_update_states()
            self.assertFalse(cert.activity_ids)
        with freeze_time("2026-12-10"):  # 22 days before expiry
            Certification._cron_update_states()
            self.assertEqual(cert.activity_ids.user_id, self.manager_a)
            self.assertEqual(str(cert.activity_ids.date_deadline), "2027-01-01")
            self.assertTrue(cert.renewal_notified)
            self.assertIn(self.emp_a.work_contact_id, cert.message_ids.partner_ids)
            Certification._cron_update_states()
            self.assertEqual(len(cert.activity_ids), 1, "reminded once")
            self.assertEqual(cert.state, "valid")
            self.assertEqual(self.emp_a.kia_valid_certification_count, 1)
        with freeze_time("2027-01-05"):
            Certification._cron_update_states()
            self.assertEqual(cert.state, "expired")
            self.emp_a.invalidate_recordset()
            self.assertEqual(self.emp_a.kia_valid_certification_count, 0)

    def test_role_fit_gaps(self):
        requirement = self.env.ref("kia_training.kia_role_requirement_technician_2")
        employee = self.emp_a.with_user(self.coordinator_a).with_context(lang="en_US")
        employee.write(
            {
                "kia_role_requirement_id": requirement.id,
                "kia_experience_years": 1,
                "certificate": False,
            }
        )
        with freeze_time("2026-06-01"):
            self.assertFalse(employee.kia_fit_ok)
            self.assertIn("Education", employee.kia_fit_gaps)
            self.assertIn("Experience 1.0 of 3.0", employee.kia_fit_gaps)
            self.assertIn("KIA-TEC-2", employee.kia_fit_gaps)
            self._certify(self.emp_a, self.type_tec_3)
            employee.write({"kia_experience_years": 4, "certificate": "other"})
            employee.invalidate_recordset()
            self.assertTrue(employee.kia_fit_ok, employee.kia_fit_gaps)

    def test_isolation_and_access(self):
        cert_a = self._certify(self.emp_a, self.type_tec_1)
        cert_b = self._certify(self.emp_b, self.type_tec_1)
        Certification = self.env["kia.certification"]
        self.assertEqual(
            Certification.with_user(self.coordinator_b).search([]),
            cert_b.with_user(self.coordinator_b),
        )
        with self.assertRaises(AccessError):
            cert_a.with_user(self.coordinator_b).read(["name"])
        self.assertEqual(
            Certification.with_user(self.hq_training)
            .with_context(allowed_company_ids=(self.hq | self.dealer_a | self.dealer_b).ids)
            .search([("id", "in", (cert_a | cert_b).ids)]),
            cert_a | cert_b,
        )
        # A coordinator cannot certify another dealer's employee.
        with self.assertRaises(AccessError):
            self.env["kia.certification"].with_user(self.coordinator_a).create(
                {
                    "employee_id": self.emp_b.id,
                    "company_id": self.dealer_b.id,
                    "type_id": self.type_licence.id,
                }
            )
        self.assertFalse(Certification.search([("type_id", "=", self.type_licence.id)]))
        # Technicians read, do not write; only HQ edits the ladder.
        with self.assertRaises(AccessError):
            cert_a.with_user(self.technician_a).write({"note": "x"})
        with self.assertRaises(AccessError):
            self.env["kia.certification.type"].with_user(self.coordinator_a).create(
                {"name": "X", "code": "X", "track": "technician"}
            )
        self.assertFalse(self.env["kia.certification.type"].search([("code", "=", "X")]))

    def test_counters_query_count_does_not_grow(self):
        employees = self.env["hr.employee"].create(
            [{"name": f"员工{i}", "company_id": self.dealer_a.id} for i in range(20)]
        )
        self.env["kia.certification"].create(
            [
                {
                    "employee_id": e.id,
                    "company_id": self.dealer_a.id,
                    "type_id": self.type_licence.id,
                }
                for e in employees
            ]
        )
        Employee = self.env["hr.employee"].with_user(self.coordinator_a)
        counts = {}
        for size in (1, 20):
            batch = Employee.browse(employees[:size].ids)
            batch.mapped("kia_valid_certification_count")  # warm-up
            batch.invalidate_recordset()
            with self.assertQueryCount(1):
                values = batch.mapped("kia_valid_certification_count")
            counts[size] = values
        self.assertEqual(counts[20], [1] * 20)
