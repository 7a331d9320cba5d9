from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .service_common import KiaServiceProcessCase

# 2026-03-03 is a Tuesday; the bookings are made two days before.
SLOT = datetime(2026, 3, 3, 2, 0)


@tagged("post_install", "-at_install")
@freeze_time("2026-03-01 00:00:00")
class TestAppointmentCapacity(KiaServiceProcessCase):
    """A slot takes what the workshop has: its bays and its technicians' working hours less
    their leave, not fixed numbers."""

    def _book(self, start=SLOT, operation=None, confirm=True, user=None):
        appointment = (
            self.env["kia.appointment"]
            .with_user(user or self.advisor_a)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "vehicle_id": self.vehicle_a.id,
                    "date_start": start,
                    "labor_operation_ids": [(6, 0, (operation or self.op_oil).ids)],
                }
            )
        )
        if confirm:
            appointment.action_confirm()
        return appointment

    def _give_resource(self, user, calendar=None):
        return self.env["resource.resource"].create(
            {
                "name": user.name,
                "user_id": user.id,
                "company_id": self.dealer_a.id,
                "calendar_id": (calendar or self.dealer_a.resource_calendar_id).id,
            }
        )

    def test_bays_limit_the_slot(self):
        # Two bays: a third half-hour job is refused although the technicians have time left.
        self._book()
        self._book()
        third = self._book(confirm=False)
        self.assertEqual(third.slot_places_left, 0)
        with self.assertRaisesRegex(ValidationError, "is full: .* 0 free bays"):
            third.action_confirm()
        self.assertEqual(third.state, "draft")
        # A third bay takes it: 1.5 technician hours of the 2 the slot has.
        self.env["maintenance.equipment"].create(
            {"name": "Lift 3", "company_id": self.dealer_a.id, "kia_is_bay": True}
        )
        third.invalidate_recordset(["slot_places_left", "slot_hours_left"])
        self.assertEqual(third.slot_places_left, 1)
        self.assertAlmostEqual(third.slot_hours_left, 1.0)
        third.action_confirm()
        self.assertEqual(third.state, "confirmed")
        # Equipment that is not a bay (a tool) adds no place.
        self.env["maintenance.equipment"].create(
            {"name": "Diagnostic tester", "company_id": self.dealer_a.id}
        )
        with self.assertRaisesRegex(ValidationError, "is full"):
            self._book()

    def test_technician_hours_limit_the_slot(self):
        self.env["maintenance.equipment"].create(
            {"name": "Lift 3", "company_id": self.dealer_a.id, "kia_is_bay": True}
        )
        # Two technicians, one hour each in the slot: two one-hour jobs fill it, bays are left.
        first = self._book(operation=self.op_brake)
        self.assertEqual((first.slot_places_left, first.slot_hours_left), (2, 1.0))
        self._book(operation=self.op_brake)
        third = self._book(operation=self.op_oil, confirm=False)
        self.assertEqual(third.slot_hours_left, 0.0)
        with self.assertRaisesRegex(ValidationError, "0.0 technician hours left"):
            third.action_confirm()
        self.assertEqual(third.state, "draft")

    def test_leave_removes_the_technician(self):
        resource = self._give_resource(self.technician2_a)
        one_job = self._book(operation=self.op_brake)
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Annual leave",
                "resource_id": resource.id,
                "calendar_id": resource.calendar_id.id,
                "date_from": datetime(2026, 3, 3, 0, 0),
                "date_to": datetime(2026, 3, 3, 12, 0),
            }
        )
        # On leave: one technician hour in the slot, and the first job takes it.
        with self.assertRaisesRegex(ValidationError, "is full"):
            self._book(operation=self.op_brake)
        # The next day the technician is back.
        self._book(start=datetime(2026, 3, 4, 2, 0), operation=self.op_brake)
        self._book(start=datetime(2026, 3, 4, 2, 0), operation=self.op_brake)
        self.assertEqual(one_job.state, "confirmed")

    def test_working_schedule_decides(self):
        # The technicians work 08:00-17:00 UTC on weekdays only.
        calendar = self.env["resource.calendar"].create(
            {"name": "Weekdays", "tz": "UTC", "company_id": self.dealer_a.id}
        )
        self.dealer_a.resource_calendar_id = calendar
        with self.assertRaisesRegex(ValidationError, "is full"):
            self._book(start=datetime(2026, 3, 3, 2, 0))
        with self.assertRaisesRegex(ValidationError, "is full"):
            self._book(start=datetime(2026, 3, 7, 9, 0))  # Saturday
        self._book(start=datetime(2026, 3, 3, 9, 0))
        # A technician with their own schedule (a weekend shift) works on Saturday.
        self._give_resource(self.technician2_a, self.round_the_clock_calendar(self.env))
        self._book(start=datetime(2026, 3, 7, 9, 0))

    def test_no_workshop_no_booking(self):
        """A dealer without bays takes no appointment."""
        (self.bay_a | self.bay2_a).kia_is_bay = False
        with self.assertRaisesRegex(ValidationError, "is full"):
            self._book()

    def test_optional_cap_of_advisors(self):
        self.dealer_a.kia_appointment_advisors = 1
        self._book()
        with self.assertRaisesRegex(ValidationError, "is full"):
            self._book()

    def test_capacity_checked_as_portal_booking_too(self):
        self._book()
        self._book()
        with self.assertRaisesRegex(ValidationError, "is full"):
            self.env["kia.appointment"].sudo()._kia_portal_book(
                self.vehicle_a, SLOT, "periodic", "保养"
            )


