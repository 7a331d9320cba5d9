from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from odoo.addons.kia_parts.tests.common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestAssessmentSanction(KiaPartsCase):
    """Rewards and penalties: proposed, approved by a second head-office manager, posted in
    the dealer's books (deposit ledger for a penalty, invoice to head office for a reward)."""

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

    def propose(self, sanction_type, amount, user=None):
        sanction = (
            self.env["kia.assessment.sanction"]
            .with_user(user or self.hq_officer)
            .create(
                {
                    "company_id": self.dealer_a.id,
                    "sanction_type": sanction_type,
                    "amount": amount,
                    "reason": "Old parts returned late",
                }
            )
        )
        sanction.action_submit()
        return sanction

    def test_penalty_from_deposit(self):
        balance = self.dealer_a.kia_parts_deposit_balance
        sanction = self.propose("penalty", 1234.56, user=self.hq_manager)
        self.assertEqual(sanction.proposed_by_id, self.hq_manager)
        with self.assertRaisesRegex(UserError, "another head office manager"):
            sanction.with_user(self.hq_manager).action_approve()
        with self.assertRaises(AccessError):
            sanction.with_user(self.hq_officer).action_approve()
        with self.assertRaises(AccessError):
            sanction.with_user(self.manager_a).action_approve()
        self.assertEqual(sanction.state, "to_approve")
        self.assertFalse(sanction.approved_by_id)
        sanction.with_user(self.hq_manager_2).action_approve()
        self.assertEqual(sanction.approved_by_id, self.hq_manager_2)
        sanction.with_user(self.hq_manager_2).action_post()
        self.assertEqual(sanction.state, "posted")
        line = sanction.deposit_line_id
        self.assertEqual(line.line_type, "penalty")
        self.assertEqual(line.state, "posted")
        self.assertAlmostEqual(line.amount, 1234.56, places=2)
        self.dealer_a.invalidate_recordset(["kia_parts_deposit_balance"])
        self.assertAlmostEqual(self.dealer_a.kia_parts_deposit_balance, balance - 1234.56, places=2)
        move = sanction.move_id
        self.assertEqual(move, line.move_id)
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.company_id, self.dealer_a)
        deposit = move.line_ids.filtered(
            lambda ml: ml.account_id == self.dealer_a.kia_parts_deposit_account_id
        )
        penalty = move.line_ids.filtered(
            lambda ml: ml.account_id == self.dealer_a.kia_parts_deposit_penalty_account_id
        )
        self.assertAlmostEqual(deposit.credit, 1234.56, places=2)
        self.assertAlmostEqual(penalty.debit, 1234.56, places=2)
        with self.assertRaises(UserError):
            sanction.with_user(self.hq_manager_2).action_post()

    def test_penalty_beyond_deposit_refused(self):
        sanction = self.propose("penalty", 20000.0)
        sanction.with_user(self.hq_manager).action_approve()
        with self.assertRaisesRegex(UserError, "cannot cover"):
            sanction.with_user(self.hq_manager).action_post()
        self.assertEqual(sanction.state, "approved")
        self.assertFalse(
            self.env["kia.parts.deposit.line"].search(
                [("company_id", "=", self.dealer_a.id), ("line_type", "=", "penalty")]
            )
        )

    def test_reward_invoiced_to_hq(self):
        sanction = self.propose("reward", 888.88)
        sanction.with_user(self.hq_manager).action_approve()
        sanction.with_user(self.hq_manager).action_post()
        move = sanction.move_id
        self.assertEqual(move.move_type, "out_invoice")
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.company_id, self.dealer_a)
        self.assertEqual(move.partner_id, self.hq.partner_id)
        self.assertAlmostEqual(move.amount_total, 888.88, places=2)
        self.assertFalse(sanction.deposit_line_id)

    def test_dealer_sees_only_approved_own(self):
        sanction = self.propose("penalty", 100.0)
        Sanction = self.env["kia.assessment.sanction"]
        self.assertFalse(Sanction.with_user(self.manager_a).search([]))
        sanction.with_user(self.hq_manager).action_approve()
        self.assertEqual(Sanction.with_user(self.manager_a).search([]), sanction)
        manager_b = self.make_user("t_manager_b2", "kia_base.group_service_manager", self.dealer_b)
        self.assertFalse(Sanction.with_user(manager_b).search([]))
        with self.assertRaises(AccessError):
            Sanction.with_user(self.manager_a).create(
                {
                    "company_id": self.dealer_a.id,
                    "sanction_type": "reward",
                    "amount": 1.0,
                    "reason": "self-reward",
                }
            )

    def test_bad_amount_refused(self):
        Sanction = self.env["kia.assessment.sanction"].with_user(self.hq_officer)
        with self.assertRaisesRegex(ValidationError, "positive amount"), self.cr.savepoint():
            Sanction.create(
                {
                    "company_id": self.dealer_a.id,
                    "sanction_type": "penalty",
                    "amount": -5.0,
                    "reason": "negative",
                }
            )
        self.assertFalse(Sanction.search([("reason", "=", "negative")]))

    def test_cancel_needs_reason(self):
        sanction = self.propose("penalty", 100.0)
        Wizard = self.env["kia.assessment.sanction.cancel"].with_user(self.hq_manager)
        form = Form(Wizard.with_context(default_sanction_ids=sanction.ids))
        with self.assertRaises(AssertionError):
            form.save()
        form.reason = "  "
        wizard = form.save()
        with self.assertRaises(UserError) as error:
            wizard.action_cancel()
        self.assertIn("reason", str(error.exception))
        with self.assertRaises(UserError):
            sanction.with_user(self.hq_manager).action_cancel()
        self.assertEqual(sanction.state, "to_approve")
        self.assertFalse(sanction.cancel_reason)
        form = Form(Wizard.with_context(default_sanction_ids=sanction.ids))
        form.reason = "Old parts arrived late because of the carrier, not the dealer"
        self.assertTrue(form.save().action_cancel())
        self.assertEqual(sanction.state, "cancel")
        self.assertEqual(
            sanction.cancel_reason, "Old parts arrived late because of the carrier, not the dealer"
        )
