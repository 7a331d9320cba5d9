from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.kia_service.tests.service_common import (
    FollowupSurveyMixin,
    KiaServiceProcessCase,
)


@tagged("post_install", "-at_install")
class TestFollowupComplaint(FollowupSurveyMixin, KiaServiceProcessCase):
    """An unsatisfied follow-up, by call or questionnaire, opens a complaint the complaint desk
    works; a satisfied one opens none."""

    def test_unsatisfied_call_opens_complaint(self):
        with freeze_time("2026-03-02 08:00:00"):
            repair = self._delivered_repair()
        repair.with_user(self.cr_a).action_kia_followup_unreachable()
        repair.with_user(self.cr_a).action_kia_followup_done(satisfaction="2", note="Noise again")
        self.assertEqual(repair.kia_followup_state, "done")
        ticket = repair.kia_ticket_id
        self.assertTrue(ticket, "an unsatisfied answer opens a complaint")
        self.assertEqual(ticket.partner_id, self.customer_a)
        self.assertEqual(ticket.company_id, self.dealer_a)
        # It is a complaint the complaint desk works: source, vehicle, order and deadlines.
        self.assertTrue(ticket.kia_is_complaint)
        self.assertEqual(ticket.kia_complaint_source, "follow_up")
        self.assertEqual(ticket.kia_vehicle_id, repair.vehicle_id)
        self.assertEqual(ticket.kia_repair_id, repair)
        self.assertTrue(ticket.kia_first_contact_deadline)
        self.assertIn("Noise again", ticket.description)

    def test_satisfied_call_opens_no_complaint(self):
        repair = self._delivered_repair()
        repair.with_user(self.cr_a).action_kia_followup_done(satisfaction="5")
        self.assertFalse(repair.kia_ticket_id, "a satisfied customer opens no complaint")

    def test_unsatisfied_questionnaire_opens_complaint(self):
        repair = self._delivered_repair()
        answer = self._start(repair)
        self._fill(answer, overall=2, comment="Brakes still squeal")
        ticket = repair.kia_ticket_id
        self.assertTrue(ticket, "an unsatisfied answer opens a complaint")
        self.assertTrue(ticket.kia_is_complaint)
        self.assertEqual(ticket.kia_complaint_source, "follow_up")
        self.assertEqual(ticket.kia_repair_id, repair)
        self.assertEqual(ticket.partner_id, self.customer_a)
        self.assertEqual(ticket.company_id, self.dealer_a)
        self.assertIn("Brakes still squeal", ticket.description)

    def test_satisfied_questionnaire_opens_no_complaint(self):
        repair = self._delivered_repair()
        answer = self._start(repair)
        self._fill(answer, overall=4, comment="Friendly advisor")
        self.assertEqual(repair.kia_satisfaction, "4")
        self.assertFalse(repair.kia_ticket_id)

    def test_one_complaint_per_repair_order(self):
        """Recording the unsatisfied answer again keeps the complaint already opened."""
        repair = self._delivered_repair()
        repair.with_user(self.cr_a).action_kia_followup_done(satisfaction="1")
        ticket = repair.kia_ticket_id
        repair._kia_followup_unsatisfied()
        self.assertEqual(repair.kia_ticket_id, ticket)
        self.assertEqual(
            self.env["helpdesk.ticket"].search_count([("kia_repair_id", "=", repair.id)]), 1
        )
