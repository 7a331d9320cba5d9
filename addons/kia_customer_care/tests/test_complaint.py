from datetime import datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from .common_complaint import KiaComplaintCase

RECEIVED = datetime(2026, 3, 2, 2, 0)  # a Monday, 10:00 in Shanghai


@tagged("post_install", "-at_install")
class TestComplaint(KiaComplaintCase):
    @freeze_time(RECEIVED)
    def test_walk_in_complaint_form(self):
        Ticket = self.env["helpdesk.ticket"].with_user(self.cr_a)
        with Form(Ticket) as form:
            form.name = "Waited three hours"
            form.description = "<p>Promised at 10, delivered at 13.</p>"
            form.team_id = self.team_a
            form.kia_vehicle_id = self.vehicle_a
            form.category_id = self.env.ref("kia_customer_care.helpdesk_ticket_category_waiting")
        ticket = form.record
        self.assertTrue(ticket.kia_is_complaint)
        self.assertEqual(ticket.partner_id, self.customer_a, "owner taken from the vehicle")
        self.assertEqual(ticket.kia_complaint_class, "ordinary")
        self.assertEqual(ticket.kia_complaint_source, "walk_in")
        self.assertEqual(ticket.kia_first_contact_user_id, self.cr_a)
        self.assertEqual(ticket.company_id, self.dealer_a)
        self.assertEqual(ticket.kia_first_contact_deadline, RECEIVED + timedelta(hours=24))
        # 7 working days from a Monday end the next Tuesday, never later than the legal period
        self.assertGreater(ticket.kia_resolution_deadline, RECEIVED + timedelta(days=8))
        self.assertLess(ticket.kia_resolution_deadline, RECEIVED + timedelta(days=10))
        safety = self.create_complaint(self.cr_a, kia_complaint_class="safety")
        self.assertEqual(safety.kia_first_contact_deadline, RECEIVED + timedelta(hours=2))
        self.assertLess(safety.kia_resolution_deadline, ticket.kia_resolution_deadline)

    def test_follow_up_creates_valid_complaint(self):
        """What the follow-up call's _prepare_complaint_values() gives is a full complaint."""
        values = {
            "name": "Unsatisfied at follow-up",
            "description": "<p>Car washed badly.</p>",
            "partner_id": self.customer_a.id,
            "company_id": self.dealer_a.id,
        }
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.cr_a)
            .with_context(default_kia_complaint_source="follow_up")
            .create(values)
        )
        self.assertTrue(ticket.kia_is_complaint)
        self.assertEqual(ticket.kia_complaint_source, "follow_up")
        self.assertEqual(ticket.kia_complaint_class, "ordinary")
        self.assertTrue(ticket.kia_resolution_deadline)
        self.assertTrue(ticket.kia_first_contact_deadline)

    def test_close_needs_customer_confirmation(self):
        ticket = self.create_complaint(self.cr_a)
        with self.assertRaises(UserError):
            ticket.write({"stage_id": self.stage_done.id})
        self.assertEqual(ticket.stage_id, self.stage_new)
        self.assertFalse(ticket.closed_date)
        with self.assertRaises(UserError):
            ticket.action_kia_customer_confirm()
        self.assertFalse(ticket.kia_customer_confirmed)
        with self.assertRaises(UserError) as error:
            ticket.with_context(lang="zh_CN").write({"stage_id": self.stage_done.id})
        self.assertIn("客户接受处理方案之前", str(error.exception))
        self.assertFalse(ticket.closed_date)

        ticket.action_kia_contact_customer()
        self.assertTrue(ticket.kia_first_contact_date)
        ticket.write(
            {
                "kia_root_cause": "Technician skipped the final check.",
                "kia_corrective_action": "Final check list signed by the foreman.",
            }
        )
        ticket.action_kia_customer_confirm()
        self.assertTrue(ticket.kia_customer_confirmed_date)
        ticket.write({"stage_id": self.stage_done.id})
        self.assertTrue(ticket.closed)
        recontact = ticket.activity_ids.filtered(
            lambda a: (
                a.activity_type_id
                == self.env.ref("kia_customer_care.mail_activity_type_complaint_recontact")
            )
        )
        self.assertEqual(len(recontact), 1)
        self.assertEqual(recontact.user_id, self.cr_a)
        with self.assertRaises(UserError):
            ticket.action_kia_record_recontact()
        ticket.kia_satisfaction = "satisfied"
        ticket.action_kia_record_recontact()
        self.assertTrue(ticket.kia_recontact_date)
        self.assertFalse(ticket.activity_ids)

    def test_bad_inputs(self):
        ticket = self.create_complaint(self.cr_a)
        with self.assertRaises(ValidationError):
            ticket.kia_compensation_amount = -10
        ticket.invalidate_recordset()
        self.assertEqual(ticket.kia_compensation_amount, 0)
        with self.assertRaises(UserError):
            ticket.action_kia_create_credit_note()
        self.assertFalse(ticket.kia_credit_note_id)
        with self.assertRaises(ValidationError):
            self.env["kia.complaint.deadline"].with_user(self.manager_a).create(
                {"complaint_class": "major", "company_id": self.dealer_a.id, "resolution_days": 9}
            )
        self.assertFalse(
            self.env["kia.complaint.deadline"].search([("company_id", "=", self.dealer_a.id)])
        )

    def test_dealer_rule_overrides_network(self):
        self.env["kia.complaint.deadline"].with_user(self.manager_a).create(
            {
                "complaint_class": "ordinary",
                "company_id": self.dealer_a.id,
                "first_contact_hours": 2,
                "resolution_days": 3,
            }
        )
        ticket_a = self.create_complaint(self.cr_a)
        ticket_b = self.create_complaint(
            self.cr_b, partner_id=self.customer_b.id, team_id=self.team_b.id
        )
        self.assertEqual(
            ticket_a.kia_first_contact_deadline - ticket_a.kia_received_date, timedelta(hours=2)
        )
        self.assertEqual(
            ticket_b.kia_first_contact_deadline - ticket_b.kia_received_date, timedelta(hours=24)
        )

    def test_isolation_between_dealers(self):
        ticket_a = self.create_complaint(self.cr_a)
        ticket_b = self.create_complaint(
            self.cr_b, partner_id=self.customer_b.id, team_id=self.team_b.id
        )
        Ticket = self.env["helpdesk.ticket"]
        self.assertEqual(Ticket.with_user(self.cr_b).search([("id", "=", ticket_a.id)]), Ticket)
        with self.assertRaises(AccessError):
            ticket_a.with_user(self.cr_b).read(["name"])
        with self.assertRaises(AccessError):
            ticket_a.with_user(self.cr_b).write({"name": "hacked"})
        self.assertEqual(ticket_a.name, "Noise after service")
        hq_sees = Ticket.with_user(self.hq_officer).search(
            [("id", "in", (ticket_a | ticket_b).ids)]
        )
        self.assertEqual(hq_sees, ticket_a | ticket_b)
        report = self.env["kia.complaint.report"]
        self.env.flush_all()
        self.assertEqual(
            report.with_user(self.cr_b).search([("ticket_id", "=", ticket_a.id)]), report
        )
        self.assertEqual(
            len(report.with_user(self.hq_officer).search([("ticket_id", "in", hq_sees.ids)])), 2
        )

    def test_hq_routes_complaint_to_dealer(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .with_user(self.hq_officer)
            .with_company(self.hq)
            .create(
                {
                    "name": "400 hotline: rude advisor",
                    "description": "<p>Called the national hotline.</p>",
                    "partner_id": self.customer_a.id,
                    "kia_complaint_source": "hq",
                }
            )
        )
        self.assertEqual(ticket.company_id, self.hq)
        as_cr_a = self.env["helpdesk.ticket"].with_user(self.cr_a)
        self.assertFalse(as_cr_a.search([("id", "=", ticket.id)]))
        with self.assertRaises(UserError):
            ticket.action_kia_route_to_dealer()
        self.assertEqual(ticket.company_id, self.hq)
        ticket.kia_route_company_id = self.dealer_a
        ticket.action_kia_route_to_dealer()
        self.assertEqual(ticket.company_id, self.dealer_a)
        self.assertEqual(ticket.team_id, self.team_a)
        self.assertTrue(ticket.kia_hq_received)
        self.assertEqual(as_cr_a.search([("id", "=", ticket.id)]), ticket)

    def test_compensation_credit_note(self):
        self.env["account.chart.template"].try_loading(
            "cn", company=self.dealer_a, install_demo=False
        )
        self.manager_a.groups_id += self.env.ref("account.group_account_invoice")
        ticket = self.create_complaint(self.cr_a, kia_compensation_amount=300)
        ticket.with_user(self.manager_a).action_kia_create_credit_note()
        move = ticket.kia_credit_note_id
        self.assertEqual(move.move_type, "out_refund")
        self.assertEqual(move.partner_id, self.customer_a)
        self.assertEqual(move.company_id, self.dealer_a)
        # The compensation is what the customer gets, VAT included (13 %), booked as an
        # expense.
        self.assertEqual(move.amount_total, 300)
        self.assertEqual(move.amount_untaxed, 265.49)
        self.assertEqual(move.amount_tax, 34.51)
        line = move.invoice_line_ids
        self.assertEqual(
            line.product_id, self.env.ref("kia_customer_care.product_complaint_compensation")
        )
        self.assertEqual(line.tax_ids.amount, 13.0)
        self.assertEqual(line.tax_ids.type_tax_use, "sale")
        self.assertEqual(
            line.account_id,
            line.product_id.product_tmpl_id.with_company(self.dealer_a)._get_product_accounts()[
                "expense"
            ],
        )
        self.assertTrue(line.account_id.account_type.startswith("expense"))
        with self.assertRaises(UserError):
            ticket.with_user(self.manager_a).action_kia_create_credit_note()
        self.assertEqual(
            self.env["account.move"].search_count([("invoice_origin", "=", ticket.number)]), 1
        )

    def test_compensation_credit_note_vat_ties(self):
        """The credit note's VAT line is the dealer's output VAT reduced by the tax of the
        compensation, and net plus VAT is the compensation to the cent."""
        self.env["account.chart.template"].try_loading(
            "cn", company=self.dealer_a, install_demo=False
        )
        self.manager_a.groups_id += self.env.ref("account.group_account_invoice")
        ticket = self.create_complaint(self.cr_a, kia_compensation_amount=123.45)
        ticket.with_user(self.manager_a).action_kia_create_credit_note()
        move = ticket.kia_credit_note_id.with_user(self.manager_a)
        move.action_post()
        currency = move.currency_id
        self.assertFalse(currency.compare_amounts(move.amount_total, 123.45))
        self.assertFalse(
            currency.compare_amounts(move.amount_untaxed + move.amount_tax, move.amount_total)
        )
        self.assertFalse(currency.compare_amounts(move.amount_untaxed, 123.45 / 1.13))
        vat = move.line_ids.filtered("tax_line_id")
        self.assertEqual(vat.tax_line_id, self.dealer_a.account_sale_tax_id)
        self.assertFalse(currency.compare_amounts(vat.debit, move.amount_tax))
        receivable = move.line_ids.filtered(lambda aml: aml.account_type == "asset_receivable")
        self.assertEqual(receivable.partner_id, self.customer_a)
        self.assertFalse(currency.compare_amounts(receivable.credit, 123.45))

    def test_compensation_credit_note_needs_vat(self):
        """A dealer without its sales VAT gets a clear error and no credit note."""
        self.dealer_a.account_sale_tax_id = False
        self.manager_a.groups_id += self.env.ref("account.group_account_invoice")
        ticket = self.create_complaint(self.cr_a, kia_compensation_amount=300)
        with self.assertRaises(UserError) as error:
            ticket.with_user(self.manager_a).action_kia_create_credit_note()
        self.assertIn(self.dealer_a.name, str(error.exception))
        self.assertFalse(ticket.kia_credit_note_id)
        self.assertFalse(
            self.env["account.move"].search_count([("invoice_origin", "=", ticket.number)])
        )


