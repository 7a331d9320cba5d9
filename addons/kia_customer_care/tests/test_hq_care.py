from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common_complaint import KiaComplaintCase

SAFETY_TYPE = "kia_customer_care.mail_activity_type_safety_hq"
LEVEL_TYPE = "kia_customer_care.mail_activity_type_tech_support_level"


class HqCareCase(KiaComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user = cls.make_user
        cls.foreman_a = user("t_foreman_a", "kia_base.group_foreman", cls.dealer_a)
        cls.qc_a = user("t_qc_a", "kia_base.group_qc_inspector", cls.dealer_a)
        cls.field_engineer = user(
            "t_field_eng",
            "kia_base.group_hq_officer,base.group_multi_company",
            cls.hq,
            cls.hq | cls.dealer_a,
        )
        cls.region.kia_field_engineer_id = cls.field_engineer
        cls.dealer_a.kia_tech_manager_id = cls.manager_a
        cls.levels = cls.env["kia.tech.support.level"].search([])
        cls.level_dealer, cls.level_field, cls.level_hq = (
            cls.levels.filtered(lambda lv, t=tier: lv.tier == t)
            for tier in ("dealer", "field", "hq")
        )
        cls.hq_users = cls.hq_officer | cls.hq_manager | cls.field_engineer

    def activities(self, record, xmlid):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
                ("activity_type_id", "=", self.env.ref(xmlid).id),
            ]
        )

    def new_request(self, user=None, **vals):
        values = {"vehicle_id": self.vehicle_a.id, "symptom": "Harsh 2-3 shift"}
        values.update(vals)
        return self.env["kia.tech.support"].with_user(user or self.technician_a).create(values)


