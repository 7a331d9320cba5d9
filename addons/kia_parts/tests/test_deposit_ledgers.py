"""The guarantee deposit in both books: the dealer's accountant declares a payment, head office's
accountant confirms it, and every movement posts in the dealer's books (deposit receivable from
head office) and, mirrored, in head office's (deposit owed to the dealer)."""

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import KiaPartsCase


class KiaDepositLedgersCase(KiaPartsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # head office's accountant: an account manager of head office only, no Kia role
        cls.hq_accountant = cls.make_user(
            "t_hq_accountant", "account.group_account_manager", cls.hq
        )
        cls.accountant_b = cls.make_user(
            "t_accountant_b", "account.group_account_manager", cls.dealer_b
        )

    def declare(self, company, amount, user=None, **vals):
        user = user or (self.accountant_a if company == self.dealer_a else self.accountant_b)
        line = (
            self.env["kia.parts.deposit.line"]
            .with_user(user)
            .create(dict(vals, company_id=company.id, amount=amount))
        )
        line.action_post()
        return line

    def hq_line(self, company, amount, line_type, **vals):
        line = (
            self.env["kia.parts.deposit.line"]
            .with_user(self.hq_accountant)
            .create(dict(vals, company_id=company.id, amount=amount, line_type=line_type))
        )
        line.action_post()
        return line

    def ledger_balance(self, company, account, partner, date=None):
        domain = [
            ("company_id", "=", company.id),
            ("account_id", "=", account.id),
            ("partner_id", "=", partner.id),
            ("parent_state", "=", "posted"),
        ]
        if date:
            domain.append(("date", "<=", date))
        return sum(self.env["account.move.line"].search(domain).mapped("balance"))

    def both_balances(self, dealer, date=None):
        """(the dealer's deposit receivable from head office, head office's deposit owed to the
        dealer), each as a positive amount."""
        dealer_side = self.ledger_balance(
            dealer, dealer.kia_parts_deposit_account_id, self.hq.partner_id, date
        )
        hq_side = -self.ledger_balance(
            self.hq, self.hq.kia_parts_deposit_account_id, dealer.partner_id, date
        )
        return dealer_side, hq_side

    def assertEntry(self, move, company, debit_account, credit_account, partner, amount):
        self.assertEqual(move.state, "posted")
        self.assertEqual(move.company_id, company)
        self.assertEqual(move.journal_id, company.kia_parts_deposit_journal_id)
        currency = company.currency_id
        debits = move.line_ids.filtered(lambda aml: aml.debit)
        credits = move.line_ids.filtered(lambda aml: aml.credit)
        self.assertEqual(debits.account_id, debit_account)
        self.assertEqual(credits.account_id, credit_account)
        self.assertEqual(move.line_ids.partner_id, partner)
        self.assertEqual(currency.compare_amounts(sum(debits.mapped("debit")), amount), 0)
        self.assertEqual(currency.compare_amounts(sum(credits.mapped("credit")), amount), 0)


@tagged("post_install", "-at_install")
class TestDepositLedgers(KiaDepositLedgersCase):
    def test_payment_declared_by_dealer_accountant_confirmed_by_hq_accountant(self):
        line = self.declare(self.dealer_a, 12345.67)
        self.assertEqual(line.state, "declared")
        self.assertEqual(line.declared_by_id, self.accountant_a)
        self.assertFalse(line.move_id or line.hq_move_id)
        # head office's accountant sees the declared payment in its own company
        seen = (
            self.env["kia.parts.deposit.line"]
            .with_user(self.hq_accountant)
            .search([("state", "=", "declared")])
        )
        self.assertIn(line, seen)
        # as in a request of its own: nothing read by another user in the cache
        self.env.invalidate_all()
        line.with_user(self.hq_accountant).action_confirm_receipt()
        self.assertEqual(line.state, "posted")
        self.assertEqual(line.confirmed_by_id, self.hq_accountant)
        dealer, hq = self.dealer_a, self.hq
        self.assertEntry(
            line.move_id,
            dealer,
            dealer.kia_parts_deposit_account_id,
            dealer.kia_parts_deposit_bank_account_id,
            hq.partner_id,
            12345.67,
        )
        self.assertEntry(
            line.hq_move_id,
            hq,
            hq.kia_parts_deposit_bank_account_id,
            hq.kia_parts_deposit_account_id,
            dealer.partner_id,
            12345.67,
        )
        self.assertEqual(line.move_id.date, line.hq_move_id.date)
        dealer.invalidate_recordset()
        self.assertEqual(dealer.kia_parts_deposit_balance, 12345.67)

    def test_refund_deduction_penalty_mirrored(self):
        self.declare(self.dealer_a, 10000.0).with_user(self.hq_accountant).action_confirm_receipt()
        dealer, hq = self.dealer_a, self.hq
        refund = self.hq_line(dealer, 1000.0, "refund")
        self.assertEntry(
            refund.move_id,
            dealer,
            dealer.kia_parts_deposit_bank_account_id,
            dealer.kia_parts_deposit_account_id,
            hq.partner_id,
            1000.0,
        )
        self.assertEntry(
            refund.hq_move_id,
            hq,
            hq.kia_parts_deposit_account_id,
            hq.kia_parts_deposit_bank_account_id,
            dealer.partner_id,
            1000.0,
        )
        penalty = self.hq_line(dealer, 300.0, "penalty")
        self.assertEntry(
            penalty.move_id,
            dealer,
            dealer.kia_parts_deposit_penalty_account_id,
            dealer.kia_parts_deposit_account_id,
            hq.partner_id,
            300.0,
        )
        self.assertEntry(
            penalty.hq_move_id,
            hq,
            hq.kia_parts_deposit_account_id,
            hq.kia_parts_deposit_penalty_account_id,
            dealer.partner_id,
            300.0,
        )
        deduction = self.hq_line(dealer, 200.0, "deduction")
        self.assertEntry(
            deduction.move_id,
            dealer,
            dealer.kia_parts_deposit_deduction_account_id,
            dealer.kia_parts_deposit_account_id,
            hq.partner_id,
            200.0,
        )
        self.assertEntry(
            deduction.hq_move_id,
            hq,
            hq.kia_parts_deposit_account_id,
            hq.kia_parts_deposit_deduction_account_id,
            dealer.partner_id,
            200.0,
        )
        self.assertEqual(self.both_balances(dealer), (8500.0, 8500.0))

    def test_reversal_reverses_both_entries(self):
        line = self.declare(self.dealer_a, 700.0)
        line.with_user(self.hq_accountant).action_confirm_receipt()
        line.with_user(self.hq_accountant).action_reverse()
        reversal = line.reversed_by_id
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(reversal.move_id.reversed_entry_id, line.move_id)
        self.assertEqual(reversal.hq_move_id.reversed_entry_id, line.hq_move_id)
        self.assertEqual(reversal.move_id.company_id, self.dealer_a)
        self.assertEqual(reversal.hq_move_id.company_id, self.hq)
        self.assertEqual(reversal.hq_move_id.state, "posted")
        self.assertEqual(self.both_balances(self.dealer_a), (0.0, 0.0))

    def test_both_books_agree_per_dealer_at_any_date(self):
        dates = ("2026-01-10", "2026-02-15", "2026-03-20", "2026-04-25")
        for date, amount in zip(dates, (5000.01, 2500.02, 1234.56, 99.99), strict=True):
            for dealer in self.dealer_a | self.dealer_b:
                line = self.declare(dealer, amount, date=date)
                line.with_user(self.hq_accountant).action_confirm_receipt()
        penalty = (
            self.env["kia.parts.deposit.line"]
            .with_user(self.hq_accountant)
            .create(
                {
                    "company_id": self.dealer_b.id,
                    "amount": 77.77,
                    "line_type": "penalty",
                    "date": "2026-03-01",
                }
            )
        )
        penalty.action_post()
        currency = self.hq.currency_id
        for dealer in self.dealer_a | self.dealer_b:
            for date in ("2026-01-31", "2026-03-01", "2026-03-31", "2026-12-31"):
                dealer_side, hq_side = self.both_balances(dealer, date)
                self.assertEqual(currency.compare_amounts(dealer_side, hq_side), 0, (dealer, date))
        self.assertEqual(self.both_balances(self.dealer_a)[0], 8834.58)
        self.assertEqual(
            currency.compare_amounts(self.both_balances(self.dealer_b)[1], 8834.58 - 77.77), 0
        )

    def test_missing_hq_accounts_posts_nothing(self):
        line = self.declare(self.dealer_a, 100.0)
        self.hq.kia_parts_deposit_account_id = False
        moves_before = self.env["account.move"].search_count([])
        with self.assertRaises(UserError):
            line.with_user(self.hq_accountant).action_confirm_receipt()
        self.assertEqual(line.state, "declared")
        self.assertFalse(line.move_id)
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)