@tagged("post_install", "-at_install")
class TestComplaintEscalation(KiaComplaintCase):
    def _activities(self, ticket, xmlid):
        return ticket.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(f"kia_customer_care.{xmlid}")
        )

    def test_warning_breach_escalation(self):
        with freeze_time(RECEIVED):
            ticket = self.create_complaint(self.cr_a)
            contacted = self.create_complaint(self.cr_a, name="Already called")
            contacted.action_kia_contact_customer()
        cron = self.env["helpdesk.ticket"]
        with freeze_time(RECEIVED + timedelta(hours=19)):
            cron._cron_kia_complaint_deadlines()
        self.assertEqual(ticket.kia_escalation_level, "none")
        with freeze_time(RECEIVED + timedelta(hours=21)):
            cron._cron_kia_complaint_deadlines()
        self.assertEqual(ticket.kia_escalation_level, "warned")
        warning = self._activities(ticket, "mail_activity_type_complaint_warning")
        self.assertEqual(warning.user_id, self.cr_a)
        self.assertEqual(contacted.kia_escalation_level, "none", "first contact was made")
        with freeze_time(RECEIVED + timedelta(hours=25)):
            cron._cron_kia_complaint_deadlines()
        self.assertEqual(ticket.kia_escalation_level, "manager")
        escalation = self._activities(ticket, "mail_activity_type_complaint_escalation")
        self.assertEqual(escalation.user_id, self.manager_a)
        with freeze_time(RECEIVED + timedelta(hours=40)):
            cron._cron_kia_complaint_deadlines()
        self.assertEqual(ticket.kia_escalation_level, "manager", "HQ after 24 more hours")
        with freeze_time(RECEIVED + timedelta(hours=50)):
            cron._cron_kia_complaint_deadlines()
        self.assertEqual(ticket.kia_escalation_level, "hq")
        escalation = self._activities(ticket, "mail_activity_type_complaint_escalation")
        self.assertEqual(escalation.user_id, self.manager_a | self.hq_officer)
        # the contacted complaint still runs against its resolution deadline
        self.assertEqual(contacted.kia_escalation_level, "none")
        with freeze_time(contacted.kia_resolution_deadline + timedelta(minutes=1)):
            cron._cron_kia_complaint_deadlines()
        self.assertEqual(contacted.kia_escalation_level, "manager")

    def test_closed_complaint_not_escalated(self):
        with freeze_time(RECEIVED):
            ticket = self.create_complaint(self.cr_a, kia_root_cause="x", kia_corrective_action="y")
            ticket.action_kia_customer_confirm()
            ticket.stage_id = self.stage_done
        with freeze_time(RECEIVED + timedelta(days=30)):
            self.env["helpdesk.ticket"]._cron_kia_complaint_deadlines()
        self.assertEqual(ticket.kia_escalation_level, "none")
        self.assertEqual(ticket.kia_days_to_close, 0)


