from collections import defaultdict

from odoo import Command
from odoo.tests import TransactionCase, tagged

REVENUE_DOMAIN = [
    ("parent_state", "=", "posted"),
    ("move_id.move_type", "in", ("out_invoice", "out_refund")),
    ("account_id.account_type", "=", "income"),
]


@tagged("post_install", "-at_install")
class TestKpiLedgerDemo(TransactionCase):
    """On the demo network: the KPI revenue of each dealer and month is the posted income of
    its books, read through the ORM, to the cent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer = cls.env.ref("kia_base.company_sh_4s_demo", raise_if_not_found=False)
        cls.dealers = cls.env["res.company"].search(
            [("kia_dealer_type", "in", ("dealer_4s", "service_station"))]
        )

    def setUp(self):
        super().setUp()
        if not self.dealer:
            self.skipTest("the demo network is not installed")

    def ledger(self):
        """{(company, month): posted income} from the journal items."""
        self.env.flush_all()
        groups = self.env["account.move.line"]._read_group(
            [*REVENUE_DOMAIN, ("company_id", "in", self.dealers.ids)],
            ["company_id", "date:month"],
            ["balance:sum"],
        )
        return {(company, month): -balance for company, month, balance in groups}

    def kpi_revenue(self):
        """{(company, month): KPI revenue} of every dealer-month of the report."""
        self.env.flush_all()
        groups = self.env["kia.kpi.report"]._read_group(
            [("company_id", "in", self.dealers.ids)],
            ["company_id", "date:month"],
            ["revenue:sum", "revenue_labor:sum", "revenue_parts:sum", "revenue_warranty:sum"],
        )
        result = defaultdict(float)
        for company, month, revenue, labour, parts, warranty in groups:
            # The three parts make the whole.
            self.assertAlmostEqual(revenue, labour + parts + warranty, places=2)
            result[company, month] = revenue
        return result

    def assert_ties(self):
        ledger = self.ledger()
        kpi = self.kpi_revenue()
        self.assertTrue(ledger, "the demo dealers have posted revenue")
        for (company, month), income in ledger.items():
            with self.subTest(dealer=company.name, month=month):
                self.assertFalse(
                    company.currency_id.compare_amounts(kpi[company, month], income),
                    f"KPI revenue {kpi[company, month]} against the books' {income}",
                )
        # No revenue in the KPI that the books do not have.
        for key, revenue in kpi.items():
            if key not in ledger:
                with self.subTest(dealer=key[0].name, month=key[1]):
                    self.assertFalse(key[0].currency_id.compare_amounts(revenue, 0.0))
        return ledger

    def test_demo_kpi_revenue_ties_to_the_ledger(self):
        ledger = self.assert_ties()
        demo_dealers = self.dealer | self.env.ref("kia_base.company_sz_station_demo")
        self.assertEqual(
            demo_dealers - self.env["res.company"].union(*(c for c, __ in ledger)),
            self.env["res.company"],
            "every demo dealer has posted revenue",
        )
        # A draft invoice in a month with revenue: in neither; posted: in both, by its income.
        (company, month) = next(key for key in ledger if key[0] == self.dealer)
        customer = self.env["res.partner"].create({"name": "散客", "company_id": company.id})
        product = self.env["product.product"].create({"name": "Wash", "type": "service"})
        invoice = (
            self.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": "out_invoice",
                    "company_id": company.id,
                    "partner_id": customer.id,
                    "invoice_date": month,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": 1,
                                "price_unit": 113.0,
                                "tax_ids": [Command.set(company.account_sale_tax_id.ids)],
                            }
                        )
                    ],
                }
            )
        )
        kpi_before = self.kpi_revenue()[company, month]
        self.assertEqual(self.assert_ties()[company, month], ledger[company, month])
        self.assertEqual(self.kpi_revenue()[company, month], kpi_before)
        invoice.action_post()
        income = -sum(invoice.invoice_line_ids.mapped("balance"))
        self.assertTrue(income)
        after = self.assert_ties()
        self.assertFalse(
            company.currency_id.compare_amounts(
                after[company, month], ledger[company, month] + income
            )
        )
        self.assertFalse(
            company.currency_id.compare_amounts(
                self.kpi_revenue()[company, month], kpi_before + income
            )
        )
