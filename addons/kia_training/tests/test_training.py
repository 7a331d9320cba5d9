import xmlrpc.client

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import KiaTrainingCase


@tagged("post_install", "-at_install")
class TestTraining(KiaTrainingCase):
    def _enrol(self, employee, session=None, user=None):
        with Form(self.env["kia.training.enrolment"].with_user(user or self.coordinator_a)) as form:
            form.session_id = session or self.training_session
            form.employee_id = employee
        return form.record

    def test_actions_answer_rpc_clients(self):
        """The workflow buttons answer something XML-RPC can send back (None cannot be sent)."""
        enrolment = self._enrol(self.emp_a)
        session = self.training_session.with_user(self.hq_training)
        draft = session.create(
            {
                "course_id": self.course.id,
                "date_start": "2026-04-01 01:00:00",
                "date_end": "2026-04-01 09:00:00",
            }
        )
        results = [
            enrolment.with_user(self.manager_a).action_approve(),
            enrolment.with_user(self.hq_training).action_mark_absent(),
            enrolment.with_user(self.hq_training).action_mark_attended(),
            draft.action_open(),
            session.action_done(),
        ]
        self.assertEqual(results, [True] * 5)
        xmlrpc.client.dumps((results,), methodresponse=True)
        self.assertEqual((enrolment.state, self.training_session.state), ("attended", "done"))

    def test_full_flow(self):
        enrolment = self._enrol(self.emp_a)
        self.assertEqual(enrolment.state, "to_approve")
        self.assertEqual(self.training_session.seats_available, 1)
        # The coordinator enrols; only the dealer's service manager approves.
        with self.assertRaisesRegex(AccessError, "Service Manager"):
            enrolment.with_user(self.coordinator_a).action_approve()
        self.assertEqual(enrolment.state, "to_approve")
        enrolment.with_user(self.manager_a).action_approve()
        self.assertEqual(enrolment.approved_by_id, self.manager_a)
        as_coord = enrolment.with_user(self.coordinator_a)
        with self.assertRaisesRegex(UserError, "current state"):
            as_coord.action_start_exam()
        # Head office organises the session: its training manager records the attendance.
        with self.assertRaisesRegex(AccessError, "HQ Training Manager"):
            as_coord.action_mark_attended()
        enrolment.with_user(self.hq_training).action_mark_attended()
        self.assertEqual(enrolment.hours, 16)
        action = as_coord.action_start_exam()
        self.assertIn(enrolment.exam_input_id.access_token, action["url"])
        self.assertEqual(enrolment.exam_input_id.partner_id, self.technician_a.partner_id)
        self._answer(enrolment.exam_input_id, correct=True)
        cert = enrolment.certification_id
        self.assertTrue(cert, "a passed exam grants the certification")
        self.assertEqual(cert.type_id, self.type_tec_1)
        self.assertEqual(cert.employee_id, self.emp_a)
        self.assertEqual(cert.company_id, self.dealer_a)
        self.assertTrue(cert.is_valid)
        self.assertTrue(self.emp_a._kia_check_certifications(self.type_tec_1))
        # Odoo's own resume line (hr_skills_survey) shows it on the employee too.
        self.assertIn(self.exam, self.emp_a.resume_line_ids.survey_id)
        # Certificate as PDF (QWeb).
        report_action = as_coord.action_print_certificate()
        self.assertEqual(
            report_action["report_name"], "kia_training.kia_certification_report_document"
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("kia_training.kia_certification_report", cert.ids)[0]
            .decode()
        )
        self.assertIn(cert.name, html)
        self.assertIn("技师甲", html)
        # Training hours per employee and year.
        self.assertEqual(self.emp_a.with_user(self.coordinator_a).kia_training_hours_year, 16)
        with freeze_time("2027-02-01"):
            self.emp_a.invalidate_recordset()
            self.assertEqual(self.emp_a.kia_training_hours_year, 0)
        # Course evaluation by the attendee.
        action = as_coord.action_start_evaluation()
        self.assertEqual(enrolment.evaluation_input_id.survey_id, self.evaluation)
        self._answer(enrolment.evaluation_input_id)
        self.assertTrue(enrolment.evaluation_done)

    def test_failed_exam_no_certificate(self):
        enrolment = self._enrol(self.emp_a)
        enrolment.with_user(self.manager_a).action_approve()
        as_coord = enrolment.with_user(self.coordinator_a)
        enrolment.with_user(self.hq_training).action_mark_attended()
        as_coord.action_start_exam()
        self._answer(enrolment.exam_input_id, correct=False)
        self.assertFalse(enrolment.exam_passed)
        count = self.env["kia.certification"].search_count([])
        with self.assertRaisesRegex(UserError, "not passed the exam"):
            as_coord.action_grant_certification()
        with self.assertRaisesRegex(UserError, "pass the exam first"):
            as_coord.action_print_certificate()
        self.assertFalse(enrolment.certification_id)
        self.assertEqual(self.env["kia.certification"].search_count([]), count)
        # A retake is allowed and a pass then certifies.
        as_coord.action_start_exam()
        self._answer(enrolment.exam_input_id, correct=True)
        self.assertTrue(enrolment.certification_id)

    def test_enrolling_beyond_seats_refused(self):
        self._enrol(self.emp_a)
        self._enrol(self.emp_a2)
        self.assertEqual(self.training_session.seats_available, 0)
        Enrolment = self.env["kia.training.enrolment"].with_user(self.coordinator_b)
        with self.assertRaisesRegex(UserError, "full"):
            Enrolment.create({"session_id": self.training_session.id, "employee_id": self.emp_b.id})
        self.assertEqual(self.training_session.seats_taken, 2)
        self.assertFalse(
            self.env["kia.training.enrolment"].search([("employee_id", "=", self.emp_b.id)])
        )
        # A refusal frees the seat.
        self.training_session.enrolment_ids[:1].with_user(self.manager_a).action_refuse(
            reason="Workshop short-staffed that week"
        )
        Enrolment.create({"session_id": self.training_session.id, "employee_id": self.emp_b.id})
        self.assertEqual(self.training_session.seats_available, 0)

    def test_batch_beyond_seats_writes_nothing(self):
        session = self._create_session(self.course, seats=1)
        with self.assertRaisesRegex(UserError, "full"):
            self.env["kia.training.enrolment"].with_user(self.coordinator_a).create(
                [
                    {"session_id": session.id, "employee_id": self.emp_a.id},
                    {"session_id": session.id, "employee_id": self.emp_a2.id},
                ]
            )
        self.assertFalse(session.enrolment_ids)

    def test_closed_session_and_prerequisite_refused(self):
        draft = (
            self.env["kia.training.session"]
            .with_user(self.hq_training)
            .create(
                {
                    "course_id": self.course.id,
                    "date_start": "2026-04-01 01:00:00",
                    "date_end": "2026-04-01 09:00:00",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "not open"):
            self._enrol(self.emp_a, session=draft)
        hv_course = (
            self.env["kia.course"]
            .with_user(self.hq_training)
            .create(
                {
                    "name": "HV",
                    "code": "T-HV",
                    "certification_type_id": self.type_hv.id,
                    "prerequisite_type_ids": [(6, 0, self.type_tec_1.ids)],
                }
            )
        )
        hv_session = self._create_session(hv_course)
        with self.assertRaisesRegex(UserError, "prerequisite"):
            self._enrol(self.emp_a, session=hv_session)
        self.assertFalse(hv_session.enrolment_ids)
        self._certify(self.emp_a, self.type_tec_1)
        self._enrol(self.emp_a, session=hv_session)
        self.assertEqual(len(hv_session.enrolment_ids), 1)

    def test_isolation(self):
        enrolment_a = self._enrol(self.emp_a)
        enrolment_b = self._enrol(self.emp_b, user=self.coordinator_b)
        dealer_session = self._create_session(self.course, user=self.coordinator_a)
        self.assertEqual(dealer_session.company_id, self.dealer_a)
        self.assertFalse(self.training_session.company_id, "head office's session is network-wide")
        Enrolment = self.env["kia.training.enrolment"]
        self.assertEqual(Enrolment.with_user(self.coordinator_b).search([]).ids, enrolment_b.ids)
        with self.assertRaises(AccessError):
            enrolment_a.with_user(self.coordinator_b).read(["state"])
        sessions_b = self.env["kia.training.session"].with_user(self.coordinator_b).search([])
        self.assertIn(self.training_session, sessions_b)
        self.assertNotIn(dealer_session, sessions_b)
        # Dealer B's manager cannot approve dealer A's enrolment.
        with self.assertRaises(AccessError):
            enrolment_a.with_user(self.manager_b).action_approve()
        self.assertEqual(enrolment_a.state, "to_approve")
        # A coordinator cannot enrol another dealer's employee.
        with self.assertRaises(UserError):  # AccessError or a company mismatch
            self._enrol(self.emp_b, session=dealer_session)
        # Technicians do not enrol; only HQ edits the catalog.
        with self.assertRaises(AccessError):
            Enrolment.with_user(self.technician_a).create(
                {"session_id": self.training_session.id, "employee_id": self.emp_a2.id}
            )
        with self.assertRaises(AccessError):
            self.course.with_user(self.coordinator_a).write({"duration_hours": 1})
        self.assertEqual(self.course.duration_hours, 16)

    def test_staffing_compliance(self):
        Report = self.env["kia.staffing.compliance.report"]
        domain = [
            ("company_id", "=", self.dealer_a.id),
            ("certification_type_id", "=", self.type_tec_1.id),
        ]
        hq_report = Report.with_user(self.hq_training).with_context(
            allowed_company_ids=(self.hq | self.dealer_a | self.dealer_b).ids
        )
        row = hq_report.search(domain)
        self.assertEqual((row.min_headcount, row.headcount, row.shortfall), (4, 0, 4))
        self.assertFalse(row.compliant)
        # A higher level counts; an expired one does not.
        self._certify(self.emp_a, self.type_tec_3, date_issued="2026-01-01")
        self._certify(self.emp_a2, self.type_tec_1, date_issued="2020-01-01")
        Report.invalidate_model()  # a SQL view: its cached rows are a request old
        row = hq_report.search(domain)
        self.assertEqual((row.headcount, row.shortfall), (1, 3))
        self.assertEqual(
            set(hq_report.search([]).company_id.ids), {self.dealer_a.id, self.dealer_b.id}
        )
        # Each dealer sees only its own lines.
        self.assertEqual(Report.with_user(self.coordinator_b).search([]).company_id, self.dealer_b)

    def test_cancel_session_and_deletion_guards(self):
        enrolment = self._enrol(self.emp_a)
        enrolment.with_user(self.manager_a).action_approve()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            enrolment.with_user(self.coordinator_a).unlink()
        with self.assertRaisesRegex(UserError, "cannot be deleted"):
            self.training_session.with_user(self.hq_training).unlink()
        self.assertTrue(enrolment.exists() and self.training_session.exists())
        self.training_session.with_user(self.hq_training).action_cancel(reason="Trainer ill")
        self.assertEqual(enrolment.state, "cancel")
        self.assertEqual(self.training_session.seats_available, 2)
