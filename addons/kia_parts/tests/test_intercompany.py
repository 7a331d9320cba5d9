from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestIntercompany(KiaPartsCase):
    """A dealer's parts order to head office becomes head office's sale order (OCA
    purchase_sale_inter_company); head office confirms, delivers and invoices; the dealer
    receives and gets the vendor bill."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.settings(cls.hq).action_kia_parts_setup_intercompany(cls.hq_parts)
        cls.hq_env = cls.env(
            user=cls.hq_parts,
            context={"allowed_company_ids": cls.hq.ids, "lang": "en_US"},
        )
        cls.hq_stock = (
            cls.env["stock.warehouse"].search([("company_id", "=", cls.hq.id)], limit=1)
        ).lot_stock_id
        cls.put_in_stock(cls.brake_pad, cls.hq_stock, 50)
        cls.put_in_stock(cls.oil_filter, cls.hq_stock, 500)
        cls.pay_deposit(cls.dealer_a, 100000.0)

    def _hq_sale(self, order):
        return self.hq_env["sale.order"].search([("auto_purchase_order_id", "=", order.id)])

    def test_dealer_order_becomes_hq_sale_delivered_and_billed(self):
        order = self.make_order(
            self.clerk_a,
            [(self.brake_pad, 4, 400.0), (self.oil_filter, 20, 30.0)],
            order_type="emergency",
        )
        order.with_user(self.clerk_a).action_kia_add_surcharge()
        self.assertFalse(self._hq_sale(order))
        order.with_user(self.clerk_a).button_confirm()
        self.assertEqual(order.state, "purchase")

        sale = self._hq_sale(order)
        self.assertEqual(len(sale), 1)
        self.assertEqual(sale.company_id, self.hq)
        self.assertEqual(sale.partner_id, self.dealer_a.partner_id)
        self.assertEqual(sale.state, "draft", "head office confirms the sale itself")
        self.assertEqual(sale.kia_order_type, "emergency")
        self.assertEqual(sale.kia_surcharge_pct, order.kia_surcharge_pct)
        self.assertEqual(order.partner_ref, sale.name)
        self.assertEqual(
            sorted((line.product_id.id, line.product_uom_qty) for line in sale.order_line),
            sorted((line.product_id.id, line.product_qty) for line in order.order_line),
        )
        currency = self.dealer_a.currency_id
        self.assertEqual(currency.compare_amounts(sale.amount_untaxed, order.amount_untaxed), 0)
        self.assertEqual(currency.compare_amounts(sale.amount_total, order.amount_total), 0)

        # the dealer's users never see head office's sale order
        try:
            seen = (
                self.env["sale.order"]
                .with_user(self.clerk_a)
                .search([("auto_purchase_order_id", "=", order.id)])
            )
        except AccessError:
            seen = self.env["sale.order"]
        self.assertFalse(seen)
        with self.assertRaises(AccessError):
            sale.with_user(self.clerk_a).read(["amount_total"])

        # head office confirms and delivers
        sale.action_confirm()
        self.assertEqual(sale.state, "sale")
        delivery = sale.picking_ids
        self.assertEqual(delivery.company_id, self.hq)
        delivery.action_assign()
        for move in delivery.move_ids:
            move.quantity = move.product_uom_qty
        delivery.move_ids.picked = True
        delivery.button_validate()
        self.assertEqual(delivery.state, "done")
        self.assertEqual(self.brake_pad.with_company(self.hq).qty_available, 46)

        # the dealer's receipt shows what head office shipped
        receipt = order.picking_ids.with_user(self.clerk_a)
        self.assertTrue(receipt.kia_is_hq_receipt)
        self.assertEqual(
            {move.product_id: move.quantity for move in receipt.move_ids},
            {self.brake_pad: 4, self.oil_filter: 20},
        )
        self.assertIn(delivery.name, receipt.message_ids[0].body)
        receipt.move_ids.picked = True
        receipt.button_validate()
        self.assertEqual(self.brake_pad.with_company(self.dealer_a).qty_available, 4)

        # head office invoices; the invoice becomes the dealer's vendor bill on the order
        invoice = sale._create_invoices()
        invoice.action_post()
        bill = order.invoice_ids
        self.assertEqual(len(bill), 1)
        self.assertEqual(bill.company_id, self.dealer_a)
        self.assertEqual(bill.move_type, "in_invoice")
        self.assertEqual(bill.auto_invoice_id, invoice)
        self.assertEqual(currency.compare_amounts(bill.amount_total, invoice.amount_total), 0)
        self.assertEqual(currency.compare_amounts(bill.amount_total, order.amount_total), 0)
        self.assertEqual(
            order.order_line.mapped("qty_invoiced"), order.order_line.mapped("product_qty")
        )

    def test_credit_check_still_guards_the_order(self):
        order = self.make_order(self.clerk_a, [(self.bumper, 200, 2000.0)])
        with self.assertRaises(UserError):
            order.with_user(self.clerk_a).button_confirm()
        self.assertEqual(order.state, "draft")
        self.assertFalse(self._hq_sale(order))

    def test_cancelled_order_cancels_hq_sale(self):
        order = self.make_order(self.clerk_a, [(self.oil_filter, 10, 30.0)])
        order.with_user(self.clerk_a).button_confirm()
        sale = self._hq_sale(order)
        self.assertEqual(sale.kia_order_type, "regular")
        self.assertEqual(sale.kia_dealer_scheduled_date, order.kia_scheduled_date)
        order.with_user(self.clerk_a).button_cancel()
        self.assertEqual(sale.state, "cancel")

    def test_parts_manager_cancels_confirmed_order(self):
        order = self.make_order(self.clerk_a, [(self.oil_filter, 10, 30.0)])
        order.with_user(self.parts_manager_a).button_confirm()
        sale = self._hq_sale(order)
        # as in a request of the dealer's user: nothing cached, and what the cancel leaves to
        # write is written in the user's environment
        self.env.invalidate_all()
        as_manager = order.with_user(self.parts_manager_a)
        self.assertIs(as_manager.button_cancel(), True)
        as_manager.env.flush_all()
        self.assertEqual((order.state, sale.state), ("cancel", "cancel"))

    def test_setup_needs_a_parts_officer(self):
        hq2 = self.env["res.company"].create(
            {"name": "HQ without officer", "kia_dealer_type": "hq"}
        )
        with self.assertRaises(UserError) as error:
            self.settings(hq2).with_context(lang="zh_CN").action_kia_parts_setup_intercompany()
        self.assertIn("总部配件专员", str(error.exception))
        self.assertFalse(hq2.so_from_po)
