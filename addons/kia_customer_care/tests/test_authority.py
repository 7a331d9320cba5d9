import uuid
from contextlib import contextmanager

from psycopg2 import errors

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.kia_base.tests.common import KiaRaceCase, make_vin

from .common_complaint import KiaComplaintCase


class RefusedMixin:
    @contextmanager
    def assertRefused(self, text, msg=None):
        """An AccessError naming ``text``, with everything rolled back (Odoo's assertRaises
        takes a savepoint, unittest's assertRaisesRegex does not)."""
        with self.assertRaises(AccessError, msg=msg) as err:
            yield err
        self.assertIn(text, str(err.exception))

    def assertUnchanged(self, record, values):
        record.invalidate_recordset()
        for fname, value in values.items():
            self.assertEqual(record[fname], value, fname)


@tagged("post_install", "-at_install")
class TestComplaintAuthority(RefusedMixin, KiaComplaintCase):
    """Kia complaint stamps, escalation and head office's routing change only through the
    complaint actions; plain helpdesk tickets meet no Kia rule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handlers = (cls.cr_a, cls.advisor_a, cls.manager_a)
        cls.helpdesk_only = new_test_user(
            cls.env,
            login="t_helpdesk_only",
            groups="helpdesk_mgmt.group_helpdesk_user",
            company_id=cls.dealer_a.id,
            company_ids=[(6, 0, cls.dealer_a.ids)],
        )
        cls.portal = new_test_user(
            cls.env, login="t_care_portal", groups="base.group_portal", company_id=cls.dealer_a.id
        )

    def test_stamps_and_escalation_refused_to_every_handler(self):
        ticket = self.create_complaint(self.cr_a)
        protected = {
            "kia_first_contact_date": fields.Datetime.now(),
            "kia_customer_confirmed": True,
            "kia_customer_confirmed_date": fields.Datetime.now(),
            "kia_recontact_date": fields.Datetime.now(),
            "kia_escalation_level": "hq",
            "kia_escalation_date": fields.Datetime.now(),
            "kia_hq_received": True,
            "closed_date": fields.Datetime.now(),
            "kia_is_complaint": False,
        }
        before = {fname: ticket[fname] for fname in protected}
        for user in self.handlers:
            for fname, value in protected.items():
                with self.assertRefused("changes only through", msg=f"{user.login} {fname}"):
                    ticket.with_user(user).write({fname: value})
        self.assertUnchanged(ticket, before)

    def test_escalation_message_names_the_automatic_check(self):
        ticket = self.create_complaint(self.cr_a)
        with self.assertRefused("complaint deadline check"):
            ticket.with_user(self.manager_a).write({"kia_escalation_level": "warned"})
        with self.assertRefused("Customer Contacted"):
            self.create_complaint(self.cr_a, kia_first_contact_date=fields.Datetime.now())

    def test_route_to_dealer_is_head_office_only(self):
        ticket = self.create_complaint(self.manager_a, kia_route_company_id=self.dealer_a.id)
        with self.assertRefused("route to a dealer"):
            ticket.with_user(self.manager_a).action_kia_route_to_dealer()
        self.assertUnchanged(ticket, {"kia_hq_received": False, "kia_complaint_source": "walk_in"})

    def test_compensation_credit_note_by_service_manager(self):
        self.cr_a.groups_id += self.env.ref("account.group_account_invoice")
        ticket = self.create_complaint(self.cr_a, kia_compensation_amount=200)
        with self.assertRefused("pay a compensation"):
            ticket.with_user(self.cr_a).action_kia_create_credit_note()
        self.assertFalse(ticket.kia_credit_note_id)

    def test_paid_compensation_cannot_change(self):
        self.env["account.chart.template"].try_loading(
            "cn", company=self.dealer_a, install_demo=False
        )
        self.manager_a.groups_id += self.env.ref("account.group_account_invoice")
        ticket = self.create_complaint(self.cr_a, kia_compensation_amount=300)
        ticket.with_user(self.manager_a).action_kia_create_credit_note()
        for user in (self.cr_a, self.manager_a):
            with self.assertRefused("cannot be changed"):
                ticket.with_user(user).write({"kia_compensation_amount": 3000})
        self.assertUnchanged(ticket, {"kia_compensation_amount": 300})

    def test_hq_rescue_standard_read_only_to_dealers(self):
        standard = self.env["kia.rescue.standard"].create(
            {
                "company_id": self.hq.id,
                "distance_from": 0,
                "distance_to": 20,
                "response_minutes": 40,
            }
        )
        self.manager_a.company_ids += self.hq
        with self.assertRefused("head office"):
            standard.with_user(self.manager_a).write({"response_minutes": 400})
        with self.assertRefused("head office"):
            standard.with_user(self.manager_a).unlink()
        self.assertUnchanged(standard, {"response_minutes": 40})

    def test_plain_helpdesk_user_meets_no_kia_rule(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.helpdesk_only)
        ticket = Ticket.create({"name": "Printer jammed", "description": "<p>Paper</p>"})
        self.assertFalse(ticket.kia_is_complaint)
        ticket.write({"stage_id": self.stage_done.id})
        self.assertTrue(ticket.closed)
        self.assertTrue(ticket.closed_date)
        ticket.write({"stage_id": self.stage_new.id})
        ticket.write({"closed_date": False})
        self.assertFalse(ticket.closed_date)
        # superuser code (imports, the install onto a database with tickets) opens plain
        # tickets too; data files that make complaints say so
        self.assertFalse(
            self.env["helpdesk.ticket"]
            .create({"name": "Data", "description": "x"})
            .kia_is_complaint
        )
        self.assertTrue(self.create_complaint(self.advisor_a).kia_is_complaint)

    def test_portal_customer_closes_his_ticket(self):
        """The portal's ticket form and close button (helpdesk_mgmt's controller, as sudo)."""
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.portal)
            .sudo()
            .create(
                {
                    "name": "Question about my invoice",
                    "description": "<p>?</p>",
                    "partner_id": self.portal.partner_id.id,
                }
            )
        )
        self.assertFalse(ticket.kia_is_complaint)
        ticket.with_user(self.portal).sudo().stage_id = self.stage_done
        self.assertTrue(ticket.closed)

    def test_plain_ticket_cannot_become_a_complaint(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.helpdesk_only)
            .create({"name": "Plain", "description": "<p>x</p>"})
        )
        with self.assertRefused("changes only through"):
            ticket.with_user(self.manager_a).write({"kia_is_complaint": True})
        self.assertUnchanged(ticket, {"kia_is_complaint": False})

    def test_mark_plain_ticket_as_complaint(self):
        """The deliberate step for tickets opened outside Kia's roles (or before the install)."""
        Ticket = self.env["helpdesk.ticket"]
        ticket = Ticket.with_user(self.helpdesk_only).create(
            {"name": "Door rattles", "description": "<p>x</p>", "team_id": self.team_a.id}
        )
        self.assertFalse(ticket.kia_is_complaint)
        with self.assertRefused("mark as complaint"):
            ticket.with_user(self.helpdesk_only).action_kia_mark_complaint()
        self.assertUnchanged(ticket, {"kia_is_complaint": False})
        closed = Ticket.with_user(self.helpdesk_only).create(
            {"name": "Done already", "description": "<p>x</p>", "team_id": self.team_a.id}
        )
        closed.with_user(self.helpdesk_only).write({"stage_id": self.stage_done.id})
        with self.assertRaises(UserError):
            closed.with_user(self.cr_a).action_kia_mark_complaint()
        self.assertUnchanged(closed, {"kia_is_complaint": False})
        self.assertIs(ticket.with_user(self.cr_a).action_kia_mark_complaint(), True)
        self.assertTrue(ticket.kia_is_complaint)
        self.assertTrue(ticket.kia_resolution_deadline)
        # a complaint stays a complaint
        with self.assertRefused("changes only through"):
            ticket.with_user(self.manager_a).write({"kia_is_complaint": False})
        self.assertUnchanged(ticket, {"kia_is_complaint": True})

    def test_customer_relations_walks_a_complaint(self):
        ticket = self.create_complaint(self.cr_a).with_user(self.cr_a)
        self.assertIs(ticket.action_kia_contact_customer(), True)
        self.assertTrue(ticket.kia_first_contact_date)
        ticket.write({"kia_root_cause": "Loose shield", "kia_corrective_action": "Refitted"})
        self.assertIs(ticket.action_kia_customer_confirm(), True)
        self.assertTrue(ticket.kia_customer_confirmed_date)
        ticket.write({"stage_id": self.stage_done.id})
        self.assertTrue(ticket.closed_date)
        ticket.kia_satisfaction = "satisfied"
        self.assertIs(ticket.action_kia_record_recontact(), True)
        self.assertTrue(ticket.kia_recontact_date)
        with self.assertRefused("cannot be changed"):
            ticket.write({"kia_satisfaction": "unsatisfied"})
        self.assertUnchanged(ticket, {"kia_satisfaction": "satisfied"})

    def test_hq_officer_routes_a_complaint(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.hq_officer)
            .with_company(self.hq)
            .create(
                {
                    "name": "Called head office",
                    "description": "<p>x</p>",
                    "company_id": self.hq.id,
                    "kia_route_company_id": self.dealer_a.id,
                }
            )
        )
        self.assertIs(ticket.action_kia_route_to_dealer(), True)
        self.assertTrue(ticket.kia_hq_received)
        self.assertEqual(ticket.company_id, self.dealer_a)


