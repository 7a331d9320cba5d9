from psycopg2 import IntegrityError

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .service_common import KiaServiceProcessCase


class RepairSettlementCase(KiaServiceProcessCase):
    """Dealer A keeps its books in Odoo (the Chinese chart): the advisor settles (结算), the
    accountant posts and collects, the car leaves paid or on approved credit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.chart.template"].try_loading(
            "cn", company=cls.dealer_a, install_demo=False
        )
        cls.tax = cls.dealer_a.account_sale_tax_id
        Product = cls.env["product.product"]
        hour = cls.env.ref("uom.product_uom_hour")
        cls.labor = Product.create(
            {
                "name": "Labor A",
                "type": "service",
                "uom_id": hour.id,
                "uom_po_id": hour.id,
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )

        def part(name, price):
            return Product.create(
                {
                    "name": name,
                    "type": "consu",
                    "list_price": price,
                    "taxes_id": [Command.set(cls.tax.ids)],
                }
            )

        cls.part_cust = part("Wiper blade", 50.0)
        cls.part_int = part("Cabin filter", 80.0)

        def account(code):
            return cls.env.ref(f"account.{cls.dealer_a.id}_l10n_cn_common_{code}")

        cls.income = account("600100")
        cls.cogs = account("640100")
        cls.admin_expense = account("660200")
        cls.selling_expense = account("660100")
        cls.dealer_a.write(
            {
                "kia_labor_product_id": cls.labor.id,
                "kia_internal_expense_account_id": cls.admin_expense.id,
                "kia_goodwill_expense_account_id": cls.selling_expense.id,
            }
        )
        cls.accountant_a = cls.make_user(
            "t_accountant_a", "base.group_user,account.group_account_manager", cls.dealer_a
        )
        cls.billing_a = cls.make_user(
            "t_billing_a", "base.group_user,account.group_account_invoice", cls.dealer_a
        )
        cls.insurer = cls.env["res.partner"].create({"name": "人保财险", "is_company": True})

    def _repair(self, lines):
        """A repair order finished and inspected; ``lines``: [(operation or product, qty,
        payer)]."""
        # A vehicle of its own: no repair order is a comeback of another (free to the customer).
        self.serial = getattr(self, "serial", 500) + 1
        vehicle = self.create_vehicle(self.advisor_a, self.customer_a, self.serial)
        repair_form = Form(self.env["repair.order"].with_user(self.advisor_a))
        repair_form.vehicle_id = vehicle
        repair_form.kia_odometer_in = 15000
        for item, qty, payer in lines:
            if item._name == "kia.labor.operation":
                with repair_form.repair_service_ids.new() as line:
                    line.kia_labor_operation_id = item
                    line.kia_payer = payer
            else:
                with repair_form.move_ids.new() as move:
                    move.product_id = item
                    move.product_uom_qty = qty
                    move.kia_payer = payer
        repair = repair_form.save()
        self.sign_repair(repair)
        repair.with_user(self.advisor_a).action_validate()
        self.work_repair(repair)
        repair.with_user(self.qc_a).action_kia_qc_pass()
        return repair.with_env(self.env)

    def _customer_repair(self):
        # 1.2 h x 300 + 2 x 50 = 460.00, VAT included.
        return self._repair([(self.op_brake, 1, "customer"), (self.part_cust, 2, "customer")])

    def _invoices(self, repair, partner):
        return repair.kia_invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.partner_id == partner
        )

    def _pay(self, invoices, amount=None):
        """The cashier registers the customer's payment on the invoice (Odoo's Pay)."""
        values = {"amount": amount} if amount is not None else {}
        wizard = (
            self.env["account.payment.register"]
            .with_user(self.accountant_a)
            .with_context(active_model="account.move", active_ids=invoices.ids)
            .create(values)
        )
        wizard.action_create_payments()


@tagged("post_install", "-at_install")
class TestRepairSettlement(RepairSettlementCase):
    def test_unpaid_customer_repair_is_refused_then_paid_and_delivered(self):
        repair = self._customer_repair()
        self.assertEqual(repair.kia_payment_state, "to_settle")
        self.assertAlmostEqual(repair.kia_customer_share, 460.0)
        with self.assertRaisesRegex(UserError, "has not paid"):
            repair.with_user(self.advisor_a).action_kia_deliver()
        self.assertFalse(repair.kia_delivery_date)
        self.assertFalse(repair.kia_invoice_ids, "a refused delivery invoices nothing")

        repair.with_user(self.advisor_a).action_kia_settle()
        invoice = self._invoices(repair, self.customer_a)
        self.assertEqual(invoice.state, "posted", "the company posts at settlement by default")
        self.assertEqual(repair.kia_payment_state, "not_paid")
        # The entries: receivable from the customer, revenue and output VAT (l10n_cn 13 %).
        receivable = invoice.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(
            receivable.account_id,
            self.customer_a.with_company(self.dealer_a).property_account_receivable_id,
        )
        self.assertEqual(receivable.partner_id, self.customer_a)
        self.assertAlmostEqual(receivable.debit, 460.0)
        products = invoice.line_ids.filtered(lambda line: line.display_type == "product")
        self.assertEqual(products.account_id, self.income)
        self.assertAlmostEqual(sum(products.mapped("credit")), 407.08)
        tax_line = invoice.line_ids.filtered(lambda line: line.display_type == "tax")
        self.assertEqual(tax_line.tax_line_id, self.tax)
        self.assertAlmostEqual(tax_line.credit, 52.92)
        with self.assertRaisesRegex(UserError, "has not paid"):
            repair.with_user(self.advisor_a).action_kia_deliver()

        self._pay(invoice, amount=200.0)
        self.assertEqual(repair.kia_payment_state, "partial")
        with self.assertRaisesRegex(UserError, "Partially Paid"):
            repair.with_user(self.advisor_a).action_kia_deliver()
        self._pay(invoice)
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertTrue(receivable.reconciled, "the payments reconcile the receivable")
        self.assertEqual(repair.kia_payment_state, "paid")
        self.assertIs(repair.with_user(self.advisor_a).action_kia_deliver(), True)
        self.assertTrue(repair.kia_delivery_date)
        self.assertEqual(len(repair.kia_invoice_ids), 1, "delivery makes no second invoice")

    def test_books_follow_the_sales_journals(self):
        """Whether the dealer keeps its books in Odoo follows its sales journals: archived, the
        car leaves without the payment check; restored, the check is back."""
        repair = self._customer_repair()
        sales = self.env["account.journal"].search(
            [("company_id", "=", self.dealer_a.id), ("type", "=", "sale")]
        )
        self.assertTrue(sales)
        with self.assertRaisesRegex(UserError, "has not paid"):
            repair.with_user(self.advisor_a).action_kia_deliver()
        sales.action_archive()
        self.assertFalse(self.dealer_a._kia_keeps_books())
        other = self._customer_repair()
        self.assertIs(other.with_user(self.advisor_a).action_kia_deliver(), True)
        sales.action_unarchive()
        self.assertTrue(self.dealer_a._kia_keeps_books())
        with self.assertRaisesRegex(UserError, "has not paid"):
            repair.with_user(self.advisor_a).action_kia_deliver()
        self.assertFalse(repair.kia_delivery_date)

    def test_draft_invoices_left_to_the_accountant(self):
        self.dealer_a.kia_ro_invoice_auto_post = False
        repair = self._customer_repair()
        repair.with_user(self.advisor_a).action_kia_settle()
        invoice = self._invoices(repair, self.customer_a)
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(repair.kia_payment_state, "draft")
        with self.assertRaisesRegex(UserError, "Invoice to Post"):
            repair.with_user(self.advisor_a).action_kia_deliver()
        # The advisor holds no accounting rights: posting is the accountant's.
        with self.assertRaises(AccessError):
            invoice.with_user(self.advisor_a).action_post()
        invoice.with_user(self.accountant_a).action_post()
        self._pay(invoice)
        repair.with_user(self.advisor_a).action_kia_deliver()
        self.assertTrue(repair.kia_delivery_date)

    def test_credit_approved_by_manager_or_accountant(self):
        repair = self._customer_repair()
        # Attackers: the advisor may not approve, nor write the credit fields directly.
        with self.assertRaises(AccessError):
            repair.with_user(self.advisor_a).action_kia_approve_credit("fleet", "车队月结")
        for fname, value in (
            ("kia_credit_approved", True),
            ("kia_credit_reason", "x"),
            ("kia_credit_user_id", self.advisor_a.id),
        ):
            with self.assertRaises(AccessError):
                repair.with_user(self.advisor_a).write({fname: value})
            with self.assertRaises(AccessError):
                repair.with_user(self.manager_a).write({fname: value})
        self.assertFalse(repair.kia_credit_approved)
        with self.assertRaisesRegex(UserError, "why credit"):
            repair.with_user(self.manager_a).action_kia_approve_credit("fleet", "  ")

        wizard = Form(
            self.env["kia.repair.credit.wizard"]
            .with_user(self.manager_a)
            .with_context(default_repair_ids=repair.ids)
        )
        wizard.kind = "fleet"
        wizard.reason = "车队客户，月结"
        wizard.save().action_confirm()
        self.assertRecordValues(
            repair,
            [
                {
                    "kia_credit_approved": True,
                    "kia_credit_kind": "fleet",
                    "kia_credit_reason": "车队客户，月结",
                    "kia_credit_user_id": self.manager_a.id,
                }
            ],
        )
        self.assertTrue(repair.kia_credit_date)
        # On credit the car leaves: delivery settles, the invoice stays open.
        repair.with_user(self.advisor_a).action_kia_deliver()
        invoice = self._invoices(repair, self.customer_a)
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.payment_state, "not_paid")
        self.assertEqual(repair.kia_payment_state, "not_paid")

        # The accountant approves from the repair order's invoice (no repair rights).
        other = self._customer_repair()
        other.with_user(self.advisor_a).action_kia_settle()
        invoice = self._invoices(other, self.customer_a)
        with self.assertRaises(AccessError):
            other.with_user(self.accountant_a).read(["name"])
        action = invoice.with_user(self.accountant_a).action_kia_approve_credit()
        wizard = (
            self.env["kia.repair.credit.wizard"]
            .with_user(self.accountant_a)
            .with_context(**action["context"])
            .create({"kind": "insurer", "reason": "保险公司担保"})
        )
        self.assertEqual(wizard.repair_names, other.name)
        wizard.action_confirm()
        self.assertEqual(other.kia_credit_user_id, self.accountant_a)
        other.with_user(self.advisor_a).action_kia_deliver()
        self.assertTrue(other.kia_delivery_date)
        # A plain billing user is no accountant.
        third = self._customer_repair()
        with self.assertRaises(AccessError):
            third.with_user(self.billing_a).action_kia_approve_credit("other", "x")

    def test_insurer_share_ties_to_the_cent(self):
        repair = self._repair(
            [
                (self.op_brake, 1, "insurance"),
                (self.part_cust, 2, "insurance"),
                (self.op_oil, 1, "customer"),
            ]
        )
        with self.assertRaisesRegex(UserError, "assessment number"):
            repair.with_user(self.advisor_a).action_kia_settle()
        repair.with_user(self.advisor_a).write(
            {
                "kia_insurer_id": self.insurer.id,
                "kia_insurance_assessment_ref": "PDAA2026000001",
                "kia_insurance_amount": 450.0,
            }
        )
        with self.assertRaisesRegex(UserError, "come to 460.00 but the insurer approved 450.00"):
            repair.with_user(self.advisor_a).action_kia_settle()
        self.assertFalse(repair.kia_invoice_ids)
        repair.with_user(self.advisor_a).kia_insurance_amount = 460.0
        repair.with_user(self.advisor_a).action_kia_settle()
        insurer = self._invoices(repair, self.insurer)
        customer = self._invoices(repair, self.customer_a)
        self.assertEqual(insurer.amount_total, 460.0)
        self.assertEqual(insurer.amount_untaxed, 407.08)
        self.assertEqual(insurer.amount_tax, 52.92)
        self.assertEqual(customer.amount_total, 150.0, "0.5 h x 300")
        self.assertEqual(
            insurer.amount_total + customer.amount_total,
            repair.kia_estimate_amount,
            "the payers' invoices add up to the repair order, to the cent",
        )
        receivable = insurer.line_ids.filtered(lambda line: line.display_type == "payment_term")
        self.assertEqual(receivable.partner_id, self.insurer)
        # The settlement sheet: each payer's share and the VAT in it.
        rows, totals = repair._kia_settlement_summary()
        self.assertEqual(set(totals), {"customer", "insurance"})
        self.assertAlmostEqual(totals["insurance"], 460.0)
        self.assertAlmostEqual(totals["customer"], 150.0)
        taxes = repair._kia_settlement_taxes()
        self.assertAlmostEqual(taxes["insurance"], 52.92)
        self.assertAlmostEqual(taxes["customer"], 17.26)
        self.assertIn("PDAA2026000001", repair.kia_settlement_html)
        # Only the customer's share is collected before the car leaves.
        self._pay(customer)
        repair.with_user(self.advisor_a).action_kia_deliver()
        self.assertEqual(insurer.payment_state, "not_paid", "receivable from the insurer")

    def test_internal_and_goodwill_work_post_to_expense(self):
        repair = self._repair(
            [
                (self.op_oil, 1, "internal"),
                (self.part_int, 1, "internal"),
                (self.part_cust, 1, "goodwill"),
            ]
        )
        self.assertEqual(repair.kia_payment_state, "none", "nothing for the customer to pay")
        repair.with_user(self.advisor_a).write({"kia_old_parts": "waived"})
        repair.move_ids.with_user(self.advisor_a).write({"kia_old_part": "waived"})
        repair.with_user(self.advisor_a).action_kia_deliver()
        self.assertFalse(repair.kia_sale_order_ids, "no order to the dealer's own partner")
        self.assertFalse(repair.kia_invoice_ids.filtered(lambda m: m.is_invoice()))
        entries = repair.kia_cost_move_ids
        self.assertEqual(len(entries), 2)
        self.assertEqual(set(entries.mapped("state")), {"posted"})
        self.assertEqual(set(entries.mapped("move_type")), {"entry"})
        self.assertNotEqual(entries.journal_id, self.dealer_a.currency_exchange_journal_id)
        self.assertEqual(entries.journal_id.type, "general", "the miscellaneous journal")
        internal = entries.filtered(lambda m: self.admin_expense in m.line_ids.account_id)
        goodwill = entries - internal
        # Internal: (0.5 h x 300 = 150) + 80, net of VAT: 132.74 + 70.80.
        debit = internal.line_ids.filtered(lambda line: line.account_id == self.admin_expense)
        self.assertAlmostEqual(debit.debit, 203.54)
        credits = internal.line_ids - debit
        self.assertEqual(credits.account_id, self.cogs)
        self.assertEqual(sorted(credits.mapped("credit")), [70.80, 132.74])
        # Goodwill: 50 net of VAT, to selling expenses.
        debit = goodwill.line_ids.filtered(lambda line: line.account_id == self.selling_expense)
        self.assertAlmostEqual(debit.debit, 44.25)
        self.assertFalse(goodwill.line_ids.filtered("tax_line_id"), "no output VAT on own cost")
        self.assertIn(repair.name, internal.ref)
        # The cost entries change only at delivery: an advisor cannot detach them.
        stray = internal.copy()
        with self.assertRaises(AccessError):
            repair.with_user(self.advisor_a).write({"kia_cost_move_ids": [Command.link(stray.id)]})
        self.assertEqual(repair.kia_cost_move_ids, entries)
        # Without an expense account the dealer is told, and nothing is delivered.
        self.dealer_a.kia_internal_expense_account_id = False
        other = self._repair([(self.op_oil, 1, "internal")])
        with self.assertRaisesRegex(UserError, "expense account"):
            other.with_user(self.advisor_a).action_kia_deliver()
        self.assertFalse(other.kia_delivery_date)


@tagged("post_install", "-at_install")
class TestFapiao(RepairSettlementCase):
    """The accountant records the fapiao the tax platform issued for a customer invoice."""

    def _invoice(self):
        repair = self._customer_repair()
        repair.with_user(self.advisor_a).action_kia_settle()
        return self._invoices(repair, self.customer_a)

    def test_fapiao_recorded_by_the_accountant(self):
        invoice = self._invoice()
        values = {
            "kia_fapiao_type": "special",
            "kia_fapiao_number": "26312000000000000001",
            "kia_fapiao_date": fields.Date.today(),
        }
        # Not the advisor, not a plain billing user: only an accountant.
        with self.assertRaises(AccessError):
            invoice.with_user(self.advisor_a).write(values)
        with self.assertRaisesRegex(AccessError, "Only an accountant"):
            invoice.with_user(self.billing_a).write(values)
        self.env.clear()
        self.assertFalse(invoice.kia_fapiao_number)
        with self.assertRaisesRegex(ValidationError, "20 digits"):
            invoice.with_user(self.accountant_a).write(dict(values, kia_fapiao_number="2631200000"))
        self.env.clear()
        with self.assertRaisesRegex(ValidationError, "together"):
            invoice.with_user(self.accountant_a).write({"kia_fapiao_type": "general"})
        self.env.clear()
        invoice.with_user(self.accountant_a).write(values)
        found = (
            self.env["account.move"]
            .with_user(self.accountant_a)
            .search([("kia_fapiao_number", "=", "26312000000000000001")])
        )
        self.assertEqual(found, invoice, "searchable in the invoice list")
        self.assertEqual(
            self.env["account.move"]
            .with_user(self.accountant_a)
            .search_count([("kia_fapiao_type", "=", "special"), ("id", "=", invoice.id)]),
            1,
        )
        # A number is unique per company.
        second = self._invoice()
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            second.with_user(self.accountant_a).write(values)
        # Issued: the invoice is corrected by a credit note, not reset to draft.
        with self.assertRaisesRegex(ValidationError, "posted invoice only"):
            invoice.with_user(self.accountant_a).button_draft()

    def test_fapiao_not_on_drafts_nor_required(self):
        self.dealer_a.kia_ro_invoice_auto_post = False
        invoice = self._invoice()
        with self.assertRaisesRegex(ValidationError, "posted invoice only"):
            invoice.with_user(self.accountant_a).write(
                {
                    "kia_fapiao_type": "general",
                    "kia_fapiao_number": "26312000000000000002",
                    "kia_fapiao_date": fields.Date.today(),
                }
            )
        # The refused write leaves nothing to flush (Odoo's way to recover from a failed ORM
        # operation: the cache and its dirty values are dropped, the database rolled back).
        self.env.clear()
        # An ordinary invoice posts without any fapiao.
        invoice.with_user(self.accountant_a).action_post()
        self.assertEqual(invoice.state, "posted")
        self.assertFalse(invoice.kia_fapiao_number)


@tagged("post_install", "-at_install")
class TestSettlementQueries(RepairSettlementCase):
    """Settling and delivering cost the same queries for 1 and for 20 lines."""

    def _measured(self, lines):
        operations = self.env["kia.labor.operation"].create(
            [{"code": f"S{lines}-{i}", "name": f"Op {i}", "hours": 0.5} for i in range(lines)]
        )
        repair = self._repair([(op, 1, "customer") for op in operations])
        repair.with_user(self.advisor_a).action_kia_settle()
        self._pay(self._invoices(repair, self.customer_a))
        repair.with_user(self.advisor_a).write({"kia_old_parts": "returned"})
        return repair

    def test_delivery_query_count_flat(self):
        self._measured(1).with_user(self.advisor_a).action_kia_deliver()  # warm-up
        for lines in (1, 20):
            repair = self._measured(lines)
            self.env.flush_all()
            self.env.invalidate_all()
            with self.subTest(lines=lines), self.assertQueryCount(DELIVERY_BUDGET):
                repair.with_user(self.advisor_a).action_kia_deliver()
            self.assertTrue(repair.kia_delivery_date)


# Delivery of a settled and paid repair order in a company keeping its books in Odoo, measured
# on Odoo 18.0 with kia_service (warm caches): the delivery path of test_service_queries plus
# the payment check (the customer's orders and invoices, read once), the sales journal looked
# up for the cost entries (when it has internal or goodwill lines; whether the company keeps
# its books is cached), and the orders checked for anything left to invoice.
# The same for 1 and for 20 lines: a query per line breaks it.
DELIVERY_BUDGET = 39
