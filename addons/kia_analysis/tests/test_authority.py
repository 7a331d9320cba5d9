from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.kia_base.tests.common import KiaBaseCase
from odoo.addons.kia_parts.tests.common import KiaPartsCase


class AuthorityMixin:
    def assertRefused(self, records, users, cases):  # noqa: N802
        """Each of ``users`` writing each ``(values, action)`` of ``cases`` to ``records`` is
        refused (the message names the action for a user whose access rights allow the
        write) and nothing changes."""
        fnames = {fname for vals, _action in cases for fname in vals}
        records.invalidate_recordset()
        before = {fname: records[fname] for fname in fnames}
        for user in users:
            may_write = records.with_user(user).has_access("write")
            for vals, action in cases:
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaises(AccessError) as err:
                        records.with_user(user).write(vals)
                    if may_write:
                        self.assertIn(action, str(err.exception))
        records.invalidate_recordset()
        self.assertEqual({fname: records[fname] for fname in fnames}, before)


@tagged("post_install", "-at_install")
class TestSanctionAuthority(AuthorityMixin, KiaPartsCase):
    """Rewards and penalties: the two-person rule holds whatever is written, what was approved
    is what is posted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        network = cls.hq | cls.dealer_a | cls.dealer_b
        cls.hq_manager_2 = cls.make_user(
            "t_hq_manager_2",
            "kia_base.group_hq_manager,base.group_multi_company",
            cls.hq,
            network,
        )
        cls.pay_deposit(cls.dealer_a, 10000.0)

    def propose(self, amount=500.0, user=None, submit=True):
        sanction = (
            self.env["kia.assessment.sanction"]
            .with_user(user or self.hq_officer)
            .create(
                {
                    "company_id": self.dealer_a.id,
                    "sanction_type": "penalty",
                    "amount": amount,
                    "reason": "Old parts returned late",
                }
            )
        )
        if submit:
            sanction.action_submit()
        return sanction

    def test_two_person_rule_not_skipped_by_writing_state(self):
        """Issue: the two-person rule is skipped by writing state directly."""
        sanction = self.propose(user=self.hq_manager)
        approve = "Approve"
        self.assertRefused(
            sanction,
            (self.hq_officer, self.hq_manager, self.manager_a),
            [
                ({"state": "approved"}, approve),
                ({"state": "posted"}, approve),
                ({"approved_by_id": self.hq_manager_2.id}, approve),
                ({"approved_date": "2026-03-01 08:00:00"}, approve),
                ({"proposed_by_id": self.hq_manager_2.id}, "Submit"),
            ],
        )
        with self.assertRaisesRegex(UserError, "another head office manager"):
            sanction.with_user(self.hq_manager).action_approve()
        self.assertEqual(sanction.state, "to_approve")
        Sanction = self.env["kia.assessment.sanction"].with_user(self.hq_manager)
        for vals in (
            {"state": "approved"},
            {"state": "to_approve", "proposed_by_id": self.hq_manager_2.id},
            {"approved_by_id": self.hq_manager_2.id},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(AccessError, "Submit|Approve"):
                Sanction.create(
                    {
                        "company_id": self.dealer_a.id,
                        "amount": 1.0,
                        "reason": "direct",
                        **vals,
                    }
                )
        self.assertFalse(Sanction.search([("reason", "=", "direct")]))

    def test_amount_final_once_submitted(self):
        """Issue: amounts are editable after approval."""
        draft = self.propose(submit=False)
        draft.write({"amount": 600.0, "reason": "Old parts returned late twice"})
        self.assertEqual(draft.amount, 600.0)
        draft.action_submit()
        draft.with_user(self.hq_manager).action_approve()
        correction = "a new reward or penalty"
        self.assertRefused(
            draft,
            (self.hq_officer, self.hq_manager, self.hq_manager_2),
            [
                ({"amount": 60000.0}, correction),
                ({"sanction_type": "reward"}, correction),
                ({"company_id": self.dealer_b.id}, correction),
                ({"date": "2026-01-01"}, correction),
                ({"reason": "changed"}, correction),
            ],
        )
        draft.with_user(self.hq_manager).action_post()
        self.assertAlmostEqual(draft.deposit_line_id.amount, 600.0, places=2)
        self.assertRefused(
            draft,
            (self.hq_manager,),
            [
                ({"amount": 1.0}, correction),
                ({"deposit_line_id": False}, "Post"),
                ({"move_id": False}, "Post"),
                ({"state": "cancel"}, "Cancel"),
                ({"cancel_reason": "x"}, "Cancel"),
            ],
        )

    def test_cancel_roles(self):
        sanction = self.propose()
        sanction.with_user(self.hq_manager).action_approve()
        with self.assertRaisesRegex(AccessError, "managers"):
            sanction.with_user(self.hq_officer).action_cancel(reason="Changed my mind")
        with self.assertRaises(AccessError):
            sanction.with_user(self.manager_a).action_cancel(reason="Not us")
        self.assertEqual(sanction.state, "approved")
        self.assertTrue(sanction.with_user(self.hq_manager_2).action_cancel(reason="Carrier late"))
        self.assertEqual(sanction.state, "cancel")

    def test_hq_officer_walk(self):
        """Head office's officer proposes, corrects his draft, submits and withdraws."""
        sanction = self.propose(submit=False)
        sanction.write({"amount": 700.0})
        self.assertTrue(sanction.action_submit())
        self.assertEqual(sanction.proposed_by_id, self.hq_officer)
        with self.assertRaises(AccessError):
            sanction.action_approve()
        self.assertTrue(sanction.action_cancel(reason="Evidence missing"))
        self.assertEqual(sanction.state, "cancel")

    def test_hq_manager_walk(self):
        """A head office manager approves someone else's proposal and posts it."""
        sanction = self.propose()
        as_manager = sanction.with_user(self.hq_manager)
        self.assertTrue(as_manager.action_approve())
        self.assertEqual(sanction.approved_by_id, self.hq_manager)
        self.assertTrue(as_manager.action_post())
        self.assertEqual(sanction.state, "posted")
        # The dealer reads it and changes nothing.
        own = sanction.with_user(self.manager_a)
        self.assertEqual(own.amount, 500.0)
        with self.assertRaises(AccessError):
            own.write({"amount": 1.0})