@tagged("post_install", "-at_install")
class TestNetworkRecordsAuthority(RefusedMixin, KiaComplaintCase):
    def test_network_complaint_deadline_read_only_to_dealers(self):
        rule = self.env["kia.complaint.deadline"].search(
            [("company_id", "=", False), ("complaint_class", "=", "major")], limit=1
        ) or self.env["kia.complaint.deadline"].create(
            {"complaint_class": "major", "first_contact_hours": 12, "resolution_days": 5}
        )
        hours = rule.first_contact_hours
        with self.assertRefused("head office"):
            rule.with_user(self.manager_a).write({"first_contact_hours": 999})
        with self.assertRefused("head office"):
            rule.with_user(self.manager_a).unlink()
        with self.assertRefused("head office"):
            self.env["kia.complaint.deadline"].with_user(self.manager_a).create(
                {"complaint_class": "safety", "first_contact_hours": 1, "resolution_days": 1}
            )
        self.assertUnchanged(rule, {"first_contact_hours": hours, "active": True})
        # the dealer's own rule next to the network's
        own = (
            self.env["kia.complaint.deadline"]
            .with_user(self.manager_a)
            .create(
                {
                    "complaint_class": "major",
                    "company_id": self.dealer_a.id,
                    "first_contact_hours": 6,
                    "resolution_days": 3,
                }
            )
        )
        own.with_user(self.manager_a).first_contact_hours = 4
        self.assertEqual(own.first_contact_hours, 4)

    def test_technical_documents_are_head_office_s(self):
        document = (
            self.env["kia.technical.document"]
            .with_user(self.hq_officer)
            .create({"name": "Brake judder", "code": "TSB-AUTH-1"})
        )
        self.manager_a.groups_id += self.env["res.groups"].create(
            {
                "name": "Test document editors",
                "model_access": [
                    (
                        0,
                        0,
                        {
                            "name": "test document editors",
                            "model_id": self.env["ir.model"]._get("kia.technical.document").id,
                            "perm_read": True,
                            "perm_write": True,
                            "perm_create": True,
                            "perm_unlink": True,
                        },
                    )
                ],
            }
        )
        with self.assertRefused("head office"):
            document.with_user(self.manager_a).write({"version": "9.9"})
        with self.assertRefused("head office"):
            document.with_user(self.manager_a).unlink()
        self.assertUnchanged(document, {"version": "1.0"})

    def test_acknowledgment_is_the_reader_s(self):
        document = self.env["kia.technical.document"].create(
            {"name": "Brake judder", "code": "TSB-AUTH-2"}
        )
        Ack = self.env["kia.technical.document.ack"]
        with self.assertRefused("I Have Read It"):
            Ack.with_user(self.advisor_a).create(
                {"document_id": document.id, "user_id": self.technician_a.id}
            )
        with self.assertRefused("I Have Read It"):
            Ack.with_user(self.technician_a).create({"document_id": document.id})
        self.assertFalse(Ack.search([("document_id", "=", document.id)]))
        self.assertIs(document.with_user(self.technician_a).action_acknowledge(), True)
        ack = Ack.search([("document_id", "=", document.id)])
        self.assertEqual(ack.user_id, self.technician_a)
        with self.assertRefused("I Have Read It"):
            ack.with_user(self.manager_a).write({"date": "2020-01-01 00:00:00"})


