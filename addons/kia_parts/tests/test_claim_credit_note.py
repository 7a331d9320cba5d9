from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestClaimCreditNote(KiaPartsCase):
    """Head office settles an approved parts claim by a credit note in both companies' books:
    its customer credit note to the dealer with its sales VAT, mirrored as the dealer's vendor
    credit note with the dealer's purchase VAT (l10n_cn), the same figures to the cent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pay_deposit(cls.dealer_a, 100000.0)
        # The credit notes carry l10n_cn's VAT: both companies need their Chinese chart.
        for company in (cls.hq, cls.dealer_a):
            cls.env["account.chart.template"].try_loading("cn", company=company, install_demo=False)
        cls.network = (cls.hq | cls.dealer_a | cls.dealer_b).ids

    def _approved_claim(self):
        order = self.make_order(
            self.clerk_a, [(self.oil_filter, 10, 30.0), (self.bumper, 1, 2000.0)]
        )
        order.with_user(self.clerk_a).button_confirm()
        picking = order.picking_ids.with_user(self.clerk_a)
        received = {self.oil_filter: 7, self.bumper: 0}
        for move in picking.move_ids:
            move.quantity = received[move.product_id]
            move.picked = True
        picking.kia_discrepancy_ids = [
            (0, 0, {"product_id": self.oil_filter.id, "discrepancy_type": "short", "quantity": 3}),
            (0, 0, {"product_id": self.bumper.id, "discrepancy_type": "short", "quantity": 1}),
        ]
        picking.with_context(cancel_backorder=True)._action_done()
        claim = picking.kia_claim_ids.with_user(self.clerk_a)
        claim.action_submit()
        hq_claim = self.as_hq(claim)
        hq_claim.action_approve()
        hq_claim.settlement_type = "credit_note"
        return claim

    def as_hq(self, records):
        return records.with_user(self.hq_parts).with_context(allowed_company_ids=self.network)

    def test_credit_note_on_both_sides_with_vat(self):
        claim = self._approved_claim()
        total = 3 * 30.0 + 2000.0
        self.assertEqual(claim.amount, total)
        self.as_hq(claim).action_settle()
        self.assertEqual(claim.state, "settled")
        hq_move = claim.hq_credit_note_id
        dealer_move = claim.credit_note_id
        # Head office's customer credit note to the dealer, posted in head office's books.
        self.assertEqual(
            (hq_move.move_type, hq_move.state, hq_move.company_id, hq_move.partner_id),
            ("out_refund", "posted", self.hq, self.dealer_a.partner_id),
        )
        # The dealer's vendor credit note from head office, its mirror, posted in its books.
        self.assertEqual(
            (dealer_move.move_type, dealer_move.state, dealer_move.company_id),
            ("in_refund", "posted", self.dealer_a),
        )
        self.assertEqual(dealer_move.partner_id, self.hq.partner_id)
        self.assertEqual(dealer_move.auto_invoice_id, hq_move)
        # Each names the other and the claim.
        self.assertIn(dealer_move.name, hq_move.ref)
        self.assertIn(hq_move.name, dealer_move.ref)
        for move in hq_move | dealer_move:
            self.assertIn(claim.name, move.ref)
            self.assertEqual(move.payment_reference, claim.name)
        self.assertEqual(hq_move.invoice_origin, claim.name)
        # l10n_cn prices include the 13 % VAT: the claim's amount is the total of both.
        expected_untaxed = round(total / 1.13, 2)
        expected_tax = round(total - expected_untaxed, 2)
        for move in hq_move | dealer_move:
            self.assertEqual(
                (move.amount_untaxed, move.amount_tax, move.amount_total),
                (expected_untaxed, expected_tax, total),
                move.move_type,
            )
        # Taxes: head office's sales VAT, the dealer's purchase VAT of the same rate.
        self.assertEqual(hq_move.invoice_line_ids.tax_ids, self.hq.account_sale_tax_id)
        self.assertEqual(
            dealer_move.invoice_line_ids.tax_ids, self.dealer_a.account_purchase_tax_id
        )
        self.assertEqual(self.hq.account_sale_tax_id.amount, 13.0)
        self.assertEqual(self.dealer_a.account_purchase_tax_id.amount, 13.0)
        # Accounts: head office's income and receivable from the dealer, its output VAT
        # reduced; the dealer's parts account and payable to head office, its input VAT reduced.
        hq_income = self.bumper.with_company(self.hq)._get_product_accounts()["income"]
        self.assertEqual(hq_move.invoice_line_ids.account_id, hq_income)
        dealer_expense = self.bumper.with_company(self.dealer_a)._get_product_accounts()["expense"]
        self.assertEqual(dealer_move.invoice_line_ids.account_id, dealer_expense)
        receivable = hq_move.line_ids.filtered(lambda aml: aml.account_type == "asset_receivable")
        self.assertEqual(
            (receivable.partner_id, receivable.credit), (self.dealer_a.partner_id, total)
        )
        payable = dealer_move.line_ids.filtered(lambda aml: aml.account_type == "liability_payable")
        self.assertEqual((payable.partner_id, payable.debit), (self.hq.partner_id, total))
        hq_vat = hq_move.line_ids.filtered("tax_line_id")
        self.assertEqual(
            (hq_vat.debit, hq_vat.tax_line_id), (expected_tax, self.hq.account_sale_tax_id)
        )
        dealer_vat = dealer_move.line_ids.filtered("tax_line_id")
        self.assertEqual(
            (dealer_vat.credit, dealer_vat.tax_line_id),
            (expected_tax, self.dealer_a.account_purchase_tax_id),
        )
        # The dealer reads its own credit note on the claim, not head office's books.
        self.assertEqual(claim.with_user(self.accountant_a).credit_note_id, dealer_move)
        with self.assertRaises(AccessError):
            hq_move.with_user(self.accountant_a).read(["amount_total"])

    def test_wrong_role_cannot_settle_or_link_credit_notes(self):
        claim = self._approved_claim()
        before = self.env["account.move"].search_count([])
        for user in (self.clerk_a, self.parts_manager_a, self.accountant_a):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    claim.with_user(user).action_settle()
        self.assertEqual(claim.state, "approved")
        self.assertFalse(claim.credit_note_id | claim.hq_credit_note_id)
        self.assertEqual(self.env["account.move"].search_count([]), before)
        # Nobody links a credit note by hand, not even head office's parts officer.
        other = self.env["account.move"].create(
            {
                "move_type": "in_refund",
                "company_id": self.dealer_a.id,
                "partner_id": self.hq.partner_id.id,
            }
        )
        for user in (self.accountant_a, self.hq_parts):
            for fname in ("credit_note_id", "hq_credit_note_id"):
                with self.subTest(user=user.login, field=fname), self.assertRaises(AccessError):
                    claim.with_user(user).with_context(allowed_company_ids=self.network).write(
                        {fname: other.id}
                    )
        claim.invalidate_recordset()
        self.assertFalse(claim.credit_note_id | claim.hq_credit_note_id)
        # Settled once, the claim is not settled again, and its credit notes stay.
        self.as_hq(claim).action_settle()
        moves = claim.credit_note_id | claim.hq_credit_note_id
        self.assertEqual(len(moves), 2)
        with self.assertRaises(UserError):
            self.as_hq(claim).action_settle()
        with self.assertRaises(AccessError):
            self.as_hq(claim).write({"hq_credit_note_id": False})
        claim.invalidate_recordset()
        self.assertEqual(claim.credit_note_id | claim.hq_credit_note_id, moves)
        self.assertEqual(
            self.env["account.move"].search_count(
                [("auto_invoice_id", "=", claim.hq_credit_note_id.id)]
            ),
            1,
        )

    def test_no_vat_no_credit_note(self):
        claim = self._approved_claim()
        self.hq.account_sale_tax_id = False
        before = self.env["account.move"].search_count([])
        with self.assertRaises(UserError) as error:
            self.as_hq(claim).action_settle()
        self.assertIn(self.hq.name, str(error.exception))
        self.assertEqual(claim.state, "approved")
        self.assertFalse(claim.credit_note_id | claim.hq_credit_note_id)
        self.assertEqual(self.env["account.move"].search_count([]), before)

    def test_mirrored_when_a_company_does_not_mirror_by_itself(self):
        """A dealer that does not mirror inter-company invoices by itself still gets its vendor
        credit note: the settlement calls the same mechanism for this credit note."""
        self.dealer_a.intercompany_invoicing = False
        claim = self._approved_claim()
        self.as_hq(claim).action_settle()
        hq_move, dealer_move = claim.hq_credit_note_id, claim.credit_note_id
        self.assertEqual((hq_move.state, dealer_move.state), ("posted", "posted"))
        self.assertEqual(dealer_move.auto_invoice_id, hq_move)
        self.assertEqual(dealer_move.company_id, self.dealer_a)
        self.assertEqual(
            (dealer_move.amount_untaxed, dealer_move.amount_tax, dealer_move.amount_total),
            (hq_move.amount_untaxed, hq_move.amount_tax, hq_move.amount_total),
        )
        self.assertEqual(
            dealer_move.invoice_line_ids.tax_ids, self.dealer_a.account_purchase_tax_id
        )
        self.assertEqual(
            self.env["account.move"].search_count([("auto_invoice_id", "=", hq_move.id)]), 1
        )