@tagged("post_install", "-at_install")
class TestComplaintReport(KiaComplaintCase):
    def _close(self, ticket, when):
        with freeze_time(when):
            ticket.write({"kia_root_cause": "cause", "kia_corrective_action": "action"})
            ticket.action_kia_customer_confirm()
            ticket.stage_id = self.stage_done

    def test_time_to_close_and_two_week_rate(self):
        with freeze_time(RECEIVED):
            fast = self.create_complaint(self.cr_a, kia_complaint_class="major")
            slow = self.create_complaint(self.cr_a, kia_complaint_class="major")
            still_open = self.create_complaint(self.cr_a, kia_complaint_class="major")
        self._close(fast, RECEIVED + timedelta(days=3))
        self._close(slow, RECEIVED + timedelta(days=20))
        self.assertEqual(fast.kia_days_to_close, 3)
        self.assertEqual(slow.kia_days_to_close, 20)
        self.env.flush_all()
        Report = self.env["kia.complaint.report"].with_user(self.cr_a)
        domain = [("ticket_id", "in", (fast | slow | still_open).ids)]
        [(count, days, rate)] = Report._read_group(
            domain + [("is_closed", "=", True)],
            [],
            ["complaint_count:sum", "days_to_close:avg", "closed_on_time_rate:avg"],
        )
        self.assertEqual(count, 2)
        self.assertAlmostEqual(days, 11.5)
        self.assertAlmostEqual(rate, 50.0)
        groups = Report._read_group(
            domain, ["company_id", "complaint_class", "date:month"], ["complaint_count:sum"]
        )
        self.assertEqual(groups, [(self.dealer_a, "major", groups[0][2], 3)])