@tagged("post_install", "-at_install")
class TestHeadOfficeAnswersAuthority(RefusedMixin, KiaComplaintCase):
    def support_request(self):
        request = (
            self.env["kia.tech.support"]
            .with_user(self.technician_a)
            .create({"vehicle_id": self.vehicle_a.id, "symptom": "Harsh shift"})
        )
        request.action_submit()
        return request

    def feedback(self):
        report = (
            self.env["kia.quality.feedback"]
            .with_user(self.technician_a)
            .create(
                {
                    "vehicle_id": self.vehicle_a.id,
                    "odometer": 1200,
                    "failure_date": fields.Date.today(),
                    "symptom": "Door seal leaks",
                }
            )
        )
        report.action_submit()
        return report

    def test_support_answer_and_state_refused_to_dealers(self):
        request = self.support_request()
        for user in (self.technician_a, self.manager_a):
            for fname, value in (
                ("state", "answered"),
                ("hq_user_id", user.id),
                ("answer_date", fields.Datetime.now()),
            ):
                with self.assertRefused("changes only through", msg=f"{user.login} {fname}"):
                    request.with_user(user).write({fname: value})
            with self.assertRefused("HQ Officer"):
                request.with_user(user).write({"answer": "<p>Solved it ourselves</p>"})
        with self.assertRefused("changes only through"):
            self.env["kia.tech.support"].with_user(self.technician_a).create(
                {"vehicle_id": self.vehicle_a.id, "symptom": "x", "state": "closed"}
            )
        self.assertUnchanged(
            request, {"state": "submitted", "hq_user_id": self.env["res.users"], "answer": False}
        )

    def test_support_walk(self):
        request = self.support_request()
        as_hq = request.with_user(self.hq_officer)
        as_hq.answer = "<p>Apply TSB</p>"
        self.assertIs(as_hq.action_answer(), True)
        with self.assertRaises(UserError):
            as_hq.answer = "<p>Changed my mind</p>"
        self.assertIs(request.with_user(self.technician_a).action_reopen(), True)
        as_hq.answer = "<p>Apply TSB v2</p>"
        self.assertIs(as_hq.action_answer(), True)
        self.assertIs(request.with_user(self.technician_a).action_close(), True)
        self.assertEqual(request.state, "closed")
        with self.assertRaises(AccessError):
            request.with_user(self.cr_a).action_reopen()

    def test_feedback_decisions_refused_to_dealers(self):
        report = self.feedback()
        for user in (self.technician_a, self.advisor_a, self.manager_a):
            for fname, value in (
                ("state", "acknowledged"),
                ("hq_user_id", user.id),
                ("ack_date", fields.Datetime.now()),
                ("answer_date", fields.Datetime.now()),
            ):
                with self.assertRefused("changes only through", msg=f"{user.login} {fname}"):
                    report.with_user(user).write({fname: value})
            with self.assertRefused("safety level"):
                report.with_user(user).write({"is_safety": True})
            with self.assertRaises(AccessError):
                report.with_user(user).action_acknowledge()
        self.assertUnchanged(report, {"state": "submitted", "is_safety": False, "ack_date": False})

    def test_feedback_walk(self):
        report = self.feedback().with_user(self.hq_officer)
        self.assertIs(report.action_acknowledge(), True)
        report.is_safety = True
        report.answer = "<p>Replace seal per TSB</p>"
        self.assertIs(report.action_answer(), True)
        self.assertEqual(report.state, "answered")
        self.assertEqual(report.hq_user_id, self.hq_officer)


