from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common_complaint import KiaComplaintCase

CALL = datetime(2026, 3, 2, 14, 0)


@tagged("post_install", "-at_install")
class TestRescue(KiaComplaintCase):
    def _rescue(self, **vals):
        values = {
            "partner_id": self.customer_a.id,
            "vehicle_id": self.vehicle_a.id,
            "location": "沪闵路与莲花南路口",
            "distance_km": 8,
            "problem": "Battery flat",
        }
        values.update(vals)
        return self.env["kia.rescue"].with_user(self.advisor_a).create(values)

    def test_hotline_rescue_flow(self):
        with freeze_time(CALL):
            with Form(self.env["kia.hotline.call"].with_user(self.advisor_a)) as form:
                form.caller_name = "王先生"
                form.caller_phone = "13800138000"
                form.partner_id = self.customer_a
                form.vehicle_id = self.vehicle_a
                form.call_type = "rescue"
                form.outcome = "Car does not start"
            call = form.record
            call.action_create_rescue()
        rescue = call.rescue_id
        self.assertEqual(rescue.call_time, CALL)
        self.assertEqual(rescue.company_id, self.dealer_a)
        self.assertTrue(rescue.name.startswith("RES"))
        with self.assertRaises(UserError):
            call.action_create_rescue()
        rescue.write({"location": "莲花南路 100 号", "distance_km": 8})
        self.assertEqual(rescue.standard_id.response_minutes, 30)
        with self.assertRaises(UserError):
            rescue.action_dispatch()
        self.assertEqual(rescue.state, "new")
        rescue.write(
            {"service_car_id": self.service_car_a.id, "technician_id": self.technician_a.id}
        )
        with self.assertRaises(UserError):
            rescue.action_arrive()
        self.assertEqual(rescue.state, "new")
        with freeze_time(CALL + timedelta(minutes=5)):
            rescue.action_dispatch()
        self.assertEqual(rescue.state, "dispatched")
        rescue.odometer_start = 12000
        with freeze_time(CALL + timedelta(minutes=25)):
            rescue.with_user(self.technician_a).action_arrive()
        self.assertEqual(rescue.response_minutes, 25)
        self.assertTrue(rescue.on_time)
        rescue.with_user(self.technician_a).write({"odometer_end": 12018})
        with freeze_time(CALL + timedelta(minutes=60)):
            rescue.with_user(self.technician_a).action_done()
        self.assertEqual(rescue.state, "done")
        self.assertEqual(rescue.mileage, 18)
        log = rescue.car_log_ids
        self.assertEqual(len(log), 1)
        self.assertEqual(log.vehicle_id, self.service_car_a)
        self.assertEqual(log.driver_id, self.technician_a)
        self.assertEqual(log.distance, 18)

    def test_late_rescue(self):
        rescue = self._rescue(
            distance_km=20,
            service_car_id=self.service_car_a.id,
            technician_id=self.technician_a.id,
            call_time=CALL,
            dispatch_time=CALL + timedelta(minutes=10),
        )
        rescue.action_dispatch()
        rescue.arrival_time = CALL + timedelta(minutes=75)
        rescue.action_arrive()
        self.assertEqual(rescue.standard_id.response_minutes, 60)
        self.assertEqual(rescue.response_minutes, 75)
        self.assertFalse(rescue.on_time)

    def test_bad_times_refused(self):
        rescue = self._rescue(
            call_time=CALL,
            service_car_id=self.service_car_a.id,
            technician_id=self.technician_a.id,
        )
        rescue.action_dispatch()
        dispatched = rescue.dispatch_time
        with self.assertRaises(ValidationError):
            rescue.write({"arrival_time": dispatched - timedelta(minutes=1)})
        self.assertFalse(rescue.arrival_time)
        with self.assertRaises(ValidationError) as error:
            rescue.with_context(lang="zh_CN").write(
                {"arrival_time": dispatched - timedelta(minutes=1)}
            )
        self.assertIn("不能在出车之前到达", str(error.exception))
        self.assertFalse(rescue.arrival_time)
        with self.assertRaises(ValidationError):
            rescue.write({"dispatch_time": CALL - timedelta(minutes=1)})
        self.assertEqual(rescue.dispatch_time, dispatched)
        with self.assertRaises(ValidationError):
            rescue.write({"odometer_start": 100, "odometer_end": 50})
        self.assertFalse(rescue.odometer_end)
        with self.assertRaises(ValidationError):
            self._rescue(distance_km=-3)
        self.assertEqual(self.env["kia.rescue"].search_count([("distance_km", "<", 0)]), 0)

    def test_service_car_busy(self):
        first = self._rescue(
            service_car_id=self.service_car_a.id, technician_id=self.technician_a.id
        )
        second = self._rescue(service_car_id=self.service_car_a.id, technician_id=self.manager_a.id)
        first.action_dispatch()
        with self.assertRaises(UserError):
            second.action_dispatch()
        self.assertEqual(second.state, "new")
        self.assertFalse(second.dispatch_time)

    def test_rescue_to_repair_and_invoice(self):
        self.manager_a.groups_id += self.env.ref("stock.group_stock_user")
        rescue = self._rescue(
            service_car_id=self.service_car_a.id,
            technician_id=self.technician_a.id,
            charge_amount=200,
        )
        rescue.action_dispatch()
        rescue.action_arrive()
        rescue.with_user(self.manager_a).action_create_repair()
        self.assertEqual(rescue.repair_id.vehicle_id, self.vehicle_a)
        self.assertEqual(rescue.repair_id.partner_id, self.customer_a)
        with self.assertRaises(UserError):
            rescue.with_user(self.manager_a).action_create_invoice()
        self.assertFalse(rescue.invoice_id)
        rescue.action_done()
        self.env["account.chart.template"].try_loading(
            "cn", company=self.dealer_a, install_demo=False
        )
        self.manager_a.groups_id += self.env.ref("account.group_account_invoice")
        rescue.with_user(self.manager_a).action_create_invoice()
        self.assertEqual(rescue.invoice_id.move_type, "out_invoice")
        # The charge is what the customer pays, VAT included (l10n_cn's 13 % sales VAT), on
        # the rescue product's income account.
        invoice = rescue.invoice_id
        self.assertEqual(invoice.amount_total, 200)
        self.assertEqual(invoice.amount_untaxed, 176.99)
        self.assertEqual(invoice.amount_tax, round(200 - round(200 / 1.13, 2), 2))
        line = invoice.invoice_line_ids
        self.assertEqual(line.product_id, self.env.ref("kia_customer_care.product_roadside_rescue"))
        self.assertEqual(line.tax_ids, self.dealer_a.account_sale_tax_id)
        self.assertEqual(line.tax_ids.amount, 13.0)
        self.assertEqual(line.account_id.account_type, "income")

    def test_isolation(self):
        rescue = self._rescue()
        Rescue = self.env["kia.rescue"]
        self.assertFalse(Rescue.with_user(self.advisor_b).search([("id", "=", rescue.id)]))
        with self.assertRaises(AccessError):
            rescue.with_user(self.advisor_b).read(["name"])
        self.assertEqual(Rescue.with_user(self.hq_officer).search([("id", "=", rescue.id)]), rescue)
        with self.assertRaises(AccessError):
            rescue.with_user(self.technician_a).unlink()
        self.assertTrue(rescue.exists())

    def test_hotline_complaint(self):
        call = (
            self.env["kia.hotline.call"]
            .with_user(self.advisor_a)
            .create(
                {
                    "caller_name": "李女士",
                    "partner_id": self.customer_a.id,
                    "vehicle_id": self.vehicle_a.id,
                    "call_type": "complaint",
                    "outcome": "Charged twice for the same oil change",
                }
            )
        )
        call.action_create_complaint()
        ticket = call.ticket_id
        self.assertTrue(ticket.kia_is_complaint)
        self.assertEqual(ticket.kia_complaint_source, "hotline")
        self.assertEqual(ticket.kia_vehicle_id, self.vehicle_a)
        self.assertEqual(ticket.company_id, self.dealer_a)

    def test_overlapping_standard_refused(self):
        with self.assertRaises(ValidationError):
            self.env["kia.rescue.standard"].with_user(self.manager_a).create(
                {"distance_from": 5, "distance_to": 20, "response_minutes": 45}
            )
        self.assertEqual(
            self.env["kia.rescue.standard"].search_count([("company_id", "=", self.dealer_a.id)]),
            2,
        )

    def test_cancel_asks_the_reason(self):
        rescue = self._rescue()
        Wizard = (
            self.env["kia.rescue.cancel"]
            .with_user(self.advisor_a)
            .with_context(active_ids=rescue.ids, default_rescue_ids=rescue.ids)
        )
        # without a reason: refused, nothing changed
        with self.assertRaises(UserError):
            rescue.action_cancel()
        with self.assertRaises(UserError):
            Wizard.create({"reason": "  "}).action_cancel()
        self.assertEqual(rescue.state, "new")
        self.assertFalse(rescue.cancel_reason)
        # the wizard's form does not go without a reason
        with self.assertRaises(AssertionError):
            Form(Wizard).save()
        # with a reason: cancelled, reason recorded
        with Form(Wizard) as form:
            form.reason = "The customer got the car going."
        self.assertTrue(form.record.action_cancel())
        self.assertEqual(rescue.state, "cancelled")
        self.assertEqual(rescue.cancel_reason, "The customer got the car going.")
        # a finished rescue is not cancelled, even with a reason
        done = self._rescue(
            service_car_id=self.service_car_a.id, technician_id=self.technician_a.id
        )
        done.action_dispatch()
        done.action_arrive()
        done.action_done()
        with self.assertRaises(UserError):
            done.with_context(lang="zh_CN").action_cancel(reason="Too late")
        self.assertEqual(done.state, "done")
        self.assertFalse(done.cancel_reason)
