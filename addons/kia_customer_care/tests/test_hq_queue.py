from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.kia_base.tests.common import queue_domain

from .. import uninstall_hook
from .common_complaint import KiaComplaintCase


@tagged("post_install", "-at_install")
class TestHqQueue(KiaComplaintCase):
    """Head office's technical support, safety report and escalated complaint queues show every
    dealer it holds with only head office ticked; dealers, the dealers' own helpdesk users and
    portal customers see what they saw before."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tech_b = cls.make_user("t_tech_b", "kia_base.group_technician", cls.dealer_b)
        cls.requests = cls.env["kia.tech.support"]
        cls.reports = cls.env["kia.quality.feedback"]
        cls.complaints = cls.env["helpdesk.ticket"]
        for tech, vehicle, cr, team, customer in (
            (cls.technician_a, cls.vehicle_a, cls.cr_a, cls.team_a, cls.customer_a),
            (cls.tech_b, cls.vehicle_b, cls.cr_b, cls.team_b, cls.customer_b),
        ):
            request = (
                cls.env["kia.tech.support"]
                .with_user(tech)
                .create({"vehicle_id": vehicle.id, "symptom": "Harsh shift", "tried": "ATF"})
            )
            request.action_submit()
            report = (
                cls.env["kia.quality.feedback"]
                .with_user(tech)
                .create(
                    {
                        "vehicle_id": vehicle.id,
                        "odometer": 21500,
                        "failure_date": date(2026, 1, 5),
                        "symptom": "Soft brake pedal",
                        "is_safety": True,
                    }
                )
            )
            report.action_submit()
            complaint = cls.create_complaint(cr, team_id=team.id, partner_id=customer.id)
            # the deadline cron escalates it to head office (superuser, as the cron)
            complaint.with_env(cls.env)._kia_escalate_hq(complaint.kia_resolution_deadline)
            cls.requests |= request.with_env(cls.env)
            cls.reports |= report.with_env(cls.env)
            cls.complaints |= complaint.with_env(cls.env)
        # one complaint at dealer B head office has nothing to do with
        cls.complaint_b_local = cls.create_complaint(
            cls.cr_b, team_id=cls.team_b.id, partner_id=cls.customer_b.id
        ).with_env(cls.env)
        cls.queues = (
            ("kia_customer_care.kia_tech_support_action_hq_open", cls.requests),
            ("kia_customer_care.kia_quality_feedback_action_hq_safety", cls.reports),
            ("kia_customer_care.helpdesk_ticket_action_hq_escalated", cls.complaints),
        )

    def as_user(self, user, companies):
        return self.env(
            user=user, context=dict(self.env.context, allowed_company_ids=companies.ids)
        )

    def test_hq_sees_every_dealer_after_login(self):
        env = self.as_user(self.hq_officer, self.hq)
        self.assertEqual(env.companies, self.hq)
        for xmlid, expected in self.queues:
            with self.subTest(queue=xmlid):
                action = self.env.ref(xmlid)
                self.assertEqual(action.groups_id, self.env.ref("kia_base.group_hq_officer"))
                found = env[action.res_model].search(queue_domain(action))
                self.assertEqual(found, expected)
                self.assertEqual(found.company_id, self.dealer_a | self.dealer_b)
        # a complaint the dealer handles on time stays the dealer's
        self.assertFalse(env["helpdesk.ticket"].search([("id", "=", self.complaint_b_local.id)]))
        with self.assertRaises(AccessError):
            self.complaint_b_local.with_env(env).read(["name"])

    def test_hq_answers_other_dealer_with_only_hq_ticked(self):
        env = self.as_user(self.hq_officer, self.hq)
        request = self.requests.filtered(lambda r: r.company_id == self.dealer_b).with_env(env)
        with Form(request) as form:
            form.answer = "<p>Apply TSB-2026-012.</p>"
        request.action_answer()
        self.assertEqual(request.state, "answered")
        report = self.reports.filtered(lambda r: r.company_id == self.dealer_b).with_env(env)
        Form(report)
        report.action_acknowledge()
        self.assertEqual(report.state, "acknowledged")
        complaint = self.complaints.filtered(lambda t: t.company_id == self.dealer_b)
        with Form(complaint.with_env(env)):
            pass
        complaint.with_env(env).message_post(body="Head office calls the customer today.")
        self.assertIn("Head office calls", complaint.message_ids[0].body)
        # creating stays with the ticked companies
        with self.assertRaises(AccessError):
            env["kia.tech.support"].create(
                {"company_id": self.dealer_b.id, "vehicle_id": self.vehicle_b.id, "symptom": "x"}
            )

    def test_dealer_sees_only_his_own(self):
        for _xmlid, records in self.queues:
            model = records._name
            own = records.filtered(lambda r: r.company_id == self.dealer_a)
            other = records - own
            for user in (self.cr_a, self.technician_a, self.manager_a):
                with self.subTest(model=model, user=user.login):
                    Model = self.env[model].with_user(user)
                    if not Model.has_access("read"):
                        continue
                    found = Model.search([("id", "in", records.ids)])
                    self.assertFalse(found & other)
                    if user == self.cr_a:
                        self.assertEqual(found, own)
                    self.assertFalse(Model.search([("company_id", "=", self.dealer_b.id)]))
                    with self.assertRaises(AccessError):
                        other.with_user(user).read(["company_id"])

    def test_non_kia_users_gain_nothing(self):
        """The dealers' own helpdesk users (one holding both dealers) and portal customers find
        exactly what helpdesk_mgmt's own company rule shows them."""
        helpdesk_user = new_test_user(
            self.env,
            login="t_helpdesk_two_dealers",
            groups="helpdesk_mgmt.group_helpdesk_user,base.group_multi_company",
            company_id=self.dealer_a.id,
            company_ids=[(6, 0, (self.dealer_a | self.dealer_b).ids)],
        )
        portal = new_test_user(
            self.env,
            login="t_care_portal_b",
            groups="base.group_portal",
            company_id=self.dealer_a.id,
        )
        self.complaints[1].message_subscribe(partner_ids=portal.partner_id.ids)
        ours = self.env.ref("kia_customer_care.helpdesk_ticket_rule_company") | self.env.ref(
            "kia_customer_care.helpdesk_ticket_rule_company_create"
        )
        oca = self.env.ref("helpdesk_mgmt.helpdesk_ticket_comp_rule")
        self.assertFalse(oca.active)
        Ticket = self.env["helpdesk.ticket"]
        cases = [
            (helpdesk_user, self.dealer_a),
            (helpdesk_user, self.dealer_b),
            (portal, self.dealer_a),
            (self.cr_a, self.dealer_a),
            (self.manager_b, self.dealer_b),
        ]
        now = [Ticket.with_env(self.as_user(u, c)).search([]) for u, c in cases]
        ours.active = False
        oca.active = True
        before = [Ticket.with_env(self.as_user(u, c)).search([]) for u, c in cases]
        ours.active = True
        oca.active = False
        for (user, company), found, expected in zip(cases, now, before, strict=True):
            with self.subTest(user=user.login, company=company.name):
                self.assertEqual(found, expected)
        # ticking dealer A only, the two-dealer helpdesk user does not see B's escalation
        self.assertNotIn(self.complaints[1], now[0])

    def test_uninstall_hook_restores_helpdesk_rule(self):
        oca = self.env.ref("helpdesk_mgmt.helpdesk_ticket_comp_rule")
        uninstall_hook(self.env)
        self.assertTrue(oca.active)