@tagged("post_install", "-at_install")
class TestSafetyEscalation(HqCareCase):
    def test_quality_report_notifies_hq_once(self):
        Report = self.env["kia.quality.feedback"].with_user(self.technician_a)
        report = Report.create(
            {
                "vehicle_id": self.vehicle_a.id,
                "odometer": 12000,
                "failure_date": fields.Date.today(),
                "symptom": "Brake pedal goes soft",
                "is_safety": True,
            }
        )
        self.assertFalse(report.kia_safety_notified_date, "a draft is the dealer's own")
        self.assertFalse(self.activities(report, SAFETY_TYPE))
        with freeze_time("2026-06-01 08:00:00"):
            report.action_submit()
        self.assertEqual(report.kia_safety_notified_date, datetime(2026, 6, 1, 8, 0))
        # head office's own deadline (24 hours by default)
        self.assertEqual(report.kia_safety_deadline, datetime(2026, 6, 2, 8, 0))
        activities = self.activities(report, SAFETY_TYPE)
        self.assertEqual(activities.user_id, self.hq_users)
        self.assertEqual(len(activities), 3)
        message = report.message_ids.filtered(lambda m: m.partner_ids)
        self.assertEqual(message.partner_ids, self.hq_users.partner_id)
        # a mail to each of them (their notification preference is e-mail)
        notifications = self.env["mail.notification"].search([("mail_message_id", "=", message.id)])
        self.assertEqual(notifications.res_partner_id, self.hq_users.partner_id)
        self.assertEqual(set(notifications.mapped("notification_type")), {"email"})
        # no head office user of another network is told
        self.assertNotIn(self.env.ref("base.user_admin").partner_id, message.partner_ids)
        # notified once: saving again or flagging again adds nothing
        report.with_user(self.hq_officer).write({"is_safety": True, "occurrences": 2})
        self.assertEqual(len(self.activities(report, SAFETY_TYPE)), 3)
        # head office sees it in its safety queue, overdue after its deadline
        Queue = self.env["kia.quality.feedback"].with_user(self.hq_officer)
        self.assertIn(report, Queue.search([("kia_safety_notified_date", "!=", False)]))
        with freeze_time("2026-06-02 09:00:00"):
            self.assertIn(report, Queue.search([("kia_safety_overdue", "=", True)]))
        # acknowledging the report takes charge of the safety problem
        report.with_user(self.hq_officer).action_acknowledge()
        self.assertEqual(report.kia_safety_ack_user_id, self.hq_officer)
        self.assertFalse(self.activities(report, SAFETY_TYPE))
        self.assertNotIn(report, Queue.search([("kia_safety_overdue", "=", True)]))

    def test_safety_complaint_reaches_hq_queue(self):
        complaint = self.create_complaint(self.cr_a, kia_complaint_class="ordinary")
        # head office with only its own company ticked
        Tickets = (
            self.env["helpdesk.ticket"]
            .with_user(self.hq_officer)
            .with_context(allowed_company_ids=self.hq.ids)
        )
        self.assertFalse(complaint.kia_safety_notified_date)
        self.assertNotIn(complaint, Tickets.search([("id", "=", complaint.id)]))
        complaint.with_user(self.cr_a).kia_complaint_class = "safety"
        self.assertTrue(complaint.kia_safety_notified_date)
        self.assertEqual(self.activities(complaint, SAFETY_TYPE).user_id, self.hq_users)
        # now on head office's queue without being escalated by a breached deadline
        self.assertEqual(complaint.kia_escalation_level, "none")
        self.assertIn(complaint, Tickets.search([("id", "=", complaint.id)]))
        # a complaint opened as safety is notified at once too
        other = self.create_complaint(self.cr_a, kia_complaint_class="safety")
        self.assertEqual(len(self.activities(other, SAFETY_TYPE)), 3)
        other.with_user(self.hq_officer).action_kia_safety_acknowledge()
        self.assertTrue(other.kia_safety_ack_date)
        self.assertFalse(self.activities(other, SAFETY_TYPE))

    def test_safety_technical_request(self):
        request = self.new_request(is_safety=True)
        self.assertFalse(request.kia_safety_notified_date)
        with freeze_time("2026-06-01 08:00:00"):
            request.action_submit()
        self.assertEqual(request.kia_safety_deadline, datetime(2026, 6, 1, 16, 0), "8 hours")
        self.assertEqual(len(self.activities(request, SAFETY_TYPE)), 3)

    def test_safety_message_in_company_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.dealer_a.partner_id.lang = "zh_CN"
        request = self.new_request(is_safety=True)
        request.action_submit()
        activity = self.activities(request, SAFETY_TYPE)[:1]
        self.assertIn("安全", activity.summary)

    def test_attacker_writes_refused(self):
        request = self.new_request(is_safety=True)
        request.action_submit()
        stamp = request.kia_safety_deadline
        for user in (self.technician_a, self.manager_a, self.hq_officer):
            for vals in (
                {"kia_safety_deadline": fields.Datetime.now() + timedelta(days=30)},
                {"kia_safety_notified_date": False},
                {"kia_safety_ack_date": fields.Datetime.now()},
                {"level_id": self.level_hq.id},
                {"level_deadline": fields.Datetime.now() + timedelta(days=30)},
            ):
                with self.subTest(user=user.login, vals=vals), self.assertRaises(AccessError):
                    request.with_user(user).write(vals)
        self.assertEqual(request.kia_safety_deadline, stamp)
        # the dealer cannot take the safety flag back once sent, nor acknowledge for HQ
        with self.assertRaises(AccessError):
            request.with_user(self.technician_a).is_safety = False
        with self.assertRaises(AccessError):
            request.with_user(self.manager_a).action_kia_safety_acknowledge()
        self.assertTrue(request.is_safety)
        self.assertFalse(request.kia_safety_ack_date)

    def test_safety_deadline_is_hq_owned(self):
        rule = self.env.ref("kia_customer_care.kia_safety_deadline_quality")
        for user in (self.manager_a, self.technician_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                rule.with_user(user).hours = 240
        self.assertEqual(rule.hours, 24)
        rule.with_user(self.hq_manager).hours = 12
        self.assertEqual(rule.hours, 12)
        with self.assertRaises(ValidationError):
            rule.with_user(self.hq_manager).hours = 0


@tagged("post_install", "-at_install")
class TestTechSupportLevels(HqCareCase):
    def test_levels_and_cron_escalation(self):
        request = self.new_request()
        with freeze_time("2026-06-01 08:00:00"):
            request.action_submit()
        self.assertEqual(request.level_id, self.level_dealer)
        self.assertEqual(request.level_deadline, datetime(2026, 6, 1, 12, 0))
        self.assertEqual(self.activities(request, LEVEL_TYPE).user_id, self.manager_a)
        Request = self.env["kia.tech.support"]
        with freeze_time("2026-06-01 11:00:00"):
            Request._cron_escalate()
        self.assertEqual(request.level_id, self.level_dealer, "within the target")
        with freeze_time("2026-06-01 12:30:00"):
            Request._cron_escalate()
        self.assertEqual(request.level_id, self.level_field)
        self.assertEqual(request.escalation_count, 1)
        self.assertEqual(request.level_deadline, datetime(2026, 6, 2, 12, 30))
        self.assertEqual(self.activities(request, LEVEL_TYPE).user_id, self.field_engineer)
        request.invalidate_recordset(["message_ids"])
        self.assertTrue(
            request.message_ids.filtered(
                lambda m: m.partner_ids == self.field_engineer.partner_id and "4" in m.body
            ),
            "the escalation is logged in the chatter",
        )
        with freeze_time("2026-06-02 13:00:00"):
            Request._cron_escalate()
        self.assertEqual(request.level_id, self.level_hq)
        hq_engineers = self.activities(request, LEVEL_TYPE).user_id
        self.assertEqual(hq_engineers, self.hq_users)
        # the last level stays where it is
        with freeze_time("2026-06-10 13:00:00"):
            Request._cron_escalate()
        self.assertEqual(request.level_id, self.level_hq)
        self.assertEqual(request.escalation_count, 2)

    def test_dealer_technical_manager_answers_at_his_level(self):
        request = self.new_request()
        request.action_submit()
        as_manager = request.with_user(self.manager_a)
        as_manager.answer = "<p>Reset the adaptation values.</p>"
        as_manager.action_answer()
        self.assertEqual(request.state, "answered")
        self.assertFalse(self.activities(request, LEVEL_TYPE))
        # after escalation the dealer's manager no longer answers
        other = self.new_request()
        other.action_submit()
        other.with_user(self.manager_a).action_escalate()
        self.assertEqual(other.level_id, self.level_field)
        with self.assertRaises(AccessError):
            other.with_user(self.manager_a).answer = "<p>Guess.</p>"
        with self.assertRaises(AccessError):
            other.with_user(self.technician_a).action_escalate()
        self.assertEqual(other.level_id, self.level_field)

    def test_levels_without_anyone_are_skipped(self):
        self.dealer_a.kia_tech_manager_id = False
        self.region.kia_field_engineer_id = False
        request = self.new_request()
        request.action_submit()
        self.assertEqual(request.level_id, self.level_hq)
        with self.assertRaises(UserError):
            request.with_user(self.hq_officer).action_escalate()

    def test_level_configuration_is_hq_owned(self):
        for user in (self.manager_a, self.technician_a, self.advisor_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.level_dealer.with_user(user).response_hours = 400
        with self.assertRaises(AccessError):
            self.env["kia.tech.support.level"].with_user(self.manager_a).create(
                {"name": "Mine", "tier": "dealer", "response_hours": 1000}
            )
        self.assertNotEqual(self.level_dealer.response_hours, 400)
        self.level_dealer.with_user(self.hq_manager).response_hours = 2
        self.assertEqual(self.level_dealer.response_hours, 2)


@tagged("post_install", "-at_install")
class TestTechnicalReport(HqCareCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Code = cls.env["kia.warranty.code"]
        cls.code_brake = Code.create(
            {"code": "TF01", "name": "Brake noise", "code_type": "failure"}
        )
        cls.code_gear = Code.create({"code": "TF02", "name": "Harsh shift", "code_type": "failure"})
        cls.vehicle_b2 = cls.create_vehicle(cls.advisor_b, cls.customer_b, 104)

    def claim(self, vehicle, code, day, state="submitted"):
        claim = self.env["kia.warranty.claim"].create(
            {
                "company_id": vehicle.company_id.id,
                "vehicle_id": vehicle.id,
                "failure_code_id": code.id,
                "repair_date": day,
                "odometer": 1000,
            }
        )
        claim.state = state  # superuser: a claim head office received
        return claim

    def test_monthly_report_lines(self):
        self.claim(self.vehicle_a, self.code_brake, date(2026, 4, 20))
        self.claim(self.vehicle_a, self.code_brake, date(2026, 5, 10))  # repeat in 20 days
        self.claim(self.vehicle_b, self.code_brake, date(2026, 5, 12))
        self.claim(self.vehicle_b2, self.code_gear, date(2026, 5, 2))
        self.claim(self.vehicle_b2, self.code_gear, date(2026, 5, 30), state="draft")
        self.claim(self.vehicle_b, self.code_gear, date(2026, 6, 1))  # next month
        report = (
            self.env["kia.technical.report"]
            .with_user(self.hq_officer)
            .with_company(self.hq)
            .create({"company_id": self.hq.id, "date_from": date(2026, 5, 1), "repeat_days": 30})
        )
        report.action_generate()
        self.assertEqual(report.claim_count, 3)
        failures = report.failure_line_ids
        self.assertEqual(failures.mapped("failure_code_id"), self.code_brake | self.code_gear)
        self.assertEqual(failures[0].failure_code_id, self.code_brake)
        self.assertEqual(failures[0].claim_count, 2)
        self.assertEqual(failures[0].vehicle_count, 2)
        self.assertEqual(failures[0].dealer_ids, self.dealer_a | self.dealer_b)
        repeat = report.repeat_line_ids
        self.assertEqual(len(repeat), 1)
        self.assertEqual(repeat.vin, self.vehicle_a.vin_sn)
        self.assertEqual(repeat.claim_count, 2)
        self.assertEqual(
            (repeat.first_date, repeat.last_date), (date(2026, 4, 20), date(2026, 5, 10))
        )
        self.assertEqual(report.repeat_count, 1)
        by_model = report.model_line_ids
        self.assertEqual(by_model.model_id, self.kia_model)
        self.assertEqual(by_model.claim_count, 3)
        # a shorter window: no repeat
        report.repeat_days = 10
        report.action_generate()
        self.assertFalse(report.repeat_line_ids)
        # printable
        html = self.env["ir.actions.report"]._render_qweb_html(
            "kia_customer_care.kia_technical_report_action_print", report.ids
        )[0]
        self.assertIn(b"TF01", html)

    def test_cron_generates_last_month_once(self):
        self.claim(self.vehicle_a, self.code_brake, date(2026, 5, 10))
        Report = self.env["kia.technical.report"]
        with freeze_time("2026-06-02"):
            Report._cron_generate()
            Report._cron_generate()
        report = Report.search([("company_id", "=", self.hq.id)])
        self.assertEqual(len(report), 1)
        self.assertEqual(report.date_from, date(2026, 5, 1))
        self.assertEqual(report.claim_count, 1)

    def test_dealers_read_nothing_and_cannot_forge(self):
        report = self.env["kia.technical.report"].create(
            {"company_id": self.hq.id, "date_from": date(2026, 5, 1)}
        )
        report._kia_generate()
        for user in (self.manager_a, self.technician_a, self.advisor_b):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["kia.technical.report"].with_user(user).search([])
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["kia.technical.report"].with_user(user).create(
                    {"company_id": user.company_id.id, "date_from": date(2026, 4, 1)}
                )
        as_hq = report.with_user(self.hq_officer).with_company(self.hq)
        for vals in ({"claim_count": 99}, {"generated_date": False}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                as_hq.write(vals)
        with self.assertRaises(AccessError):
            self.env["kia.technical.report.line"].with_user(self.hq_officer).create(
                {"report_id": report.id, "line_type": "failure", "claim_count": 50}
            )
        self.assertEqual(report.claim_count, 0)
        with self.assertRaises(ValidationError):
            self.env["kia.technical.report"].create(
                {"company_id": self.dealer_a.id, "date_from": date(2026, 3, 1)}
            )


@tagged("post_install", "-at_install")
class TestDocumentLoan(HqCareCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.document = cls.env["kia.technical.document"].create(
            {"name": "Gearbox manual", "code": "RM-T-01", "version": "1"}
        )

    def test_lend_return_overdue(self):
        Loan = self.env["kia.technical.document.loan"].with_user(self.foreman_a)
        with freeze_time("2026-06-01"):
            loan = Loan.create(
                {"document_id": self.document.id, "borrower_id": self.technician_a.id}
            )
            self.assertEqual(loan.date_due, date(2026, 6, 8))
            self.assertEqual(loan.lender_id, self.foreman_a)
            self.assertEqual(loan.state, "on_loan")
            with self.assertRaises(ValidationError):
                Loan.create({"document_id": self.document.id, "borrower_id": self.manager_a.id})
        with freeze_time("2026-06-10"):
            self.assertEqual(loan.state, "overdue")
            self.assertEqual(Loan.search([("state", "=", "overdue")]), loan)
            loan.action_return()
            self.assertEqual(loan.date_returned, date(2026, 6, 10))
            self.assertEqual(loan.state, "returned")
            self.assertFalse(Loan.search([("state", "=", "overdue")]))
        with self.assertRaises(UserError):
            loan.action_return()
        with self.assertRaises(UserError):
            loan.borrower_id = self.manager_a
        # the other dealer sees none of it
        self.assertFalse(
            self.env["kia.technical.document.loan"].with_user(self.advisor_b).search([])
        )

    def test_loan_guards(self):
        Loan = self.env["kia.technical.document.loan"]
        with self.assertRaises(AccessError):
            Loan.with_user(self.technician_a).create(
                {"document_id": self.document.id, "borrower_id": self.technician_a.id}
            )
        loan = Loan.with_user(self.foreman_a).create(
            {"document_id": self.document.id, "borrower_id": self.technician_a.id}
        )
        for user in (self.foreman_a, self.manager_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                loan.with_user(user).date_returned = fields.Date.today()
        with self.assertRaises(AccessError):
            loan.with_user(self.foreman_a).lender_id = self.manager_a
        self.assertFalse(loan.date_returned)
        self.assertEqual(loan.lender_id, self.foreman_a)


@tagged("post_install", "-at_install")
class TestTechnicalReportQueries(HqCareCase):
    """The report reads the network in a fixed number of queries: 20 claims cost what 1 does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.code = cls.env["kia.warranty.code"].create(
            {"code": "TQ01", "name": "Wind noise", "code_type": "failure"}
        )
        cls.vehicles = cls.env["fleet.vehicle"]
        for serial in range(20):
            cls.vehicles |= cls.create_vehicle(cls.advisor_a, cls.customer_a, 300 + serial)

    def generate_count(self, month, claims):
        for vehicle in self.vehicles[:claims]:
            claim = self.env["kia.warranty.claim"].create(
                {
                    "company_id": vehicle.company_id.id,
                    "vehicle_id": vehicle.id,
                    "failure_code_id": self.code.id,
                    "repair_date": month + timedelta(days=3),
                }
            )
            claim.state = "submitted"
        report = self.env["kia.technical.report"].create(
            {"company_id": self.hq.id, "date_from": month}
        )
        self.env.flush_all()
        self.env.invalidate_all()
        before = self.cr.sql_log_count
        report._kia_generate()
        self.env.flush_all()
        count = self.cr.sql_log_count - before
        self.assertEqual(report.claim_count, claims)
        return count

    def test_query_count_does_not_grow_with_claims(self):
        self.generate_count(date(2025, 1, 1), 1)  # warm-up: first-use caches
        one = self.generate_count(date(2026, 3, 1), 1)
        twenty = self.generate_count(date(2026, 6, 1), 20)
        self.assertEqual(one, twenty)
