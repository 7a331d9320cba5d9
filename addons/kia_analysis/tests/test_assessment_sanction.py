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
        for company in network:
            company.account_fiscal_country_id = cls.env.ref("base.cn")
        # VAT as the Chinese chart has it: dealer A and head office hold a 6 % service VAT
        # beside their 13 % default (VAT included in prices); dealer B only its 13 % default,
        # VAT added to prices.
        cls.vat_a_6 = cls.make_tax(cls.dealer_a, "sale", 6.0, included=True)
        cls.dealer_a.account_sale_tax_id = cls.make_tax(cls.dealer_a, "sale", 13.0, included=True)
        cls.vat_hq_6 = cls.make_tax(cls.hq, "purchase", 6.0, included=True)
        cls.vat_hq_13 = cls.make_tax(cls.hq, "purchase", 13.0, included=True)
        cls.hq.account_purchase_tax_id = cls.vat_hq_13
        cls.vat_b_13 = cls.make_tax(cls.dealer_b, "sale", 13.0, included=False)
        cls.dealer_b.account_sale_tax_id = cls.vat_b_13

    @classmethod
    def make_tax(cls, company, use, rate, included):
        country = company.account_fiscal_country_id
        group = cls.env["account.tax.group"].search(
            [("company_id", "=", company.id)], limit=1
        ) or cls.env["account.tax.group"].create(
            {"name": "VAT", "company_id": company.id, "country_id": country.id}
        )
        return cls.env["account.tax"].create(
            {
                "tax_group_id": group.id,
                "country_id": country.id,
                "name": f"VAT {rate:g}% {use} {company.name}",
                "company_id": company.id,
                "type_tax_use": use,
                "amount_type": "percent",
                "amount": rate,
                "price_include_override": "tax_included" if included else "tax_excluded",
            }
        )

    def post_reward(self, amount, company=None):
        sanction = (
            self.env["kia.assessment.sanction"]
            .with_user(self.hq_officer)
            .create(
                {
                    "company_id": (company or self.dealer_a).id,
                    "sanction_type": "reward",
                    "amount": amount,
                    "reason": "Best customer satisfaction of the region",
                }
            )
        )
        sanction.action_submit()
        sanction.with_user(self.hq_manager).action_approve()
        sanction.with_user(self.hq_manager).action_post()
        return sanction

    def hq_bill(self, move):
        return self.env["account.move"].search(
            [("auto_invoice_id", "=", move.id), ("company_id", "=", self.hq.id)]
        )

    def assert_same_amounts(self, move, bill):
        currency = move.currency_id
        for fname in ("amount_untaxed", "amount_tax", "amount_total"):
            with self.subTest(amount=fname):
                self.assertFalse(currency.compare_amounts(move[fname], bill[fname]))

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
        """The dealer's invoice carries its 6 % service VAT (not its 13 % default), the total
        is the reward; head office's bill carries its 6 % input VAT, same amounts to the cent."""
        sanction = self.post_reward(888.88)
        move = sanction.move_id
        self.assertEqual(move.move_type, "out_invoice")
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.company_id, self.dealer_a)
        self.assertEqual(move.partner_id, self.hq.partner_id)
        self.assertEqual(move.kia_sanction_id, sanction)
        self.assertEqual(move.invoice_line_ids.tax_ids, self.vat_a_6)
        self.assertAlmostEqual(move.amount_total, 888.88, places=2)
        self.assertAlmostEqual(move.amount_tax, round(888.88 - 888.88 / 1.06, 2), places=2)
        tax_line = move.line_ids.filtered("tax_line_id")
        self.assertEqual(tax_line.tax_line_id, self.vat_a_6)
        self.assertAlmostEqual(tax_line.credit, move.amount_tax, places=2)
        self.assertFalse(sanction.deposit_line_id)
        bill = self.hq_bill(move)
        self.assertEqual(len(bill), 1)
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.state, "posted", "same total: head office's bill is validated")
        self.assertEqual(bill.kia_sanction_id, sanction)
        self.assertEqual(bill.invoice_line_ids.tax_ids, self.vat_hq_6)
        self.assertEqual(bill.line_ids.filtered("tax_line_id").tax_line_id, self.vat_hq_6)
        self.assert_same_amounts(move, bill)

    def test_reward_default_vat_without_service_rate(self):
        """Dealer B has no 6 % VAT: its default 13 % (added to prices) is used, the total still
        is the reward to the cent, and head office's bill carries its 13 % input VAT."""
        sanction = self.post_reward(1000.0, company=self.dealer_b)
        move = sanction.move_id
        self.assertEqual(move.invoice_line_ids.tax_ids, self.vat_b_13)
        self.assertAlmostEqual(move.amount_total, 1000.0, places=2)
        self.assertAlmostEqual(move.amount_untaxed + move.amount_tax, 1000.0, places=2)
        self.assertAlmostEqual(move.amount_tax, round(move.amount_untaxed * 0.13, 2), places=2)
        bill = self.hq_bill(move)
        self.assertEqual(bill.invoice_line_ids.tax_ids, self.vat_hq_13)
        self.assertEqual(bill.state, "posted")
        self.assert_same_amounts(move, bill)

    def test_reward_without_vat_refused(self):
        """A dealer without any sales VAT cannot book a reward: nothing is written."""
        self.dealer_b.account_sale_tax_id = False
        self.vat_b_13.active = False
        sanction = (
            self.env["kia.assessment.sanction"]
            .with_user(self.hq_officer)
            .create(
                {
                    "company_id": self.dealer_b.id,
                    "sanction_type": "reward",
                    "amount": 500.0,
                    "reason": "No VAT",
                }
            )
        )
        sanction.action_submit()
        sanction.with_user(self.hq_manager).action_approve()
        with self.assertRaisesRegex(UserError, "no sales VAT"):
            sanction.with_user(self.hq_manager).action_post()
        self.assertEqual(sanction.state, "approved")
        self.assertFalse(sanction.move_id)
        self.assertFalse(self.env["account.move"].search([("kia_sanction_id", "=", sanction.id)]))

    def test_penalty_carries_no_vat(self):
        """A penalty is no sale: neither the dealer's entry nor any other document of it
        carries VAT, and head office books no bill of it."""
        sanction = self.propose("penalty", 300.0)
        sanction.with_user(self.hq_manager).action_approve()
        sanction.with_user(self.hq_manager).action_post()
        move = sanction.move_id
        self.assertEqual(move.state, "posted")
        self.assertFalse(move.line_ids.tax_ids)
        self.assertFalse(move.line_ids.filtered("tax_line_id"))
        self.assertAlmostEqual(sum(move.line_ids.mapped("debit")), 300.0, places=2)
        self.assertFalse(self.hq_bill(move))
        hq_moves = self.env["account.move"].search(
            [("company_id", "=", self.hq.id), ("line_ids.tax_line_id", "!=", False)]
        )
        self.assertFalse(hq_moves.filtered(lambda m: sanction.name in (m.ref or "")))

    def test_reward_link_is_posting_only(self):
        """Nobody ties an invoice to a reward by hand: the dealer's accountant and head
        office's manager are refused, the invoice is unchanged."""
        sanction = self.post_reward(100.0)
        other = sanction.move_id.with_env(self.env).copy()
        self.assertFalse(other.kia_sanction_id)
        for user in (self.accountant_a, self.hq_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                other.with_user(user).write({"kia_sanction_id": sanction.id})
            self.assertFalse(other.kia_sanction_id)

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
