from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestDeposit(KiaPartsCase):
    def _accounting_balance(self, company):
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", company.id),
                ("account_id", "=", company.kia_parts_deposit_account_id.id),
                ("parent_state", "=", "posted"),
            ]
        )
        return sum(lines.mapped("balance"))

    def test_ledger_agrees_with_accounting_to_the_cent(self):
        self.pay_deposit(self.dealer_a, 100000.00)
        self.pay_deposit(self.dealer_a, 2345.67, user=self.accountant_a)
        self.pay_deposit(self.dealer_a, 999.99, "deduction")
        self.pay_deposit(self.dealer_a, 123.45, "penalty")
        refund = self.pay_deposit(self.dealer_a, 0.01, "refund")
        reversed_line = self.pay_deposit(self.dealer_a, 500.50)
        reversed_line.with_user(self.hq_parts).action_reverse()
        self.pay_deposit(self.dealer_b, 7777.77)
        expected = 100000.00 + 2345.67 - 999.99 - 123.45 - 0.01
        currency = self.dealer_a.currency_id
        self.assertEqual(
            currency.compare_amounts(self.dealer_a.kia_parts_deposit_balance, expected), 0
        )
        self.assertEqual(
            currency.compare_amounts(
                self._accounting_balance(self.dealer_a), self.dealer_a.kia_parts_deposit_balance
            ),
            0,
        )
        self.assertAlmostEqual(self._accounting_balance(self.dealer_b), 7777.77, places=2)
        # every posted entry is balanced and in the dealer's own books
        self.assertEqual(refund.move_id.company_id, self.dealer_a)
        self.assertEqual(refund.move_id.state, "posted")
        self.assertEqual(refund.move_id.journal_id, self.dealer_a.kia_parts_deposit_journal_id)

    def test_bad_movements_refused(self):
        Line = self.env["kia.parts.deposit.line"].with_user(self.hq_parts)
        with self.assertRaises(ValidationError):
            Line.create({"company_id": self.dealer_a.id, "amount": -5})
        self.pay_deposit(self.dealer_a, 100.0)
        penalty = Line.create(
            {"company_id": self.dealer_a.id, "amount": 100.01, "line_type": "penalty"}
        )
        with self.assertRaises(UserError):
            penalty.action_post()
        self.assertEqual(penalty.state, "draft")
        self.assertFalse(penalty.move_id)
        self.assertEqual(self.dealer_a.kia_parts_deposit_balance, 100.0)

    def test_dealer_sees_own_ledger_hq_all(self):
        line_a = self.pay_deposit(self.dealer_a, 1000.0)
        line_b = self.pay_deposit(self.dealer_b, 2000.0)
        Line = self.env["kia.parts.deposit.line"]
        self.assertEqual(Line.with_user(self.clerk_a).search([]), line_a)
        self.assertEqual(Line.with_user(self.clerk_b).search([]), line_b)
        with self.assertRaises(AccessError):
            line_b.with_user(self.clerk_a).read(["amount"])
        # a clerk reads the ledger but cannot write it
        with self.assertRaises(AccessError):
            Line.with_user(self.clerk_a).create({"company_id": self.dealer_a.id, "amount": 1})
        hq_env = self.env(
            user=self.hq_parts,
            context={"allowed_company_ids": (self.hq | self.dealer_a | self.dealer_b).ids},
        )
        self.assertEqual(
            hq_env["kia.parts.deposit.line"].search([]) & (line_a | line_b), line_a | line_b
        )
        # the statement prints
        self.env["ir.actions.report"]._render_qweb_html(
            "kia_parts.report_deposit_statement", (line_a | line_b).ids
        )

    def test_credit_open(self):
        self.dealer_a.kia_parts_credit_factor = 1.5
        self.pay_deposit(self.dealer_a, 10000.0)
        self.assertEqual(self.dealer_a.kia_parts_credit_open, 15000.0)
        order = self.make_order(self.clerk_a, [(self.bumper, 3, 2000.0)])
        order.button_confirm()
        self.dealer_a.invalidate_recordset(["kia_parts_credit_open"])
        self.assertEqual(self.dealer_a.kia_parts_credit_open, 9000.0)
        # Received and billed but not paid: still committed, now as an unpaid invoice.
        picking = order.picking_ids
        picking.move_ids.quantity = 3
        picking.move_ids.picked = True
        picking.with_user(self.clerk_a).button_validate()
        order = order.with_user(self.accountant_a)
        order.action_create_invoice()
        bill = order.invoice_ids
        bill.invoice_date = bill.date or "2026-01-01"
        bill.action_post()
        self.dealer_a.invalidate_recordset(["kia_parts_credit_open"])
        self.assertEqual(self.dealer_a.kia_parts_credit_open, 9000.0)