@tagged("post_install", "-at_install")
class TestAppointmentReminderNoShow(KiaServiceProcessCase):
    """Reminders at the dealer's offsets, each sent once; no-shows recorded by the cron."""

    def _book(self, start):
        appointment = (
            self.env["kia.appointment"]
            .with_user(self.advisor_a)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "vehicle_id": self.vehicle_a.id,
                    "date_start": start,
                }
            )
        )
        appointment.action_confirm()
        return appointment

    def _reminders(self, appointment):
        return appointment.message_ids.filtered(lambda m: appointment.name in (m.subject or ""))

    def _cron(self):
        self.env["kia.appointment"]._cron_send_reminders()

    def test_reminders_at_offsets_once_each(self):
        with freeze_time("2026-03-01 00:00:00"):
            appointment = self._book(SLOT)
        with freeze_time("2026-03-01 20:00:00"):  # 30 hours before
            self._cron()
            self.assertFalse(self._reminders(appointment))
        with freeze_time("2026-03-02 02:30:00"):  # 23.5 hours before
            self._cron()
            self._cron()
            self.assertEqual(len(self._reminders(appointment)), 1)
            self.assertEqual(appointment.reminder_offset_sent, 24.0)
        with freeze_time("2026-03-02 12:00:00"):
            self._cron()
            self.assertEqual(len(self._reminders(appointment)), 1)
        with freeze_time("2026-03-03 00:15:00"):  # 1.75 hours before
            self._cron()
            self._cron()
            self.assertEqual(len(self._reminders(appointment)), 2)
            self.assertEqual(appointment.reminder_offset_sent, 2.0)

    def test_late_booking_gets_the_nearest_reminder_only(self):
        with freeze_time("2026-03-03 00:30:00"):
            appointment = self._book(SLOT)
            self._cron()
            self._cron()
            self.assertEqual(len(self._reminders(appointment)), 1)
            self.assertEqual(appointment.reminder_offset_sent, 2.0)

    def test_offsets_from_settings(self):
        self.dealer_a.kia_appointment_reminder_hours = "48"
        with freeze_time("2026-03-01 00:00:00"):
            appointment = self._book(SLOT)
            self._cron()  # 50 hours before
            self.assertFalse(self._reminders(appointment))
        with freeze_time("2026-03-01 03:00:00"):
            self._cron()
            self.assertEqual(len(self._reminders(appointment)), 1)
        with freeze_time("2026-03-03 01:00:00"):
            self._cron()
            self.assertEqual(len(self._reminders(appointment)), 1, "no 2-hour reminder")
        with self.assertRaisesRegex(ValidationError, "positive numbers"):
            self.dealer_a.kia_appointment_reminder_hours = "24,abc"

    def test_reminder_stamp_is_protected(self):
        with freeze_time("2026-03-01 00:00:00"):
            appointment = self._book(SLOT)
        for user in (self.advisor_a, self.cr_a, self.manager_a):
            with self.assertRaises(UserError):
                appointment.with_user(user).write({"reminder_offset_sent": 2.0})
        self.assertEqual(appointment.reminder_offset_sent, 0.0)

    def test_no_show_cron(self):
        # The activities are written in the dealer's language, whoever runs the cron.
        self.dealer_a.partner_id.lang = "en_US"
        with freeze_time("2026-03-01 00:00:00"):
            missed = self._book(SLOT)
            kept = self._book(SLOT)
            later = self._book(datetime(2026, 3, 3, 5, 0))
        kept.with_user(self.advisor_a).action_arrive()
        with freeze_time("2026-03-03 02:30:00"):  # within the hour of grace
            self.env["kia.appointment"]._cron_no_show()
            self.assertEqual(missed.state, "confirmed")
        with freeze_time("2026-03-03 03:01:00"):
            self.env["kia.appointment"]._cron_no_show()
            self.env["kia.appointment"]._cron_no_show()
        self.assertEqual(missed.state, "no_show")
        self.assertTrue(missed.cancel_reason)
        self.assertEqual(kept.state, "arrived")
        self.assertEqual(later.state, "confirmed")
        activity = missed.activity_ids
        self.assertEqual(len(activity), 1, "only the call to book again, once")
        self.assertEqual(activity.user_id, self.advisor_a)
        self.assertIn("book again", activity.summary)
        self.assertEqual(later.activity_ids.summary, "Remind the customer of the appointment")
