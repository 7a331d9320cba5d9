from datetime import datetime

from freezegun import freeze_time
from psycopg2 import errors

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.kia_base.tests.common import KiaRaceCase

from .service_common import KiaServiceProcessCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-01 00:00:00")
class TestAppointmentAuthority(KiaServiceProcessCase):
    """An appointment's state and stamps change only through its buttons and wizards; one in
    the past is refused."""

    def _book(self, start=datetime(2026, 3, 3, 2, 0), user=None, confirm=True):
        appointment_form = Form(self.env["kia.appointment"].with_user(user or self.advisor_a))
        appointment_form.vehicle_id = self.vehicle_a
        appointment_form.date_start = start
        appointment = appointment_form.save()
        if confirm:
            appointment.action_confirm()
        return appointment

    def test_protected_fields_refused_for_every_role(self):
        appointment = self._book()
        repair = self.create_repair()
        fnames = ["state", "arrival_date", "cancel_reason", "repair_id"]
        appointment.invalidate_recordset()
        before = appointment.read(fnames)
        cases = [
            ({"state": "done"}, "Confirm, Arrived"),
            ({"state": "cancel"}, "Confirm, Arrived"),
            ({"arrival_date": fields.Datetime.now()}, "Arrived button"),
            ({"cancel_reason": "Rain"}, "No-Show and Cancel wizards"),
            ({"repair_id": repair.id}, "Create Repair Order button"),
        ]
        for user in (self.advisor_a, self.cr_a, self.manager_a):
            for vals, words in cases:
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaises(AccessError) as err:
                        appointment.with_user(user).write(vals)
                    self.assertIn(words, str(err.exception))
                    appointment.invalidate_recordset()
                    self.assertEqual(appointment.read(fnames), before)

    def test_created_confirmed_refused(self):
        Appointment = self.env["kia.appointment"].with_user(self.advisor_a)
        base = {
            "partner_id": self.customer_a.id,
            "vehicle_id": self.vehicle_a.id,
            "date_start": datetime(2026, 3, 3, 2, 0),
        }
        for vals in ({"state": "confirmed"}, {"cancel_reason": "x"}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                Appointment.create(dict(base, **vals))
        self.assertFalse(Appointment.search([("vehicle_id", "=", self.vehicle_a.id)]))

    def test_technician_cannot_book(self):
        appointment = self._book(confirm=False)
        with self.assertRaises(AccessError):
            appointment.with_user(self.technician_a).action_confirm()
        self.assertEqual(appointment.state, "draft")

    def test_past_appointment_refused_at_create(self):
        Appointment = self.env["kia.appointment"].with_user(self.advisor_a)
        with self.assertRaisesRegex(ValidationError, "in the past"):
            Appointment.create(
                {
                    "partner_id": self.customer_a.id,
                    "vehicle_id": self.vehicle_a.id,
                    "date_start": datetime(2026, 2, 27, 2, 0),
                }
            )
        with self.assertRaisesRegex(ValidationError, "过去"):
            Appointment.with_context(lang="zh_CN").create(
                {"partner_id": self.customer_a.id, "date_start": datetime(2026, 2, 28, 22, 0)}
            )
        self.assertFalse(Appointment.search([("partner_id", "=", self.customer_a.id)]))

    def test_past_appointment_refused_at_confirm(self):
        appointment = self._book(confirm=False)
        with freeze_time("2026-03-05 00:00:00"):
            with self.assertRaisesRegex(ValidationError, "in the past"):
                appointment.action_confirm()
            appointment.invalidate_recordset()
            self.assertEqual(appointment.state, "draft")
            self.assertFalse(appointment.activity_ids)
            # Nor may a booking be moved into the past.
            with self.assertRaisesRegex(ValidationError, "in the past"):
                appointment.write({"date_start": datetime(2026, 3, 4, 2, 0)})
            appointment.invalidate_recordset()
            self.assertEqual(appointment.date_start, datetime(2026, 3, 3, 2, 0))

    def test_kanban_not_draggable(self):
        arch = self.env.ref("kia_service.kia_appointment_view_kanban").arch
        self.assertIn('records_draggable="0"', arch)

    def test_advisor_walk(self):
        appointment = self._book()
        self.assertEqual(appointment.state, "confirmed")
        self.assertIs(appointment.action_arrive(), True)
        self.assertTrue(appointment.arrival_date)
        action = appointment.action_create_repair()
        self.assertEqual(appointment.state, "done")
        self.assertEqual(appointment.repair_id.id, action["res_id"])

    def test_customer_relations_walk(self):
        appointment = self._book(user=self.cr_a)
        self.assertEqual(appointment.state, "confirmed")
        wizard = (
            self.env["kia.appointment.no.show"]
            .with_user(self.cr_a)
            .create({"appointment_ids": [(6, 0, appointment.ids)], "reason": "电话未接通"})
        )
        wizard.action_apply()
        self.assertEqual((appointment.state, appointment.cancel_reason), ("no_show", "电话未接通"))
        other = self._book(datetime(2026, 3, 4, 2, 0), user=self.cr_a)
        self.env["kia.appointment.cancel"].with_user(self.cr_a).create(
            {"appointment_ids": [(6, 0, other.ids)], "reason": "客户出差"}
        ).action_apply()
        self.assertEqual(other.state, "cancel")


@tagged("post_install", "-at_install")
class TestAppointmentLastSlot(KiaRaceCase):
    """Two advisors book the last place of a slot at the same time: one gets it; the other,
    retried as Odoo retries a serialization failure, is told the slot is full."""

    POLICY = (
        "kia_appointment_advisors",
        "kia_appointment_slot_minutes",
        "kia_workday_start",
        "kia_workday_end",
    )

    def setUp(self):
        super().setUp()
        with self.committed() as env:
            # Committed data of a company that is always there: its booking policy is set
            # for the test and restored after; one bay and a technician working round the
            # clock give one place per slot.
            company = env.ref("base.main_company")
            policy = company.read(list(self.POLICY))[0]
            self.addCleanup(self._restore, company.id, {f: policy[f] for f in self.POLICY})
            company.write(
                {
                    "kia_appointment_advisors": 0,
                    "kia_appointment_slot_minutes": 60,
                    "kia_workday_start": 0.0,
                    "kia_workday_end": 24.0,
                }
            )
            advisors = [
                new_test_user(
                    env,
                    login=f"t_race_advisor_{n}",
                    groups="kia_base.group_advisor",
                    company_id=company.id,
                    company_ids=[(6, 0, company.ids)],
                )
                for n in (1, 2)
            ]
            technician = new_test_user(
                env,
                login="t_race_technician",
                groups="kia_base.group_technician",
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
            )
            calendar = KiaServiceProcessCase.round_the_clock_calendar(env, "Race round the clock")
            resource = env["resource.resource"].create(
                {
                    "name": "Race technician",
                    "user_id": technician.id,
                    "calendar_id": calendar.id,
                    "company_id": company.id,
                }
            )
            bay = env["maintenance.equipment"].create(
                {"name": "Race bay", "company_id": company.id, "kia_is_bay": True}
            )
            self.created += [technician.partner_id, technician, calendar, resource, bay]
            customer = env["res.partner"].create(
                {"name": "Race customer", "company_id": company.id}
            )
            # A slot far ahead that nothing else books.
            start = fields.Datetime.now().replace(hour=2, minute=0, second=0, microsecond=0)
            start = fields.Datetime.add(start, days=997)
            appointments = env["kia.appointment"].create(
                [
                    {
                        "company_id": company.id,
                        "partner_id": customer.id,
                        "advisor_id": advisor.id,
                        "date_start": start,
                    }
                    for advisor in advisors
                ]
            )
            self.created += [advisor.partner_id for advisor in advisors]
            self.created += [customer, *advisors, appointments]
        self.advisors = advisors
        self.appointments = appointments

    def _restore(self, company_id, policy):
        with self.committed() as env:
            # Cancelled, so that the appointments may be deleted after the test.
            env["kia.appointment"].browse(self.appointments.ids).exists().write({"state": "cancel"})
            env["res.company"].browse(company_id).write(policy)

    def test_last_slot_goes_to_one_booking(self):
        first, second = self.appointments.ids
        with self.transaction(user=self.advisors[1]) as env2:
            # The second request has read the slot before the first one commits.
            env2["kia.appointment"].browse(second).read(["state"])
            with self.transaction(user=self.advisors[0]) as env1:
                env1["kia.appointment"].browse(first).action_confirm()
                env1.cr.commit()
            with self.assertRaises(errors.SerializationFailure):
                env2["kia.appointment"].browse(second).action_confirm()
        # Odoo retries the request: on fresh data the slot is full.
        with self.transaction(user=self.advisors[1]) as env2:
            with self.assertRaisesRegex(ValidationError, "is full"):
                env2["kia.appointment"].browse(second).action_confirm()
        with self.transaction() as env:
            states = env["kia.appointment"].browse(self.appointments.ids).mapped("state")
            self.assertEqual(states, ["confirmed", "draft"])

    def test_second_booking_waits_for_nothing(self):
        first, second = self.appointments.ids
        with (
            self.transaction(user=self.advisors[0]) as env1,
            self.transaction(user=self.advisors[1]) as env2,
        ):
            env1["kia.appointment"].browse(first).action_confirm()
            env2.cr.execute("SET LOCAL lock_timeout = '2s'")
            with self.assertRaises(errors.LockNotAvailable):
                env2["kia.appointment"].browse(second).action_confirm()
