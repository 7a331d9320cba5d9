from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import KiaTrainingCase


@tagged("post_install", "-at_install")
class TestTrainingPlan(KiaTrainingCase):
    """The dealer's yearly training plan: drafted and submitted by its training coordinator,
    approved or returned by head office's training manager, tracked against attendance."""

    def _plan(self, user=None, company=None, planned=2, year=2026):
        return (
            self.env["kia.training.plan"]
            .with_user(user or self.coordinator_a)
            .create(
                {
                    "company_id": (company or self.dealer_a).id,
                    "year": year,
                    "line_ids": [
                        Command.create(
                            {
                                "course_id": self.course.id,
                                "role": "technician",
                                "month": "3",
                                "planned_count": planned,
                            }
                        )
                    ],
                }
            )
        )

    def _attend(self, employee):
        with Form(self.env["kia.training.enrolment"].with_user(self.coordinator_a)) as form:
            form.session_id = self.training_session
            form.employee_id = employee
        enrolment = form.record
        enrolment.with_user(self.manager_a).action_approve()
        enrolment.with_user(self.hq_training).action_mark_attended()
        return enrolment

    def test_submit_return_approve(self):
        plan = self._plan()
        self.assertEqual(plan.state, "draft")
        # Nobody at the dealer approves its own plan, nor writes its state or stamps.
        for user in (self.coordinator_a, self.manager_a):
            with self.assertRaises(AccessError):
                plan.with_user(user).action_approve()
        self.assertRefusedWrites(plan)
        self.assertTrue(plan.with_user(self.coordinator_a).action_submit())
        self.assertEqual(plan.state, "submitted")
        self.assertTrue(plan.submitted_date)
        # Once with head office the courses are frozen for the dealer.
        with self.assertRaisesRegex(UserError, "with head office"):
            plan.line_ids.with_user(self.coordinator_a).write({"planned_count": 9})
        with self.assertRaisesRegex(UserError, "with head office"):
            plan.with_user(self.coordinator_a).write(
                {"line_ids": [Command.create({"course_id": self.course.id, "planned_count": 1})]}
            )
        self.assertEqual(plan.line_ids.planned_count, 2)
        with self.assertRaisesRegex(UserError, "reason"):
            plan.with_user(self.hq_training).action_return(reason=" ")
        self.assertTrue(plan.with_user(self.hq_training).action_return(reason="Plan the HV course"))
        self.assertEqual((plan.state, plan.return_reason), ("returned", "Plan the HV course"))
        plan.with_user(self.coordinator_a).write(
            {"line_ids": [Command.create({"course_id": self.course.id, "planned_count": 1})]}
        )
        plan.with_user(self.coordinator_a).action_submit()
        self.assertTrue(plan.with_user(self.hq_training).action_approve())
        self.assertEqual((plan.state, plan.approved_by_id), ("approved", self.hq_training))
        self.assertRefusedWrites(plan)

    def assertRefusedWrites(self, plan):  # noqa: N802
        before = (plan.state, plan.approved_by_id, plan.submitted_date, plan.return_reason)
        for user in (self.coordinator_a, self.manager_a):
            for vals in (
                {"state": "returned"},
                {"approved_by_id": user.id},
                {"submitted_date": "2026-01-01"},
                {"return_reason": "x"},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    plan.with_user(user).write(vals)
        plan.invalidate_recordset()
        self.assertEqual(
            (plan.state, plan.approved_by_id, plan.submitted_date, plan.return_reason), before
        )

    def test_submit_needs_courses_and_role(self):
        plan = self._plan()
        plan.line_ids.unlink()
        with self.assertRaisesRegex(UserError, "at least one course"):
            plan.with_user(self.coordinator_a).action_submit()
        with self.assertRaises(AccessError):
            self._plan(user=self.manager_a)

    def test_other_dealer_and_head_office_see(self):
        plan = self._plan()
        self.assertFalse(
            self.env["kia.training.plan"]
            .with_user(self.coordinator_b)
            .search([("id", "=", plan.id)])
        )
        self.assertEqual(
            self.env["kia.training.plan"]
            .with_user(self.hq_training)
            .search([("id", "=", plan.id)]),
            plan,
        )

    def test_tracked_against_attendance(self):
        """Done counts the dealer's attended enrolments of the course in the plan's year: not
        the absent, not another dealer's."""
        plan = self._plan(planned=3)
        self._attend(self.emp_a)
        self._attend(self.emp_a2)
        absent = self._enrol_absent(self.emp_a3)
        self.assertEqual(absent.state, "absent")
        plan.invalidate_recordset()
        plan.line_ids.invalidate_recordset()
        self.assertEqual(plan.line_ids.done_count, 2)
        self.assertEqual((plan.planned_count, plan.done_count), (3, 2))
        self.assertAlmostEqual(plan.progress, 200.0 / 3)
        other_year = self._plan(planned=1, year=2027)
        self.assertEqual(other_year.line_ids.done_count, 0)

    def _enrol_absent(self, employee):
        session = self._create_session(self.course, seats=5)
        with Form(self.env["kia.training.enrolment"].with_user(self.coordinator_a)) as form:
            form.session_id = session
            form.employee_id = employee
        enrolment = form.record
        enrolment.with_user(self.manager_a).action_approve()
        enrolment.with_user(self.hq_training).action_mark_absent()
        return enrolment
