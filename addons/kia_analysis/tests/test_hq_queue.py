from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from odoo.addons.kia_base.tests.common import KiaBaseCase, queue_domain


@tagged("post_install", "-at_install")
class TestHqQueue(KiaBaseCase):
    """Head office's assessments in progress show every dealer it holds with only head office
    ticked; a dealer's service manager still reads only his own approved cards."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_b = cls.make_user("t_manager_b", "kia_base.group_service_manager", cls.dealer_b)
        Template = cls.env["kia.assessment.template"].with_user(cls.hq_manager)
        cards = cls.env["kia.assessment"]
        for dealer in (cls.dealer_a, cls.dealer_b):
            template = Template.create(
                {
                    "name": f"Card {dealer.kia_dealer_type}",
                    "dealer_type": dealer.kia_dealer_type,
                    "criterion_ids": [
                        Command.create({"name": "Process audit", "source": "audit", "weight": 100})
                    ],
                }
            )
            cards |= (
                cls.env["kia.assessment"]
                .with_user(cls.hq_officer)
                .with_context(allowed_company_ids=dealer.ids)
                .create(
                    {
                        "company_id": dealer.id,
                        "template_id": template.id,
                        "date_from": date(2026, 3, 1),
                        "date_to": date(2026, 3, 31),
                    }
                )
            )
        cls.cards = cards.with_env(cls.env)
        cls.hq_env = cls.env(
            user=cls.hq_officer, context=dict(cls.env.context, allowed_company_ids=cls.hq.ids)
        )

    def test_hq_sees_every_dealer_after_login(self):
        action = self.env.ref("kia_analysis.kia_assessment_action_hq_open")
        self.assertEqual(action.groups_id, self.env.ref("kia_base.group_hq_officer"))
        self.assertEqual(self.hq_env.companies, self.hq)
        found = self.hq_env["kia.assessment"].search(queue_domain(action))
        self.assertEqual(found, self.cards)
        self.assertEqual(
            self.hq_env["kia.assessment.line"].search([("assessment_id", "in", found.ids)]),
            self.cards.line_ids,
        )

    def test_hq_scores_other_dealer_with_only_hq_ticked(self):
        card = self.cards.filtered(lambda c: c.company_id == self.dealer_b).with_env(self.hq_env)
        with Form(card) as form:
            self.assertEqual(form.company_id, self.dealer_b)
        card.action_fill_kpi()
        card.line_ids.audit_percent = 90.0
        card.action_score()
        self.assertEqual(card.state, "scored")
        self.assertAlmostEqual(card.score, 90.0)
        with self.assertRaises(AccessError):
            card.copy()

    def test_dealer_sees_only_his_own_approved(self):
        card_a, card_b = self.cards
        for card in self.cards:
            card.with_env(self.hq_env).line_ids.audit_percent = 80.0
            card.with_env(self.hq_env).action_score()
        self.cards.with_user(self.hq_manager).with_context(
            allowed_company_ids=self.hq.ids
        ).action_approve()
        Card = self.env["kia.assessment"].with_user(self.manager_a)
        self.assertEqual(Card.search([]), card_a)
        self.assertFalse(Card.search([("company_id", "=", self.dealer_b.id)]))
        with self.assertRaises(AccessError):
            card_b.with_user(self.manager_a).read(["score"])
        with self.assertRaises(AccessError):
            card_b.line_ids.with_user(self.manager_a).read(["score"])
