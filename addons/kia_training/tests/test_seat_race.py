from psycopg2 import errors

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.kia_base.tests.common import KiaRaceCase


@tagged("post_install", "-at_install")
class TestLastTrainingSeat(KiaRaceCase):
    """Two coordinators enrol an employee each in the last seat of head office's session at the
    same time: one gets it; the other, retried as Odoo retries a serialization failure, is
    told the session is full."""

    def setUp(self):
        super().setUp()
        with self.committed() as env:
            company = env.ref("base.main_company")
            coordinators = [
                new_test_user(
                    env,
                    login=f"t_race_coordinator_{n}",
                    groups="kia_training.group_training_coordinator",
                    company_id=company.id,
                    company_ids=[(6, 0, company.ids)],
                )
                for n in (1, 2)
            ]
            employees = env["hr.employee"].create(
                [{"name": f"Race trainee {n}", "company_id": company.id} for n in (1, 2)]
            )
            course = env["kia.course"].create(
                {"name": "Race course", "code": "T-RACE-SEAT", "duration_hours": 8}
            )
            session = env["kia.training.session"].create(
                {
                    "course_id": course.id,
                    "company_id": False,
                    "date_start": "2030-03-02 01:00:00",
                    "date_end": "2030-03-02 09:00:00",
                    "seats": 1,
                    "state": "open",
                }
            )
            self.created += [user.partner_id for user in coordinators]
            self.created += [*coordinators, employees, course, session]
        self.coordinators = coordinators
        self.employees = employees
        self.session = session
        self.addCleanup(self._delete_enrolments)

    def _delete_enrolments(self):
        with self.transaction() as env:
            env["kia.training.enrolment"].search([("session_id", "=", self.session.id)]).unlink()
            env.cr.commit()

    def _enrol(self, env, employee):
        return env["kia.training.enrolment"].create(
            {"session_id": self.session.id, "employee_id": employee.id}
        )

    def test_last_seat_goes_to_one_enrolment(self):
        first, second = self.employees
        with self.transaction(user=self.coordinators[1]) as env2:
            # The second coordinator's request counted the free seat before the first commits.
            self.assertEqual(
                env2["kia.training.session"].browse(self.session.id).seats_available, 1
            )
            with self.transaction(user=self.coordinators[0]) as env1:
                self._enrol(env1, first)
                env1.cr.commit()
            with self.assertRaises(errors.SerializationFailure):
                self._enrol(env2, second)
        # Odoo retries the request: on fresh data the session is full.
        with self.transaction(user=self.coordinators[1]) as env2:
            with self.assertRaisesRegex(UserError, "is full"):
                self._enrol(env2, second)
        with self.transaction() as env:
            enrolments = env["kia.training.enrolment"].search(
                [("session_id", "=", self.session.id)]
            )
            self.assertEqual(enrolments.employee_id.ids, first.ids)

    def test_second_enrolment_waits_for_nothing(self):
        first, second = self.employees
        with (
            self.transaction(user=self.coordinators[0]) as env1,
            self.transaction(user=self.coordinators[1]) as env2,
        ):
            self._enrol(env1, first)
            env2.cr.execute("SET LOCAL lock_timeout = '2s'")
            with self.assertRaises(errors.LockNotAvailable):
                self._enrol(env2, second)
