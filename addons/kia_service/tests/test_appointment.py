from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .service_common import KiaServiceProcessCase


@tagged("post_install", "-at_install")
@freeze_time("2026-03-01 00:00:00")
class TestAppointment(KiaServiceProcessCase):
    def _book(self, start, user=None, confirm=True):
        appointment_form = Form(self.env["kia.appointment"].with_user(user or self.advisor_a))
        appointment_form.vehicle_id = self.vehicle_a
        appointment_form.date_start = start
        appointment_form.concern = "保养"
        appointment_form.mileage = 9000
        appointment_form.labor_operation_ids.add(self.op_oil)
        appointment = appointment_form.save()
        if confirm:
            appointment.action_confirm()
        return appointment

    def test_book_to_repair_order(self):
        with freeze_time("2026-03-01 01:00:00"):
            appointment = self._book(datetime(2026, 3, 3, 2, 0))
        self.assertEqual(appointment.partner_id, self.customer_a)
        self.assertEqual(appointment.state, "confirmed")
        self.assertEqual(appointment.date_stop, datetime(2026, 3, 3, 3, 0))
        self.assertEqual(appointment.activity_ids.user_id, self.advisor_a, "reminder activity")
        appointment.action_arrive()
        action = appointment.action_create_repair()
        repair = self.env["repair.order"].browse(action["res_id"])
        self.assertEqual(appointment.state, "done")
        self.assertEqual(repair.vehicle_id, self.vehicle_a)
        self.assertEqual(repair.partner_id, self.customer_a)
        self.assertEqual(repair.kia_customer_words, "保养")
        self.assertEqual(repair.repair_service_ids.kia_labor_operation_id, self.op_oil)
        self.assertEqual(repair.kia_appointment_id, appointment)

    def test_over_capacity_refused(self):
        start = datetime(2026, 3, 3, 2, 0)
        self._book(start)
        self._book(datetime(2026, 3, 3, 2, 30))
        third = self._book(start, confirm=False)
        with self.assertRaisesRegex(ValidationError, "is full"):
            third.action_confirm()
        third.invalidate_recordset()
        self.assertEqual(third.state, "draft")
        self.assertFalse(third.activity_ids)
        # Another slot is fine; a cancellation frees the place.
        self._book(datetime(2026, 3, 3, 5, 0))

    def test_over_capacity_message_in_chinese(self):
        self._book(datetime(2026, 3, 3, 2, 0))
        self._book(datetime(2026, 3, 3, 2, 0))
        third = self._book(datetime(2026, 3, 3, 2, 0), confirm=False)
        with self.assertRaisesRegex(ValidationError, "已满"):
            third.with_context(lang="zh_CN").action_confirm()

    def test_outside_working_hours_refused(self):
        self.dealer_a.write({"kia_workday_start": 8.0, "kia_workday_end": 17.0})
        # 20:00 UTC is 04:00 in Shanghai; the dealer's time zone decides.
        self.dealer_a.partner_id.tz = "Asia/Shanghai"
        with self.assertRaisesRegex(ValidationError, "between 08:00 and 17:00"):
            self._book(datetime(2026, 3, 3, 20, 0))

    def test_no_show_and_cancel(self):
        appointment = self._book(datetime(2026, 3, 3, 2, 0))
        appointment.action_no_show(reason="Customer did not come")
        self.assertEqual(appointment.state, "no_show")
        self.assertFalse(appointment.activity_ids)
        other = self._book(datetime(2026, 3, 4, 2, 0))
        other.action_cancel(reason="Customer postponed")
        self.assertEqual(other.state, "cancel")
        with self.assertRaises(UserError):
            other.action_create_repair()
        self.assertFalse(other.repair_id)
