from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.kia_service.tests.service_common import KiaServiceProcessCase, sign_repair

from .common import KiaPartsCase

# 2026-03-04 is a Wednesday. Dealer A orders regular stock on Mondays (default): the next
# regular order goes on 2026-03-09 and arrives 7 days later (2026-03-16); an emergency order
# arrives 2 days after today (2026-03-06).
TODAY = "2026-03-04 02:00:00"


@tagged("post_install", "-at_install")
class TestAppointmentParts(KiaPartsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer_a.write(
            {
                "kia_workday_start": 0.0,
                "kia_workday_end": 24.0,
                "kia_appointment_advisors": 5,
                "kia_parts_order_weekday": "0",
                "kia_parts_lead_days_regular": 7,
                "kia_parts_lead_days_emergency": 2,
                # The workshop: a bay and its technician working round the clock.
                "resource_calendar_id": KiaServiceProcessCase.round_the_clock_calendar(cls.env).id,
            }
        )
        cls.env["maintenance.equipment"].create(
            {"name": "Lift 1", "company_id": cls.dealer_a.id, "kia_is_bay": True}
        )
        cls.package = cls.env["kia.labor.operation"].create(
            {
                "code": "T-PM10",
                "name": "10,000 km maintenance",
                "hours": 1.0,
                "package": True,
                "part_ids": [(6, 0, (cls.oil_filter | cls.brake_pad).ids)],
            }
        )
        cls.vehicle = cls.create_vehicle(cls.advisor_a, cls.customer_a, 501)

    def _book(self, when):
        appointment = (
            self.env["kia.appointment"]
            .with_user(self.advisor_a)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "vehicle_id": self.vehicle.id,
                    "date_start": when,
                    "labor_operation_ids": [(6, 0, self.package.ids)],
                }
            )
        )
        appointment.action_confirm()
        return appointment

    def _free(self, product):
        return product.with_context(location=self.stock_a.id).free_qty

    def _hq_orders(self):
        return self.env["purchase.order"].search(
            [("company_id", "=", self.dealer_a.id), ("partner_id", "=", self.hq_partner.id)]
        )

    def test_reserved_then_released_on_cancel(self):
        self.put_in_stock(self.oil_filter, self.stock_a, 1)
        self.put_in_stock(self.brake_pad, self.stock_a, 1)
        with freeze_time(TODAY):
            appointment = self._book(datetime(2026, 3, 20, 2, 0))
        self.assertEqual(appointment.parts_state, "reserved")
        self.assertEqual(appointment.parts_picking_id.state, "assigned")
        self.assertFalse(appointment.parts_warning)
        self.assertFalse(self._hq_orders(), "all in stock: nothing ordered")
        # The reserved units are out of what others can reserve.
        self.assertEqual(self._free(self.oil_filter), 0)
        self.assertEqual(self._free(self.brake_pad), 0)
        other = self.make_repair(self.clerk_a, [(self.oil_filter, 1)])
        other._action_repair_confirm()
        other._kia_parts_moves()._action_assign()
        self.assertEqual(other.move_ids.quantity, 0, "another repair cannot take them")

        appointment.with_user(self.advisor_a).action_cancel(reason="The customer moved the visit")
        self.assertEqual(appointment.parts_state, "released")
        self.assertEqual(appointment.parts_picking_id.state, "cancel")
        other._kia_parts_moves()._action_assign()
        self.assertEqual(other.move_ids.quantity, 1, "released for the next customer")

    def test_no_show_releases_reservation_and_order(self):
        self.put_in_stock(self.oil_filter, self.stock_a, 1)
        with freeze_time(TODAY):
            appointment = self._book(datetime(2026, 3, 10, 2, 0))
        self.assertEqual(appointment.parts_state, "ordered")
        order = appointment.parts_order_id
        self.assertEqual(order.kia_order_type, "emergency")
        self.assertEqual(order.order_line.product_id, self.brake_pad)
        self.assertEqual(self._free(self.oil_filter), 0)
        appointment.with_user(self.advisor_a).action_no_show(reason="The customer did not come")
        self.assertEqual(appointment.parts_state, "released")
        self.assertEqual(self._free(self.oil_filter), 1)
        self.assertEqual(order.state, "cancel", "its own emergency order is not needed")
        self.assertFalse(order.order_line)

    def test_repair_order_takes_the_reserved_parts(self):
        self.put_in_stock(self.oil_filter, self.stock_a, 1)
        self.put_in_stock(self.brake_pad, self.stock_a, 1)
        with freeze_time(TODAY):
            appointment = self._book(datetime(2026, 3, 20, 2, 0))
        appointment.with_user(self.advisor_a).action_arrive()
        appointment.with_user(self.advisor_a).action_create_repair()
        repair = appointment.repair_id
        sign_repair(repair, self.advisor_a)
        self.assertEqual(
            repair.move_ids.product_id, self.oil_filter | self.brake_pad, "the booked parts"
        )
        self.assertEqual(appointment.parts_picking_id.state, "assigned", "held until confirmed")
        repair.with_user(self.advisor_a).action_validate()
        self.assertEqual(appointment.parts_state, "consumed")
        self.assertEqual(appointment.parts_picking_id.state, "cancel")
        self.assertEqual(repair.move_ids.mapped("quantity"), [1.0, 1.0], "reserved for the RO")
        self.assertEqual(self._free(self.oil_filter), 0)
        repair.with_user(self.clerk_a).action_kia_issue_parts()
        self.assertTrue(repair.kia_parts_issued)

    def test_regular_order_when_it_arrives_in_time(self):
        with freeze_time(TODAY):
            appointment = self._book(datetime(2026, 3, 20, 2, 0))
            second = self._book(datetime(2026, 3, 18, 2, 0))
        self.assertEqual(appointment.parts_state, "ordered")
        order = appointment.parts_order_id
        self.assertEqual(order.kia_order_type, "regular")
        self.assertEqual(order.state, "draft")
        self.assertEqual(str(appointment.parts_expected_date), "2026-03-16")
        self.assertEqual(second.parts_order_id, order, "one regular order collects the bookings")
        self.assertEqual(len(order.order_line), 4)
        self.assertEqual(order.order_line.kia_appointment_id, appointment | second)
        self.assertIn("2026-03-16", appointment.with_context(lang="en_US").parts_warning)
        # Cancelling one booking takes only its lines off the shared order.
        second.with_user(self.advisor_a).action_cancel(reason="The customer moved the visit")
        self.assertEqual(order.state, "draft")
        self.assertEqual(order.order_line.kia_appointment_id, appointment)

    def test_emergency_order_when_regular_is_too_late(self):
        with freeze_time(TODAY):
            appointment = self._book(datetime(2026, 3, 10, 2, 0))
        self.assertEqual(appointment.parts_state, "ordered")
        self.assertEqual(appointment.parts_order_id.kia_order_type, "emergency")
        self.assertEqual(str(appointment.parts_expected_date), "2026-03-06")

    def test_late_warning_when_nothing_arrives_in_time(self):
        with freeze_time(TODAY):
            appointment = self._book(datetime(2026, 3, 5, 2, 0))
        self.assertEqual(appointment.parts_state, "late")
        self.assertEqual(appointment.parts_order_id.kia_order_type, "emergency")
        warning = appointment.with_context(lang="en_US").parts_warning
        self.assertIn("cannot arrive before the appointment", warning)
        self.assertIn(self.brake_pad.display_name, warning)
        late = self.env["kia.appointment"].search(
            [("parts_state", "=", "late"), ("company_id", "=", self.dealer_a.id)]
        )
        self.assertEqual(late, appointment)