@tagged("post_install", "-at_install")
class TestAssessmentAuthority(AuthorityMixin, KiaBaseCase):
    """Assessment states through their actions; the criteria of a scored card stay as they
    were; head office's definitions are head office's; no context key skips a rule."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = (
            cls.env["kia.assessment.template"]
            .with_user(cls.hq_manager)
            .create(
                {
                    "name": "Authority card",
                    "dealer_type": "dealer_4s",
                    "criterion_ids": [
                        Command.create(
                            {
                                "name": "On-time delivery",
                                "source": "kpi",
                                "kpi_id": cls.env.ref("kia_analysis.kia_kpi_on_time_rate").id,
                                "target": 95.0,
                                "floor": 55.0,
                                "weight": 40.0,
                            }
                        ),
                        Command.create({"name": "Audit", "source": "audit", "weight": 60.0}),
                    ],
                }
            )
        )

    def make_card(self):
        return (
            self.env["kia.assessment"]
            .with_user(self.hq_officer)
            .create(
                {
                    "company_id": self.dealer_a.id,
                    "template_id": self.template.id,
                    "date_from": date(2026, 3, 1),
                    "date_to": date(2026, 3, 31),
                }
            )
        )

    def test_states_and_stamps_through_actions(self):
        card = self.make_card()
        cases = [
            ({"state": "scored"}, "Score"),
            ({"state": "approved"}, "Approve"),
            ({"state": "closed"}, "Close"),
            ({"approved_by_id": self.hq_manager.id}, "Approve"),
            ({"approved_date": "2026-04-01 08:00:00"}, "Approve"),
            ({"return_reason": "x"}, "Return to Draft"),
            ({"score": 100.0}, "criteria"),
            ({"vetoed": True}, "criteria"),
        ]
        self.assertRefused(card, (self.hq_officer, self.hq_manager, self.manager_a), cases)
        with self.assertRaisesRegex(AccessError, "Approve"):
            self.env["kia.assessment"].with_user(self.hq_manager).create(
                {
                    "company_id": self.dealer_a.id,
                    "template_id": self.template.id,
                    "date_from": date(2026, 4, 1),
                    "date_to": date(2026, 4, 30),
                    "state": "approved",
                }
            )

    def test_scored_card_frozen(self):
        card = self.make_card()
        card.line_ids.filtered(lambda line: line.source == "audit").audit_percent = 50.0
        card.action_score()
        self.assertRefused(
            card,
            (self.hq_officer, self.hq_manager),
            [
                ({"date_to": "2026-04-30"}, "Return to Draft"),
                ({"company_id": self.dealer_b.id}, "Return to Draft"),
            ],
        )
        audit = card.line_ids.filtered(lambda line: line.source == "audit")
        # Issue: the context key kia_assessment_lines_free, set nowhere, let a client write.
        for user in (self.hq_officer, self.hq_manager):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "reset it"):
                audit.with_user(user).with_context(kia_assessment_lines_free=True).write(
                    {"audit_percent": 100.0}
                )
        with self.assertRaisesRegex(UserError, "reset it"):
            self.env["kia.assessment.line"].with_user(self.hq_manager).create(
                {"assessment_id": card.id, "name": "Extra", "audit_percent": 100.0}
            )
        with self.assertRaisesRegex(UserError, "reset it"):
            audit.with_user(self.hq_manager).unlink()
        self.assertEqual(audit.audit_percent, 50.0)
        self.assertEqual(len(card.line_ids), 2)

    def test_criteria_copied_from_head_office(self):
        """A draft card's criteria are filled in, not redefined: the weights and targets are
        head office's scorecard."""
        card = self.make_card()
        kpi_line = card.line_ids.filtered(lambda line: line.source == "kpi")
        self.assertRefused(
            kpi_line,
            (self.hq_officer, self.hq_manager),
            [
                ({"weight": 100.0}, "scorecard"),
                ({"target": 0.0}, "scorecard"),
                ({"floor": 0.0}, "scorecard"),
                ({"is_veto": True}, "scorecard"),
            ],
        )
        self.assertRefused(
            kpi_line,
            (self.hq_officer, self.hq_manager),
            [({"kpi_value": 95.0}, "Compute from Records")],
        )

    def test_weight_rule_not_skipped_by_context(self):
        """A client sending kia_assessment_weights_later does not skip the weight rule."""
        criterion = self.template.criterion_ids.filtered(lambda c: c.source == "audit")
        as_hq = criterion.with_user(self.hq_manager).with_context(kia_assessment_weights_later=True)
        with self.assertRaisesRegex(ValidationError, "must sum to 100"), self.cr.savepoint():
            as_hq.write({"weight": 90.0})
        with self.assertRaisesRegex(ValidationError, "must sum to 100"), self.cr.savepoint():
            as_hq.create({"template_id": self.template.id, "name": "More", "weight": 10.0})
        self.template.invalidate_recordset()
        self.assertEqual(self.template.weight_total, 100.0)

    def test_definitions_are_head_office_s(self):
        cases = [
            (self.env.ref("kia_analysis.kia_kpi_on_time_rate"), {"higher_is_better": False}),
            (self.env.ref("kia_analysis.kia_assessment_grade_a"), {"min_score": 1.0}),
            (self.template, {"active": False}),
            (self.template.criterion_ids[:1], {"target": 1.0}),
        ]
        target = self.env["kia.kpi.target"].search([], limit=1)
        if target:
            cases.append((target, {"target": 1.0}))
        for record, vals in cases:
            for user in (self.manager_a, self.hq_officer):
                with self.subTest(record=record._name, user=user.login):
                    with self.assertRaises(AccessError):
                        record.with_user(user).write(vals)
                    with self.assertRaisesRegex(AccessError, "head office"):
                        record.with_user(user)._kia_check_hq_owned()
        self.template.with_user(self.hq_manager).write({"description": "<p>2026</p>"})

    def test_hq_officer_walk(self):
        """Head office's officer scores a dealer and sends a card back to draft."""
        card = self.make_card()
        audit = card.line_ids.filtered(lambda line: line.source == "audit")
        audit.with_user(self.hq_officer).audit_percent = 80.0
        self.assertTrue(card.action_fill_kpi())
        self.assertTrue(card.action_score())
        self.assertEqual(card.state, "scored")
        self.assertTrue(card.action_reset_draft(reason="Evidence missing"))
        self.assertEqual((card.state, card.return_reason), ("draft", "Evidence missing"))
        card.action_score()
        with self.assertRaises(AccessError):
            card.action_approve()
        self.assertEqual(card.state, "scored")

    def test_hq_manager_walk(self):
        """A head office manager approves and closes; the dealer then reads its card."""
        card = self.make_card()
        card.action_score()
        as_manager = card.with_user(self.hq_manager)
        self.assertTrue(as_manager.action_approve())
        self.assertEqual(card.approved_by_id, self.hq_manager)
        self.assertTrue(as_manager.action_close())
        self.assertEqual(card.state, "closed")
        self.assertEqual(self.env["kia.assessment"].with_user(self.manager_a).search([]), card)
