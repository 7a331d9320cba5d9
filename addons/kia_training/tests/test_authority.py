from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KiaTrainingCase


@tagged("post_install", "-at_install")
class TestTrainingAuthority(KiaTrainingCase):
    """Certifications, sessions and enrolments change only through their actions, by the role
    that owns each; head office's catalogue and sessions are head office's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer_roles = (cls.coordinator_a, cls.manager_a, cls.technician_a, cls.advisor_a)

    def _enrol(self, employee, session=None, user=None):
        return (
            self.env["kia.training.enrolment"]
            .with_user(user or self.coordinator_a)
            .create(
                {"session_id": (session or self.training_session).id, "employee_id": employee.id}
            )
        )

    def _passed_exam(self, employee, survey=None):
        exam = self.env["survey.user_input"].create(
            {"survey_id": (survey or self.exam).id, "partner_id": employee.work_contact_id.id}
        )
        self._answer(exam)
        return exam

    def _snapshot(self, record, fnames):
        record.invalidate_recordset()
        return {fname: record[fname] for fname in fnames}

    def assertRefused(self, records, users, cases):  # noqa: N802
        """Each of ``users`` writing each ``(values, action)`` of ``cases`` to ``records`` is
        refused (the message names the action for a role whose access rights allow the
        write) and nothing changes."""
        fnames = {fname for vals, _action in cases for fname in vals}
        before = self._snapshot(records, fnames)
        for user in users:
            may_write = records.with_user(user).has_access("write")
            for vals, action in cases:
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaises(AccessError) as err:
                        records.with_user(user).write(vals)
                    if may_write:
                        self.assertIn(action, str(err.exception))
        self.assertEqual(self._snapshot(records, fnames), before)

    # Certifications

    def test_certification_fields_refused_for_dealer_roles(self):
        cert = self._certify(self.emp_a, self.type_tec_1)
        enrolment = self._enrol(self.emp_a2)
        grant, revoke = "Grant Certification", "Revoke"
        cases = [
            ({"date_expiry": False}, grant),
            ({"date_expiry": "2099-12-31"}, grant),
            ({"date_issued": "2026-06-01"}, grant),
            ({"type_id": self.type_tec_3.id}, grant),
            ({"employee_id": self.emp_a2.id}, grant),
            ({"user_input_id": self._passed_exam(self.emp_a).id}, grant),
            ({"enrolment_id": enrolment.id}, grant),
            ({"state": "expired"}, revoke),
            ({"revoke_reason": "x"}, revoke),
            ({"renewal_notified": True}, "renewal reminder"),
        ]
        self.assertRefused(cert, self.dealer_roles, cases)

    def test_coordinator_cannot_clear_expiry(self):
        """Issue: a coordinator clears date_expiry so that a certification never expires."""
        cert = self._certify(self.emp_a, self.type_tec_1, date_issued="2020-01-01")
        expiry = cert.date_expiry
        with self.assertRaisesRegex(AccessError, "Grant Certification"):
            cert.with_user(self.coordinator_a).write({"date_expiry": False})
        cert.invalidate_recordset()
        self.assertEqual(cert.date_expiry, expiry)
        self.assertFalse(cert.with_context(date="2026-06-01").is_valid)

    def test_only_head_office_revokes_and_restores(self):
        """Issue: a coordinator un-revokes a revoked certification."""
        cert = self._certify(self.emp_a, self.type_tec_1)
        with self.assertRaisesRegex(AccessError, "HQ Training Manager"):
            cert.with_user(self.coordinator_a).action_revoke(reason="Exam fraud")
        self.assertEqual(cert.state, "valid")
        self.assertTrue(cert.with_user(self.hq_training).action_revoke(reason="Exam fraud"))
        self.assertEqual((cert.state, cert.revoke_reason), ("revoked", "Exam fraud"))
        for vals in ({"state": "valid"}, {"revoke_reason": False}):
            with self.subTest(vals=vals), self.assertRaisesRegex(AccessError, "Revoke"):
                cert.with_user(self.coordinator_a).write(vals)
        with self.assertRaisesRegex(AccessError, "HQ Training Manager"):
            cert.with_user(self.coordinator_a).action_restore()
        cert.invalidate_recordset()
        self.assertEqual((cert.state, cert.revoke_reason), ("revoked", "Exam fraud"))
        self.assertTrue(cert.with_user(self.hq_training).action_restore())
        self.assertEqual(cert.state, "valid")
        self.assertFalse(cert.revoke_reason)
        with self.assertRaisesRegex(UserError, "not revoked"):
            cert.with_user(self.hq_training).action_restore()

    def test_no_level_from_another_exam(self):
        """Issue: a coordinator grants a level using another (unrelated) exam."""
        exam = self._passed_exam(self.emp_a)  # the level-1 course's exam, passed
        Certification = self.env["kia.certification"].with_user(self.coordinator_a)
        count = Certification.search_count([])
        with self.assertRaisesRegex(AccessError, "Grant Certification"):
            Certification.create(
                {
                    "employee_id": self.emp_a.id,
                    "type_id": self.type_tec_3.id,
                    "user_input_id": exam.id,
                }
            )
        self.assertEqual(Certification.search_count([]), count)
        # Nor by moving a level-1 certification up the ladder.
        cert = self._certify(self.emp_a, self.type_tec_1)
        with self.assertRaisesRegex(AccessError, "Grant Certification"):
            cert.with_user(self.coordinator_a).write({"type_id": self.type_tec_3.id})
        self.assertEqual(cert.type_id, self.type_tec_1)
        # Nor by handing the enrolment a passed answer of another survey.
        other_survey = self._create_survey("Another exam", certification=True)
        enrolment = self._enrol(self.emp_a2)
        enrolment.with_user(self.manager_a).action_approve()
        enrolment.with_user(self.hq_training).action_mark_attended()
        other = self._passed_exam(self.emp_a2, other_survey)
        with self.assertRaisesRegex(AccessError, "Start Exam"):
            enrolment.with_user(self.coordinator_a).write({"exam_input_id": other.id})
        self.assertFalse(enrolment.exam_input_id)
        # Even set up behind the coordinator's back, the grant wants the course's own exam.
        enrolment.sudo().exam_input_id = other
        with self.assertRaisesRegex(UserError, "not passed the exam"):
            enrolment.with_user(self.coordinator_a).action_grant_certification()
        self.assertFalse(enrolment.certification_id)

    def test_licence_recorded_by_coordinator_without_exam(self):
        """A certification that needs no exam (a state licence) is recorded by the dealer's
        coordinator; its expiry follows from its type, its state is the actions'."""
        Certification = self.env["kia.certification"].with_user(self.coordinator_a)
        licence = Certification.create(
            {
                "employee_id": self.emp_a.id,
                "type_id": self.type_licence.id,
                "date_issued": "2026-01-05",
            }
        )
        self.assertEqual(str(licence.date_expiry), "2032-01-05")
        for vals in ({"date_expiry": False}, {"state": "revoked"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                Certification.create(
                    {"employee_id": self.emp_a.id, "type_id": self.type_licence.id, **vals}
                )
        with self.assertRaises(AccessError):
            Certification.with_user(self.manager_a).create(
                {"employee_id": self.emp_a.id, "type_id": self.type_licence.id}
            )

    # Sessions

    def test_dealer_cannot_cancel_head_office_session(self):
        """Issue: a dealer's coordinator cancels head office's session and with it every
        dealer's enrolments (under sudo)."""
        enrolment_a = self._enrol(self.emp_a)
        enrolment_b = self._enrol(self.emp_b, user=self.coordinator_b)
        session = self.training_session
        with self.assertRaisesRegex(AccessError, "HQ Training Manager"):
            session.with_user(self.coordinator_a).action_cancel(reason="Not needed")
        with self.assertRaisesRegex(AccessError, "HQ Training Manager"):
            self.env["kia.training.session.cancel"].with_user(self.coordinator_a).create(
                {"session_ids": session.ids, "reason": "Not needed"}
            ).action_cancel()
        for user in self.dealer_roles:
            for vals in ({"state": "cancel"}, {"seats": 1}, {"cancel_reason": "x"}):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    session.with_user(user).write(vals)
        session.invalidate_recordset()
        self.assertEqual((session.state, session.seats), ("open", 2))
        self.assertEqual((enrolment_a.state, enrolment_b.state), ("to_approve", "to_approve"))
        with self.assertRaisesRegex(AccessError, "HQ Training Manager"):
            session.with_user(self.coordinator_a).action_done()
        with self.assertRaisesRegex(AccessError, "head office"):
            self.env["kia.training.session"].with_user(self.coordinator_a).create(
                {
                    "course_id": self.course.id,
                    "company_id": False,
                    "date_start": "2026-05-01 01:00:00",
                    "date_end": "2026-05-01 09:00:00",
                }
            )

    def test_session_state_through_actions(self):
        session = self._create_session(self.course, user=self.coordinator_a)
        with self.assertRaisesRegex(AccessError, "Mark Done"):
            session.with_user(self.coordinator_a).write({"state": "done"})
        with self.assertRaisesRegex(AccessError, "Open for Enrolment"):
            self.env["kia.training.session"].with_user(self.coordinator_a).create(
                {
                    "course_id": self.course.id,
                    "date_start": "2026-05-01 01:00:00",
                    "date_end": "2026-05-01 09:00:00",
                    "state": "open",
                }
            )
        # Dealer B does not run dealer A's session.
        with self.assertRaises(AccessError):
            session.with_user(self.coordinator_b).action_cancel(reason="x")
        self.assertEqual(session.state, "open")

    # Enrolments

    def test_enrolment_fields_refused_for_dealer_roles(self):
        enrolment = self._enrol(self.emp_a)
        other_session = self._create_session(self.course, seats=5)
        new = "a new enrolment"
        cases = [
            ({"state": "approved"}, "Approve"),
            ({"state": "attended"}, "Attended"),
            ({"approved_by_id": self.manager_a.id}, "Approve"),
            ({"refuse_reason": "x"}, "Refuse"),
            ({"cancel_reason": "x"}, "Cancel"),
            ({"session_id": other_session.id}, new),
            ({"employee_id": self.emp_a2.id}, new),
            ({"exam_input_id": self._passed_exam(self.emp_a).id}, "Start Exam"),
            ({"certification_id": self._certify(self.emp_a, self.type_tec_1).id}, "Grant"),
        ]
        self.assertRefused(enrolment, self.dealer_roles, cases)

    def test_enrolment_created_approved_refused(self):
        Enrolment = self.env["kia.training.enrolment"].with_user(self.coordinator_a)
        for vals in (
            {"state": "approved"},
            {"state": "attended"},
            {"approved_by_id": self.manager_a.id},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(AccessError, "Approve"):
                Enrolment.create(
                    {"session_id": self.training_session.id, "employee_id": self.emp_a.id, **vals}
                )
        self.assertFalse(self.training_session.enrolment_ids)

    def test_attendance_by_the_organiser(self):
        enrolment = self._enrol(self.emp_a)
        enrolment.with_user(self.manager_a).action_approve()
        for user in (self.coordinator_a, self.manager_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                enrolment.with_user(user).action_mark_attended()
        self.assertEqual(enrolment.state, "approved")
        # The dealer's own session: its coordinator is the organiser.
        own = self._create_session(self.course, user=self.coordinator_a)
        local = self._enrol(self.emp_a2, session=own)
        local.with_user(self.manager_a).action_approve()
        self.assertTrue(local.with_user(self.coordinator_a).action_mark_attended())
        self.assertEqual(local.state, "attended")

    def test_approval_roles(self):
        enrolment = self._enrol(self.emp_a)
        for user in (self.coordinator_a, self.technician_a):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(AccessError, "Service Manager"):
                    enrolment.with_user(user).action_approve()
                with self.assertRaisesRegex(AccessError, "Service Manager"):
                    enrolment.with_user(user).action_refuse(reason="x")
        self.assertEqual(enrolment.state, "to_approve")
        self.assertFalse(enrolment.approved_by_id)

    # Catalogue and roles

    def test_catalogue_is_head_office_s(self):
        records = [
            self.course,
            self.type_tec_1,
            self.env["kia.role.requirement"].search([], limit=1),
            self.env["kia.staffing.requirement"].search([], limit=1),
        ]
        for record in records:
            for user in (self.coordinator_a, self.manager_a):
                with self.subTest(record=record._name, user=user.login):
                    with self.assertRaises(AccessError):
                        record.with_user(user).write({"active": False})
                    with self.assertRaises(AccessError):
                        record.with_user(user).unlink()
        self.assertTrue(all(record.active for record in records))
        # The mixin itself refuses, whatever the access rights say.
        with self.assertRaisesRegex(AccessError, "head office"):
            self.course.with_user(self.coordinator_a)._kia_check_hq_owned()
        self.course.with_user(self.hq_training).write({"duration_hours": 12})
        self.assertEqual(self.course.duration_hours, 12)

    def test_service_manager_not_coordinator_by_role(self):
        manager = self.env.ref("kia_base.group_service_manager")
        coordinator = self.env.ref("kia_training.group_training_coordinator")
        self.assertNotIn(coordinator, manager.implied_ids)
        self.assertNotIn(coordinator, manager.trans_implied_ids)
        self.assertFalse(self.manager_a.has_group("kia_training.group_training_coordinator"))
        with self.assertRaises(AccessError):
            self._enrol(self.emp_a, user=self.manager_a)

    # One walk per role

    def test_coordinator_walk(self):
        """The dealer's coordinator enrols and withdraws its staff, hands out the exam and the
        course evaluation, grants the certification of a passed exam, records a licence and
        runs the dealer's own sessions."""
        coordinator = self.coordinator_a
        enrolment = self._enrol(self.emp_a, user=coordinator)
        withdrawn = self._enrol(self.emp_a2, user=coordinator)
        self.assertTrue(withdrawn.with_user(coordinator).action_cancel(reason="On leave"))
        self.assertEqual(withdrawn.state, "cancel")
        enrolment.with_user(self.manager_a).action_approve()
        enrolment.with_user(self.hq_training).action_mark_attended()
        as_coord = enrolment.with_user(coordinator)
        as_coord.action_start_exam()
        exam = enrolment.exam_input_id.sudo()
        question = exam.survey_id.question_ids[:1]
        self.env["survey.user_input.line"].create(
            {
                "user_input_id": exam.id,
                "question_id": question.id,
                "answer_type": "suggestion",
                "suggested_answer_id": question.suggested_answer_ids.filtered(
                    lambda a: a.value == "Right"
                ).id,
            }
        )
        exam.write({"state": "done"})  # submitted; the grant is the coordinator's action here
        self.assertTrue(as_coord.action_grant_certification())
        self.assertEqual(enrolment.certification_id.type_id, self.type_tec_1)
        self.assertEqual(enrolment.certification_id.user_input_id, exam)
        as_coord.action_start_evaluation()
        self.assertTrue(enrolment.evaluation_input_id)
        licence = (
            self.env["kia.certification"]
            .with_user(coordinator)
            .create({"employee_id": self.emp_a3.id, "type_id": self.type_licence.id})
        )
        self.assertEqual(licence.state, "valid")
        own = self._create_session(self.course, user=coordinator)
        self.assertEqual(own.state, "open")
        self.assertTrue(own.with_user(coordinator).action_done())
        draft = own.with_user(coordinator).copy(
            {"date_start": "2026-06-01 01:00:00", "date_end": "2026-06-01 09:00:00"}
        )
        self.assertTrue(draft.with_user(coordinator).action_cancel(reason="No trainer"))
        self.assertEqual(draft.state, "cancel")

    def test_service_manager_walk(self):
        """The dealer's service manager approves or refuses sending its staff."""
        first = self._enrol(self.emp_a)
        second = self._enrol(self.emp_a2)
        self.assertTrue(first.with_user(self.manager_a).action_approve())
        self.assertEqual((first.state, first.approved_by_id), ("approved", self.manager_a))
        self.assertTrue(second.with_user(self.manager_a).action_refuse(reason="Short-staffed"))
        self.assertEqual((second.state, second.refuse_reason), ("refused", "Short-staffed"))

    def test_hq_training_manager_walk(self):
        """Head office's training manager runs its sessions (attendance included), keeps the
        catalogue and revokes or restores certifications."""
        hq = self.hq_training
        course = (
            self.env["kia.course"]
            .with_user(hq)
            .create({"name": "EV basics", "code": "T-EV-1", "duration_hours": 8})
        )
        session = self._create_session(course, seats=3)
        self.assertFalse(session.company_id)
        enrolment_a = self._enrol(self.emp_a, session=session)
        enrolment_b = self._enrol(self.emp_b, session=session, user=self.coordinator_b)
        enrolment_a.with_user(self.manager_a).action_approve()
        self.assertTrue(enrolment_a.with_user(hq).action_mark_absent())
        self.assertTrue(enrolment_a.with_user(hq).action_mark_attended())
        self.assertTrue(session.with_user(hq).write({"seats": 4}))
        self.assertTrue(session.with_user(hq).action_cancel(reason="Trainer ill"))
        self.assertEqual(session.state, "cancel")
        self.assertEqual(enrolment_a.state, "attended")
        self.assertEqual(enrolment_b.state, "cancel")
        cert = self._certify(self.emp_b, self.type_tec_1)
        self.assertTrue(cert.with_user(hq).action_revoke(reason="Exam fraud"))
        self.assertTrue(cert.with_user(hq).action_restore())
        self.assertEqual(cert.state, "valid")

    def test_hq_training_manager_queues_from_head_office(self):
        """With head office's company alone active, its training manager reads the enrolments
        and certifications of every dealer it holds (his home's queues) and decides a seat in
        his session; he changes a dealer's certification only with that dealer's company active,
        and a dealer still reads none of another dealer's."""
        enrolment_a = self._enrol(self.emp_a)
        enrolment_b = self._enrol(self.emp_b, user=self.coordinator_b)
        both = enrolment_a | enrolment_b
        hq = self.hq_training
        Enrolment = self.env["kia.training.enrolment"].with_user(hq).with_company(self.hq)
        self.assertEqual(Enrolment.search([("id", "in", both.ids)]), both)
        self.assertTrue(Enrolment.browse(enrolment_b.id).action_approve())
        self.assertEqual(enrolment_b.state, "approved")
        self.assertEqual(enrolment_b.approved_by_id, hq)

        cert = self._certify(self.emp_b, self.type_tec_1)
        Certification = self.env["kia.certification"].with_user(hq).with_company(self.hq)
        self.assertEqual(Certification.search([("id", "=", cert.id)]), cert)
        with self.assertRaises(AccessError):
            Certification.browse(cert.id).write({"note": "changed from head office"})
        self.assertFalse(cert.note)
        self.assertTrue(
            Certification.with_company(self.dealer_b).browse(cert.id).write({"note": "checked"})
        )

        # a dealer's coordinator: his own dealer's records only
        coordinator = self.coordinator_a
        self.assertEqual(
            self.env["kia.training.enrolment"]
            .with_user(coordinator)
            .search([("id", "in", both.ids)]),
            enrolment_a,
        )
        self.assertFalse(
            self.env["kia.certification"].with_user(coordinator).search([("id", "=", cert.id)])
        )
        with self.assertRaises(AccessError):
            enrolment_b.with_user(coordinator).write({"state": "cancel"})
        self.assertEqual(enrolment_b.state, "approved")

    def test_technician_walk(self):
        """A technician reads his certifications and sessions and changes nothing."""
        cert = self._certify(self.emp_a, self.type_tec_1)
        self.assertTrue(cert.with_user(self.technician_a).is_valid)
        self.assertIn(
            self.training_session,
            self.env["kia.training.session"].with_user(self.technician_a).search([]),
        )
        with self.assertRaises(AccessError):
            self._enrol(self.emp_a, user=self.technician_a)
        with self.assertRaises(AccessError):
            cert.with_user(self.technician_a).action_revoke(reason="x")