@tagged("post_install", "-at_install")
class TestDepositLedgerAttacks(KiaDepositLedgersCase):
    def test_only_dealer_accountant_declares(self):
        for user in (self.clerk_a, self.parts_manager_a, self.advisor_a):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    line = (
                        self.env["kia.parts.deposit.line"]
                        .with_user(user)
                        .create({"company_id": self.dealer_a.id, "amount": 10.0})
                    )
                    line.action_post()
        draft = (
            self.env["kia.parts.deposit.line"]
            .with_user(self.accountant_a)
            .create({"company_id": self.dealer_a.id, "amount": 10.0})
        )
        with self.assertRaises(AccessError):
            draft.with_user(self.parts_manager_a).action_post()
        self.assertEqual(draft.state, "draft")

    def test_only_head_office_confirms(self):
        line = self.declare(self.dealer_a, 5000.0)
        for user in (self.accountant_a, self.parts_manager_a, self.clerk_a, self.advisor_a):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    line.with_user(user).action_confirm_receipt()
        # another dealer's accountant does not even see it
        with self.assertRaises(AccessError):
            line.with_user(self.accountant_b).action_confirm_receipt()
        line.invalidate_recordset()
        self.assertEqual(line.state, "declared")
        self.assertFalse(line.move_id or line.hq_move_id or line.confirmed_by_id)
        self.assertFalse(
            self.env["account.move"].search(
                [("journal_id", "in", (self.hq | self.dealer_a).kia_parts_deposit_journal_id.ids)]
            )
        )
        self.dealer_a.invalidate_recordset()
        self.assertEqual(self.dealer_a.kia_parts_deposit_balance, 0.0)

    def test_direct_writes_refused(self):
        line = self.declare(self.dealer_a, 5000.0)
        line.with_user(self.hq_accountant).action_confirm_receipt()
        some_move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "company_id": self.hq.id,
                "journal_id": self.hq.kia_parts_deposit_journal_id.id,
            }
        )
        for user in (self.accountant_a, self.hq_accountant, self.parts_manager_a):
            for vals in (
                {"state": "draft"},
                {"hq_move_id": some_move.id},
                {"move_id": False},
                {"amount": 1.0},
                {"line_type": "refund"},
            ):
                with self.subTest(user=user.login, vals=vals):
                    before = line.read(list(vals))[0]
                    with self.assertRaises(AccessError):
                        line.with_user(user).write(vals)
                    line.invalidate_recordset()
                    self.assertEqual(line.read(list(vals))[0], before)
        # a dealer's accountant cannot create head office's movements or a posted line
        Line = self.env["kia.parts.deposit.line"].with_user(self.accountant_a)
        for vals in (
            {"line_type": "refund"},
            {"line_type": "deduction"},
            {"state": "posted"},
            {"hq_move_id": some_move.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                Line.create(dict(vals, company_id=self.dealer_a.id, amount=10.0))
        with self.assertRaises(AccessError):
            line.with_user(self.accountant_a).action_reverse()
        self.assertFalse(line.reversed_by_id)


@tagged("post_install", "-at_install")
class TestDeductionSettlesBill(KiaDepositLedgersCase):
    """A deduction that names the dealer's open bill from head office pays it in the dealer's
    books and pays head office's matching invoice in head office's books."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.settings(cls.hq).action_kia_parts_setup_intercompany(cls.hq_parts)
        cls.hq_stock = (
            cls.env["stock.warehouse"].search([("company_id", "=", cls.hq.id)], limit=1)
        ).lot_stock_id
        cls.put_in_stock(cls.brake_pad, cls.hq_stock, 50)
        cls.pay_deposit(cls.dealer_a, 100000.0)

    def make_bill(self, quantity):
        """The dealer's bill from head office for a delivered parts order, and head office's
        invoice behind it."""
        order = self.make_order(self.clerk_a, [(self.brake_pad, quantity, 400.0)])
        order.with_user(self.clerk_a).button_confirm()
        hq_env = self.env(user=self.hq_parts, context={"allowed_company_ids": self.hq.ids})
        sale = hq_env["sale.order"].search([("auto_purchase_order_id", "=", order.id)])
        sale.action_confirm()
        delivery = sale.picking_ids
        delivery.action_assign()
        for move in delivery.move_ids:
            move.quantity = move.product_uom_qty
        delivery.move_ids.picked = True
        delivery.button_validate()
        receipt = order.picking_ids.with_user(self.clerk_a)
        receipt.move_ids.picked = True
        receipt.button_validate()
        invoice = sale._create_invoices()
        invoice.action_post()
        bill = order.invoice_ids
        if bill.state != "posted":
            bill.invoice_date = bill.invoice_date or bill.date
            bill.with_user(self.accountant_a).action_post()
        self.assertEqual(bill.auto_invoice_id, invoice)
        return bill, invoice

    def test_deduction_pays_bill_and_invoice(self):
        bill, invoice = self.make_bill(2)
        self.assertEqual(bill.payment_state, "not_paid")
        amount = bill.amount_residual
        deduction = (
            self.env["kia.parts.deposit.line"]
            .with_user(self.hq_accountant)
            .create(
                {
                    "company_id": self.dealer_a.id,
                    "amount": amount,
                    "line_type": "deduction",
                    "settled_move_id": bill.id,
                }
            )
        )
        self.assertEqual(deduction.settled_hq_move_id, invoice)
        deduction.action_post()
        self.assertEqual(deduction.state, "posted")
        self.assertIn(bill.payment_state, ("paid", "in_payment"))
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(bill.amount_residual, 0.0)
        self.assertEqual(invoice.amount_residual, 0.0)
        payable = bill.line_ids.filtered(lambda aml: aml.display_type == "payment_term")
        self.assertEqual(
            deduction.move_id.line_ids.filtered("debit").account_id, payable.account_id
        )
        receivable = invoice.line_ids.filtered(lambda aml: aml.display_type == "payment_term")
        self.assertEqual(
            deduction.hq_move_id.line_ids.filtered("credit").account_id, receivable.account_id
        )
        self.assertEqual(deduction.hq_move_id.line_ids.partner_id, self.dealer_a.partner_id)
        currency = self.dealer_a.currency_id
        dealer_side, hq_side = self.both_balances(self.dealer_a)
        self.assertEqual(currency.compare_amounts(dealer_side, 100000.0 - amount), 0)
        self.assertEqual(currency.compare_amounts(dealer_side, hq_side), 0)
        # the reversal opens the bill and the invoice again, in both books
        deduction.with_user(self.hq_accountant).action_reverse()
        self.assertEqual(bill.payment_state, "not_paid")
        self.assertEqual(invoice.payment_state, "not_paid")
        dealer_side, hq_side = self.both_balances(self.dealer_a)
        self.assertEqual(currency.compare_amounts(dealer_side, 100000.0), 0)
        self.assertEqual(currency.compare_amounts(hq_side, 100000.0), 0)

    def test_hq_accountant_picks_its_own_invoice(self):
        """Head office's accountant, who holds head office only and cannot see the dealer's
        bills, names head office's invoice in the form; the deduction settles the dealer's bill
        behind it."""
        bill, invoice = self.make_bill(1)
        self.assertNotIn(self.dealer_a, self.hq_accountant.company_ids)
        form = Form(self.env["kia.parts.deposit.line"].with_user(self.hq_accountant))
        form.company_id = self.dealer_a
        form.line_type = "deduction"
        form.amount = invoice.amount_residual
        form.settled_hq_move_id = invoice.with_user(self.hq_accountant)
        deduction = form.save()
        self.assertEqual(deduction.settled_move_id, bill)
        deduction.action_post()
        self.assertIn(bill.payment_state, ("paid", "in_payment"))
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))

    def test_dealer_cannot_repoint_hq_deduction(self):
        """The dealer's accountant cannot name or change the document head office's draft
        deduction settles, by either field."""
        bill, invoice = self.make_bill(1)
        deduction = (
            self.env["kia.parts.deposit.line"]
            .with_user(self.hq_accountant)
            .create({"company_id": self.dealer_a.id, "amount": 10.0, "line_type": "deduction"})
        )
        for vals in ({"settled_move_id": bill.id}, {"settled_hq_move_id": invoice.id}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                deduction.with_user(self.accountant_a).write(vals)
        self.env.clear()
        self.assertFalse(deduction.settled_move_id)

    def test_invoice_without_dealer_bill_refused(self):
        """An invoice of head office with no bill of the dealer behind it settles nothing: a
        clear error and no deduction."""
        customer = self.env["res.partner"].create({"name": "Walk-in buyer"})
        hq_env = self.env(user=self.hq_accountant, context={"allowed_company_ids": self.hq.ids})
        invoice = hq_env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": customer.id,
                "invoice_line_ids": [
                    fields.Command.create({"name": "Brake pad", "quantity": 1, "price_unit": 50.0})
                ],
            }
        )
        invoice.action_post()
        Line = self.env["kia.parts.deposit.line"].with_user(self.hq_accountant)
        count = Line.search_count([])
        with self.assertRaises(UserError):
            Line.create(
                {
                    "company_id": self.dealer_a.id,
                    "amount": 10.0,
                    "line_type": "deduction",
                    "settled_hq_move_id": invoice.id,
                }
            )
        self.assertEqual(Line.search_count([]), count)

    def test_partial_deduction_and_too_large_refused(self):
        bill, invoice = self.make_bill(3)
        total = bill.amount_residual
        Line = self.env["kia.parts.deposit.line"].with_user(self.hq_accountant)
        part = Line.create(
            {
                "company_id": self.dealer_a.id,
                "amount": 100.0,
                "line_type": "deduction",
                "settled_move_id": bill.id,
            }
        )
        part.action_post()
        self.assertEqual(bill.payment_state, "partial")
        self.assertEqual(invoice.payment_state, "partial")
        currency = self.dealer_a.currency_id
        self.assertEqual(currency.compare_amounts(bill.amount_residual, total - 100.0), 0)
        too_much = Line.create(
            {
                "company_id": self.dealer_a.id,
                "amount": total - 100.0 + 0.01,
                "line_type": "deduction",
                "settled_move_id": bill.id,
            }
        )
        moves_before = self.env["account.move"].search_count([])
        with self.assertRaises(UserError):
            too_much.action_post()
        self.assertEqual(too_much.state, "draft")
        self.assertFalse(too_much.move_id or too_much.hq_move_id)
        self.assertEqual(self.env["account.move"].search_count([]), moves_before)
        self.assertEqual(currency.compare_amounts(bill.amount_residual, total - 100.0), 0)
        # a penalty does not settle a bill
        penalty = Line.create(
            {
                "company_id": self.dealer_a.id,
                "amount": 1.0,
                "line_type": "penalty",
                "settled_move_id": bill.id,
            }
        )
        with self.assertRaises(UserError):
            penalty.action_post()
        self.assertEqual(penalty.state, "draft")


@tagged("post_install", "-at_install")
class TestDepositStatement(KiaDepositLedgersCase):
    def statement(self, user, month):
        return self.env["kia.parts.deposit.statement"].with_user(user).create({"month": month})

    def test_monthly_statement_both_books(self):
        for date, amount in (("2026-01-15", 3000.0), ("2026-02-03", 1500.55), ("2026-03-09", 9.0)):
            line = self.declare(self.dealer_a, amount, date=date)
            line.with_user(self.hq_accountant).action_confirm_receipt()
        penalty = self.hq_line(self.dealer_a, 200.25, "penalty", date="2026-02-20")
        self.declare(self.dealer_b, 800.0, date="2026-02-10").with_user(
            self.hq_accountant
        ).action_confirm_receipt()
        in_transit = self.declare(self.dealer_a, 5000.0, date="2026-02-25")

        # the dealer's accountant gets its own dealer only
        own = self.statement(self.accountant_a, "2026-02-14")
        self.assertEqual(own.line_ids.dealer_id, self.dealer_a)
        self.assertEqual(
            (own.date_from.isoformat(), own.date_to.isoformat()), ("2026-02-01", "2026-02-28")
        )
        row = own.line_ids
        currency = self.dealer_a.currency_id
        expected_close = 3000.0 + 1500.55 - 200.25
        self.assertEqual(currency.compare_amounts(row.opening_balance, 3000.0), 0)
        self.assertEqual(currency.compare_amounts(row.closing_balance, expected_close), 0)
        self.assertEqual(currency.compare_amounts(row.dealer_balance, expected_close), 0)
        self.assertEqual(currency.compare_amounts(row.hq_balance, expected_close), 0)
        self.assertTrue(row.agree)
        movements = own._kia_movements(self.dealer_a)
        self.assertEqual(len(movements), 2)
        self.assertIn(penalty, movements)
        self.assertNotIn(in_transit, movements)
        self.assertFalse(own._kia_movements(self.dealer_b), "another dealer's movements")

        # head office's accountant gets every dealer of head office
        network = self.statement(self.hq_accountant, "2026-02-01")
        self.assertEqual(network.line_ids.dealer_id, self.dealer_a | self.dealer_b)
        self.assertTrue(network.all_agree)
        html = (
            self.env["ir.actions.report"]
            .with_user(self.hq_accountant)
            ._render_qweb_html("kia_parts.report_deposit_month_statement", network.ids)[0]
            .decode()
        )
        self.assertIn(penalty.name, html)
        self.assertIn(self.dealer_b.name, html)

        # one entry missing in head office's books: the statement no longer agrees
        penalty.hq_move_id.button_draft()
        again = self.statement(self.hq_accountant, "2026-02-01")
        row_a = again.line_ids.filtered(lambda row: row.dealer_id == self.dealer_a)
        self.assertFalse(row_a.agree)
        self.assertFalse(again.all_agree)
        self.assertEqual(currency.compare_amounts(row_a.hq_balance, expected_close + 200.25), 0)
        self.assertTrue(again.line_ids.filtered(lambda row: row.dealer_id == self.dealer_b).agree)

    def test_demo_statement_agrees(self):
        hq_accountant = self.env.ref("kia_base.user_hq_accountant_demo", raise_if_not_found=False)
        payment = self.env.ref("kia_parts.deposit_sh_pay1_demo", raise_if_not_found=False)
        if not (hq_accountant and payment):
            self.skipTest("needs the demo data")
        statement = self.statement(hq_accountant, fields.Date.today())
        demo_dealers = self.env.ref("kia_base.company_sh_4s_demo") | self.env.ref(
            "kia_base.company_sz_station_demo"
        )
        rows = statement.line_ids.filtered(lambda row: row.dealer_id in demo_dealers)
        self.assertEqual(rows.dealer_id, demo_dealers)
        self.assertTrue(all(rows.mapped("agree")))
        self.assertTrue(all(rows.mapped("closing_balance")))
        # the same with the dealer's own entry of the first payment missing
        payment.move_id.button_draft()
        statement = self.statement(hq_accountant, fields.Date.today())
        row = statement.line_ids.filtered(lambda row: row.dealer_id == payment.company_id)
        self.assertFalse(row.agree)
