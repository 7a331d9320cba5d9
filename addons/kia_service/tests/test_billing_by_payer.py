from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .service_common import KiaServiceProcessCase


@tagged("post_install", "-at_install")
class TestBillingByPayer(KiaServiceProcessCase):
    """Repair order → one sale order per payer → invoices posted at delivery, in CNY with tax."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.chart.template"].try_loading(
            "cn", company=cls.dealer_a, install_demo=False
        )
        cls.tax = cls.dealer_a.account_sale_tax_id
        Product = cls.env["product.product"]
        cls.labor = Product.create(
            {
                "name": "Labor A",
                "type": "service",
                "uom_id": cls.env.ref("uom.product_uom_hour").id,
                "uom_po_id": cls.env.ref("uom.product_uom_hour").id,
                "taxes_id": [Command.set(cls.tax.ids)],
            }
        )
        cls.dealer_a.kia_labor_product_id = cls.labor

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
        cls.part_wty = part("Water pump", 100.0)
        cls.part_int = part("Cabin filter", 80.0)
        cls.op_wty = cls.env["kia.labor.operation"].create(
            {"code": "T-WP", "name": "Replace water pump", "hours": 1.0}
        )

    def _repair(self):
        """Customer, warranty and internal lines on one repair order, finished and inspected."""
        repair_form = Form(self.env["repair.order"].with_user(self.advisor_a))
        repair_form.vehicle_id = self.vehicle_a
        repair_form.kia_odometer_in = 15000
        for operation, payer in (
            (self.op_brake, "customer"),
            (self.op_wty, "warranty"),
            (self.op_oil, "internal"),
        ):
            with repair_form.repair_service_ids.new() as line:
                line.kia_labor_operation_id = operation
                self.assertEqual(line.kia_payer, "customer", "the RO's payment type by default")
                line.kia_payer = payer
        for product, qty, payer in (
            (self.part_cust, 2, "customer"),
            (self.part_wty, 1, "warranty"),
            (self.part_int, 1, "internal"),
        ):
            with repair_form.move_ids.new() as move:
                move.product_id = product
                move.product_uom_qty = qty
                self.assertEqual(move.kia_payer, "customer")
                move.kia_payer = payer
        repair = repair_form.save()
        self.sign_repair(repair)
        repair.with_user(self.advisor_a).action_validate()
        self.work_repair(repair)
        repair.with_user(self.qc_a).action_kia_qc_pass()
        self.assertEqual(repair.state, "done")
        return repair

    def _order(self, repair, payer):
        return repair.kia_sale_order_ids.filtered(lambda o: o.kia_payer == payer)

    def test_payment_type_is_default_payer(self):
        repair_form = Form(self.env["repair.order"].with_user(self.advisor_a))
        repair_form.vehicle_id = self.vehicle_a
        repair_form.kia_payment_type = "warranty"
        with repair_form.repair_service_ids.new() as line:
            line.kia_labor_operation_id = self.op_wty
        with repair_form.move_ids.new() as move:
            move.product_id = self.part_wty
        repair = repair_form.save()
        self.assertEqual(repair.repair_service_ids.kia_payer, "warranty")
        self.assertEqual(repair.move_ids.kia_payer, "warranty")
        # Nothing for anyone to pay: it is claimed from Kia, no sale order is made.
        with self.assertRaises(UserError):
            repair.with_user(self.advisor_a).action_create_sale_order()
        self.assertFalse(repair.kia_sale_order_ids)
        self.assertFalse(repair.sale_order_id)

    def test_orders_split_by_payer(self):
        repair = self._repair()
        repair.with_user(self.advisor_a).action_create_sale_order()
        self.assertEqual(
            repair.kia_sale_order_count, 1, "the customer's only: no warranty, no internal"
        )
        customer = self._order(repair, "customer")
        self.assertEqual(repair.sale_order_id, customer, "Odoo's own link is the customer's")
        self.assertEqual(customer.partner_id, self.customer_a)
        self.assertEqual(customer.currency_id, self.env.ref("base.CNY"))
        self.assertEqual(
            customer.order_line.product_id, self.labor | self.part_cust, "warranty lines are off"
        )
        # Customer: 1.2 h x 300 + 2 x 50. Chinese prices include VAT (the l10n_cn chart's
        # default): 13 % of the net is in them.
        self.assertAlmostEqual(customer.amount_total, 460.0)
        self.assertEqual(self.tax.amount, 13.0)
        self.assertAlmostEqual(customer.amount_untaxed, 407.08)
        self.assertAlmostEqual(customer.amount_tax, 52.92)
        # Internal: 0.5 h x 300 + 80, booked to expense at delivery, never sold.
        self.assertAlmostEqual(repair._kia_payer_share("internal"), 230.0)
        # Warranty: 1 h x 300 + 100, claimed from Kia through kia_warranty.
        services, moves = repair._kia_lines_by_payer()["warranty"]
        self.assertEqual(services.kia_labor_operation_id, self.op_wty)
        self.assertEqual(moves.product_id, self.part_wty)
        self.assertAlmostEqual(repair._kia_payer_share("warranty"), 400.0)
        self.assertAlmostEqual(
            customer.amount_total
            + repair._kia_payer_share("internal")
            + repair._kia_payer_share("warranty"),
            repair.kia_estimate_amount,
            msg="the payers' totals add up to the repair order's",
        )
        with self.assertRaises(UserError):
            repair.with_user(self.advisor_a).action_create_sale_order()
        self.assertEqual(repair.kia_sale_order_count, 1)

    def test_payer_change_on_quotation_moves_the_line(self):
        repair = self._repair()
        repair.with_user(self.advisor_a).action_create_sale_order()
        customer = self._order(repair, "customer")
        part = repair.move_ids.filtered(lambda m: m.product_id == self.part_int)
        part.with_user(self.advisor_a).kia_payer = "customer"
        self.assertEqual(part.sale_line_id.order_id, customer)
        self.assertAlmostEqual(customer.amount_total, 460.0 + 80.0)
        part.with_user(self.advisor_a).kia_payer = "goodwill"
        self.assertFalse(part.sale_line_id, "goodwill work leaves the customer's order")
        self.assertAlmostEqual(customer.amount_total, 460.0)
        labor_line = repair.repair_service_ids.filtered(lambda s: s.kia_payer == "internal")
        labor_line.with_user(self.advisor_a).kia_payer = "customer"
        self.assertEqual(labor_line.kia_sale_line_id.order_id, customer)
        self.assertAlmostEqual(customer.amount_total, 460.0 + 150.0)

    def test_internal_only_repair_is_not_sold(self):
        repair_form = Form(self.env["repair.order"].with_user(self.advisor_a))
        repair_form.vehicle_id = self.vehicle_a
        repair_form.kia_ro_type = "internal"
        repair_form.kia_payment_type = "internal"
        with repair_form.repair_service_ids.new() as line:
            line.kia_labor_operation_id = self.op_oil
        repair = repair_form.save()
        with self.assertRaisesRegex(UserError, "nothing is sold"):
            repair.with_user(self.advisor_a).action_create_sale_order()
        self.assertFalse(repair.kia_sale_order_ids, "no invoice to the dealer's own partner")
        self.assertEqual(repair.kia_payment_state, "none")
