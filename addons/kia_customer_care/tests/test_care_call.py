from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from ..models import kia_care_call
from .care_common import KiaCareCase


@tagged("post_install", "-at_install")
class TestCareCall(KiaCareCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with freeze_time("2026-03-01"):
            # sold 3 days ago: welcome call today
            cls.new_car = cls.care_vehicle(cls.advisor_a, cls.customer_a, 1, "2026-02-26")
            # serviced 6 months ago less 10 days: due on 11 March, inside the 14-day lead
            # a light user (about 9 km a day): the six months come before the 5,000 km
            cls.due_car = cls.care_vehicle(
                cls.advisor_a,
                cls.customer_a,
                2,
                "2025-03-01",
                [("2025-03-01", 0), ("2026-02-01", 3000)],
            )
            cls.done_repair(cls.due_car, "2025-09-11 09:00:00")
            # station B's customer, due as well
            cls.car_b = cls.care_vehicle(cls.advisor_b, cls.customer_b, 3, "2025-09-05")

    def _generate(self, day="2026-03-01"):
        with freeze_time(day):
            return self.env["kia.care.call"]._cron_generate()

    def test_cron_plans_welcome_and_reminder_calls_once(self):
        self.assertEqual(self.due_car.kia_care_next_due_date, date(2026, 3, 11))
        # (demo dealers, when installed, get their own calls: look at the test dealers only)
        calls = self._generate().filtered(lambda c: c.company_id in self.dealer_a | self.dealer_b)
        welcome = calls.filtered(lambda c: c.call_type == "welcome")
        due = calls.filtered(lambda c: c.call_type == "maintenance_due")
        self.assertEqual(welcome.vehicle_id, self.new_car)
        self.assertEqual(due.vehicle_id, self.due_car | self.car_b)
        reminder_a = due.filtered(lambda c: c.vehicle_id == self.due_car)
        self.assertEqual(reminder_a.due_date, date(2026, 3, 11))
        self.assertEqual(reminder_a.user_id, self.cr_a)
        self.assertEqual(reminder_a.partner_id, self.customer_a)
        self.assertEqual(reminder_a.activity_ids.user_id, self.cr_a)
        # the reminder e-mail went to the customer through the template
        self.assertTrue(reminder_a.message_ids.filtered(lambda m: self.customer_a in m.partner_ids))
        # the next morning nothing is planned twice
        self.assertFalse(
            self._generate("2026-03-02").filtered(
                lambda c: c.company_id in self.dealer_a | self.dealer_b
            )
        )

    def test_cron_plans_the_dealers_in_batches_that_resume(self):
        """Run by its scheduled job, the dealers are planned a batch at a time, each batch's
        progress told to the job: a dealer planned today is not planned again, the next run
        goes on with the others, and in the end the calls are those of one whole run."""
        cron = self.env.ref("kia_customer_care.ir_cron_care_calls")
        Call = self.env["kia.care.call"]
        dealers = self.env["res.company"].search([("kia_dealer_type", "!=", "hq")])
        today = date(2026, 3, 1)
        planned = self.env["res.company"]
        with freeze_time("2026-03-01"), patch.object(kia_care_call, "CARE_CALL_BATCH", 2):
            while planned != dealers:
                __, progress = cron._add_progress()
                calls = Call.with_context(ir_cron_progress_id=progress.id)._cron_generate()
                batch = dealers.filtered(lambda c: c.kia_care_calls_date == today) - planned
                self.assertEqual(len(batch), min(2, len(dealers - planned)))
                self.assertEqual(progress.done, len(batch))
                self.assertEqual(progress.remaining, len(dealers - planned - batch))
                self.assertLessEqual(calls.company_id, batch)
                planned |= batch
            __, progress = cron._add_progress()
            self.assertFalse(Call.with_context(ir_cron_progress_id=progress.id)._cron_generate())
            self.assertEqual((progress.done, progress.remaining), (0, 0))
        calls = Call.search([("company_id", "in", (self.dealer_a | self.dealer_b).ids)])
        self.assertEqual(
            calls.filtered(lambda c: c.call_type == "welcome").vehicle_id, self.new_car
        )
        self.assertEqual(
            calls.filtered(lambda c: c.call_type == "maintenance_due").vehicle_id,
            self.due_car | self.car_b,
        )

    def test_call_activity_in_the_dealer_language(self):
        # the cron runs in English; dealer A writes in Chinese, station B in English
        self.env["res.lang"]._activate_lang("zh_CN")
        self.dealer_a.partner_id.lang = "zh_CN"
        self.dealer_b.partner_id.lang = "en_US"
        self.env = self.env(context=dict(self.env.context, lang="en_US"))
        calls = self._generate()
        summaries = {
            call.company_id: set(call.activity_ids.mapped("summary"))
            for call in calls.filtered(lambda c: c.company_id in self.dealer_a | self.dealer_b)
        }
        self.assertEqual(summaries[self.dealer_a], {"联系客户"})
        self.assertEqual(summaries[self.dealer_b], {"Call the customer"})

    def test_no_reminder_mail_when_customer_refuses(self):
        self.customer_a.kia_care_no_reminder = True
        calls = self._generate()
        reminder = calls.filtered(lambda c: c.vehicle_id == self.due_car)
        self.assertTrue(reminder)
        self.assertFalse(reminder.message_ids.filtered(lambda m: m.message_type == "comment"))

    def test_sms_reminder_when_customer_prefers_sms(self):
        self.customer_a.write({"kia_care_contact_channel": "sms", "mobile": "13800138000"})
        calls = self._generate()
        reminder = calls.filtered(lambda c: c.vehicle_id == self.due_car)
        sms = self.env["sms.sms"].search([("partner_id", "=", self.customer_a.id)])
        self.assertEqual(len(sms), 1)
        self.assertIn(self.due_car.license_plate or "", sms.body)
        self.assertIn("2026-03-11", sms.body)
        self.assertTrue(reminder.message_ids.filtered(lambda m: m.message_type == "sms"))

    def test_outcomes_as_customer_relations(self):
        self._generate()
        Call = self.env["kia.care.call"].with_user(self.cr_a)
        booked, welcome = (
            Call.search([("vehicle_id", "=", self.due_car.id)]),
            Call.search([("vehicle_id", "=", self.new_car.id)]),
        )
        action = booked.action_outcome_booked()
        self.assertEqual(booked.state, "booked")
        # Booking opens an appointment filled from the call, linked back to it (10:00 in
        # Shanghai, inside the dealer's working hours).
        self.assertEqual(action["res_model"], "kia.appointment")
        self.assertEqual(action["context"]["default_vehicle_id"], self.due_car.id)
        self.assertEqual(action["context"]["default_kia_care_call_id"], booked.id)
        start = fields.Datetime.now().replace(
            hour=2, minute=0, second=0, microsecond=0
        ) + timedelta(days=2)
        appointment = (
            self.env["kia.appointment"]
            .with_user(self.cr_a)
            .with_context(**action["context"])
            .create({"date_start": start})
        )
        self.assertEqual(appointment.kia_care_call_id, booked)
        self.assertEqual(appointment.partner_id, booked.partner_id)
        self.assertEqual(booked.attempt_count, 1)
        self.assertFalse(booked.activity_ids)
        welcome.action_outcome_reached()
        self.assertEqual(welcome.state, "reached")
        # a closed call takes no second outcome
        with self.assertRaises(UserError):
            booked.action_outcome_declined()
        self.assertEqual(booked.state, "booked")

    def test_declined_needs_a_reason_and_unreachable_can_be_called_again(self):
        self._generate()
        call = (
            self.env["kia.care.call"]
            .with_user(self.cr_a)
            .search([("vehicle_id", "=", self.due_car.id)])
        )
        with self.assertRaises(UserError):
            call.action_outcome_declined()
        self.assertEqual(call.state, "todo")
        self.assertFalse(call.call_date)
        call.action_outcome_unreachable()
        self.assertEqual(call.state, "unreachable")
        call.action_reopen()
        with Form(call) as form:
            form.note = "Services the car near his new office."
        call.action_outcome_declined()
        self.assertEqual(call.state, "declined")
        self.assertEqual(call.attempt_count, 2)

    def test_declined_wizard_asks_the_reason(self):
        self._generate()
        call = (
            self.env["kia.care.call"]
            .with_user(self.cr_a)
            .search([("vehicle_id", "=", self.due_car.id)])
        )
        Wizard = (
            self.env["kia.care.call.decline"]
            .with_user(self.cr_a)
            .with_context(active_ids=call.ids, default_call_ids=call.ids)
        )
        # without a reason: refused, nothing changed
        with self.assertRaises(AssertionError):
            Form(Wizard).save()
        with self.assertRaises(UserError):
            Wizard.create({"reason": " "}).action_decline()
        self.assertEqual(call.state, "todo")
        self.assertFalse(call.note)
        self.assertFalse(call.call_date)
        # with a reason: declined, the reason recorded in the call notes
        with Form(Wizard) as form:
            form.reason = "Services the car near his new office."
        self.assertTrue(form.record.action_decline())
        self.assertEqual(call.state, "declined")
        self.assertEqual(call.note, "Services the car near his new office.")
        self.assertEqual(call.attempt_count, 1)
        # notes written during the call are offered as the reason
        call.action_reopen()
        call.note = "Moved to Hangzhou."
        self.assertEqual(Form(Wizard).reason, "Moved to Hangzhou.")

    def test_sold_car_gets_no_more_reminders(self):
        self._generate()
        call = (
            self.env["kia.care.call"]
            .with_user(self.cr_a)
            .search([("vehicle_id", "=", self.due_car.id)])
        )
        call.action_outcome_sold()
        self.assertTrue(self.due_car.kia_care_sold)
        self.env["kia.care.call"].search([("vehicle_id", "=", self.due_car.id)]).unlink()
        calls = self._generate("2026-03-02")
        self.assertNotIn(self.due_car, calls.vehicle_id)

    def test_win_back_lapsed_customers(self):
        lapsed = self.care_vehicle(self.advisor_a, self.customer_a, 4, "2024-01-10")
        with freeze_time("2026-03-01"):
            self.env["fleet.vehicle"]._kia_care_refresh_due()
        self.assertTrue(lapsed.kia_care_lapsed)
        self.assertFalse(self.due_car.kia_care_lapsed)
        listed = (
            self.env["fleet.vehicle"]
            .with_user(self.cr_a)
            .search([("kia_care_lapsed", "=", True), ("kia_care_sold", "=", False)])
        )
        self.assertIn(lapsed, listed)
        self.assertNotIn(self.due_car, listed)
        action = listed.with_user(self.cr_a).action_kia_care_win_back()
        call = self.env["kia.care.call"].search(action["domain"])
        self.assertEqual(call.filtered(lambda c: c.vehicle_id == lapsed).call_type, "win_back")
        with self.assertRaises(UserError):
            self.due_car.with_user(self.cr_a).action_kia_care_win_back()

    def test_access_and_isolation(self):
        self._generate()
        # dealer B's customer relations never see dealer A's calls
        calls_b = self.env["kia.care.call"].with_user(self.cr_b).search([])
        self.assertEqual(calls_b.vehicle_id, self.car_b)
        # head office sees both dealers
        calls_hq = self.env["kia.care.call"].with_user(self.hq_officer).search([])
        self.assertIn(self.car_b, calls_hq.vehicle_id)
        self.assertIn(self.due_car, calls_hq.vehicle_id)
        # a technician reads but cannot plan calls
        count = self.env["kia.care.call"].search_count([])
        with self.assertRaises(AccessError):
            self.env["kia.care.call"].with_user(self.technician_a).create(
                {"vehicle_id": self.due_car.id, "call_type": "win_back", "due_date": "2026-03-01"}
            )
        self.assertEqual(self.env["kia.care.call"].search_count([]), count)
        # nor can dealer B plan a call on dealer A's vehicle
        with self.assertRaises(AccessError):
            self.env["kia.care.call"].with_user(self.cr_b).create(
                {"vehicle_id": self.due_car.id, "call_type": "win_back", "due_date": "2026-03-01"}
            )
        self.assertEqual(self.env["kia.care.call"].search_count([]), count)

    def test_retention_per_dealer(self):
        returning = self.care_vehicle(self.advisor_a, self.customer_a, 5, "2025-01-01")
        once = self.care_vehicle(self.advisor_a, self.customer_a, 6, "2025-01-01")
        self.done_repair(returning, "2025-06-10 09:00:00")
        self.done_repair(once, "2025-06-20 09:00:00")
        self.done_repair(returning, "2025-11-05 09:00:00")
        self.env.flush_all()
        row = self.env["kia.care.retention.report"].search(
            [("company_id", "=", self.dealer_a.id), ("month", "=", "2025-06-01")]
        )
        self.assertEqual((row.visited_count, row.returned_count), (2, 1))
        self.assertEqual(row.retention_rate, 50.0)
        self.assertFalse(
            self.env["kia.care.retention.report"]
            .with_user(self.cr_b)
            .search([("company_id", "=", self.dealer_a.id)])
        )

    def test_dealer_cannot_mark_its_call_lists_planned(self):
        """The day's mark is the job's own: a dealer's administrator writing it is refused."""
        admin = self.env["res.users"].create(
            {
                "name": "Dealer admin",
                "login": "care_dealer_admin",
                "company_id": self.dealer_a.id,
                "company_ids": [(6, 0, self.dealer_a.ids)],
                "groups_id": [(6, 0, [self.env.ref("base.group_system").id])],
            }
        )
        with self.assertRaises(UserError):
            self.dealer_a.with_user(admin).kia_care_calls_date = date(2026, 3, 1)
        self.assertFalse(self.dealer_a.kia_care_calls_date)