@tagged("post_install", "-at_install")
class TestRescueAndCallsAuthority(RefusedMixin, KiaComplaintCase):
    def rescue(self):
        return (
            self.env["kia.rescue"]
            .with_user(self.advisor_a)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "vehicle_id": self.vehicle_a.id,
                    "location": "Ring road",
                    "distance_km": 5,
                    "problem": "Flat battery",
                    "service_car_id": self.service_car_a.id,
                    "technician_id": self.technician_a.id,
                }
            )
        )

    def test_rescue_state_refused(self):
        rescue = self.rescue()
        for user in (self.advisor_a, self.technician_a, self.manager_a):
            for fname, value in (
                ("state", "done"),
                ("cancel_reason", "no reason"),
            ):
                with self.assertRefused("changes only through", msg=f"{user.login} {fname}"):
                    rescue.with_user(user).write({fname: value})
        with self.assertRefused("Dispatch"):
            self.env["kia.rescue"].with_user(self.advisor_a).create(
                {
                    "partner_id": self.customer_a.id,
                    "location": "x",
                    "problem": "x",
                    "state": "done",
                }
            )
        self.assertUnchanged(rescue, {"state": "new", "cancel_reason": False})
        with self.assertRefused("dispatch"):
            rescue.with_user(self.technician_a).action_dispatch()
        self.assertEqual(rescue.state, "new")

    def test_rescue_walk(self):
        rescue = self.rescue()
        self.assertIs(rescue.with_user(self.advisor_a).action_dispatch(), True)
        self.assertIs(rescue.with_user(self.technician_a).action_arrive(), True)
        rescue.with_user(self.technician_a).odometer_end = rescue.odometer_start + 10
        self.assertIs(rescue.with_user(self.technician_a).action_done(), True)
        self.assertEqual(rescue.state, "done")
        self.assertEqual(rescue.car_log_ids.distance, 10)

    def test_service_car_out_on_a_trip_is_not_sent(self):
        Log = self.env["kia.service.car.log"].with_user(self.advisor_a)
        Log.create({"vehicle_id": self.service_car_a.id, "driver_id": self.advisor_a.id})
        with self.assertRaises(UserError):
            Log.create({"vehicle_id": self.service_car_a.id, "driver_id": self.advisor_a.id})
        rescue = self.rescue()
        with self.assertRaises(UserError):
            rescue.with_user(self.advisor_a).action_dispatch()
        self.assertEqual(rescue.state, "new")

    def test_care_call_outcome_refused(self):
        call = self.env["kia.care.call"].create(
            {
                "company_id": self.dealer_a.id,
                "vehicle_id": self.vehicle_a.id,
                "call_type": "welcome",
                "due_date": "2026-01-01",
            }
        )
        for user in (self.cr_a, self.manager_a):
            for fname, value in (
                ("state", "reached"),
                ("call_date", fields.Datetime.now()),
                ("attempt_count", 3),
            ):
                with self.assertRefused("outcome buttons", msg=f"{user.login} {fname}"):
                    call.with_user(user).write({fname: value})
        self.assertUnchanged(call, {"state": "todo", "call_date": False, "attempt_count": 0})
        with self.assertRefused("record the outcome"):
            call.with_user(self.advisor_a).action_outcome_reached()
        self.assertIs(call.with_user(self.cr_a).action_outcome_unreachable(), True)
        self.assertIs(call.with_user(self.cr_a).action_reopen(), True)
        self.assertIs(call.with_user(self.cr_a).action_outcome_reached(), True)
        self.assertEqual(call.state, "reached")
        self.assertEqual(call.attempt_count, 2)


@tagged("post_install", "-at_install")
class TestServiceCarRace(KiaRaceCase):
    """The last free service car goes to one of two rescues dispatched at the same moment."""

    def setUp(self):
        super().setUp()
        tag = uuid.uuid4().hex[:8]
        with self.committed() as env:
            company = env.ref("base.main_company")
            advisor = new_test_user(
                env,
                login=f"t_race_car_advisor_{tag}",
                groups="kia_base.group_advisor",
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
            )
            technician = new_test_user(
                env,
                login=f"t_race_car_tech_{tag}",
                groups="kia_base.group_technician",
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
            )
            customer = env["res.partner"].create({"name": f"Race customer {tag}"})
            car = env["fleet.vehicle"].create(
                {
                    "model_id": env.ref("kia_base.fleet_vehicle_model_k5").id,
                    "vin_sn": make_vin(serial=100000 + int(tag[:5], 16) % 900000),
                    "company_id": company.id,
                    "kia_is_service_car": True,
                    "kia_use_type": "company",
                }
            )
            rescues = env["kia.rescue"].create(
                [
                    {
                        "company_id": company.id,
                        "partner_id": customer.id,
                        "location": f"Race road {number}",
                        "problem": "Flat battery",
                        "service_car_id": car.id,
                        "technician_id": technician.id,
                    }
                    for number in (1, 2)
                ]
            )
            self.created += [advisor, technician, customer, car, rescues]
            self.advisor, self.rescue_ids, self.car_id = advisor, rescues.ids, car.id
        self.addCleanup(self._cancel_rescues)

    def _cancel_rescues(self):
        with self.committed() as env:
            env["kia.rescue"].browse(self.rescue_ids).write({"state": "cancelled"})
            env["kia.service.car.log"].search([("vehicle_id", "=", self.car_id)]).unlink()

    def test_second_trip_on_a_stale_snapshot_is_retried(self):
        """Two advisors take the car out on a trip at the same moment: the second one fails
        to take it and is retried, never two open trips of one car."""
        trip = {"vehicle_id": self.car_id, "driver_id": self.advisor.id, "purpose": "parts"}
        with self.transaction(user=self.advisor) as env2:
            env2.cr.execute("SELECT 1 FROM fleet_vehicle LIMIT 1")  # the snapshot is taken
            with self.transaction(user=self.advisor) as env1:
                env1["kia.service.car.log"].create(trip)
                env1.cr.commit()
            with self.assertRaises(errors.SerializationFailure):
                env2["kia.service.car.log"].create(trip)

    def test_second_dispatch_on_a_stale_snapshot_is_retried(self):
        """The second advisor read before the first committed: a serialization failure (Odoo
        retries, the retry sees the car out), never two rescues with one car."""
        first, second = self.rescue_ids
        with self.transaction(user=self.advisor) as env2:
            env2.cr.execute("SELECT 1 FROM fleet_vehicle LIMIT 1")  # the snapshot is taken
            with self.transaction(user=self.advisor) as env1:
                env1["kia.rescue"].browse(first).action_dispatch()
                env1.cr.commit()
            with self.assertRaises(errors.SerializationFailure):
                env2["kia.rescue"].browse(second).action_dispatch()

    def test_second_dispatch_while_first_open(self):
        first, second = self.rescue_ids
        with (
            self.transaction(user=self.advisor) as env1,
            self.transaction(user=self.advisor) as env2,
        ):
            env1["kia.rescue"].browse(first).action_dispatch()
            with self.assertRaises(errors.LockNotAvailable):
                env2["kia.rescue"].browse(second).action_dispatch()

    def test_retry_sees_the_car_out(self):
        first, second = self.rescue_ids
        with self.transaction(user=self.advisor) as env1:
            env1["kia.rescue"].browse(first).action_dispatch()
            env1.cr.commit()
        with self.transaction(user=self.advisor) as env2, self.assertRaises(UserError):
            env2["kia.rescue"].browse(second).action_dispatch()
