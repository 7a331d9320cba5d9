from odoo.tests import tagged

from odoo.addons.kia_base.tests.common import queue_domain

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestHqQueue(KiaPartsCase):
    """Head office's parts orders to fill: every dealer's order to head office until it is
    delivered in full, with only head office ticked; the menu is the parts officer's only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.settings(cls.hq).action_kia_parts_setup_intercompany(cls.hq_parts)
        cls.hq_env = cls.env(
            user=cls.hq_parts, context={"allowed_company_ids": cls.hq.ids, "lang": "en_US"}
        )
        hq_stock = cls.env["stock.warehouse"].search([("company_id", "=", cls.hq.id)], limit=1)
        cls.put_in_stock(cls.brake_pad, hq_stock.lot_stock_id, 50)
        cls.pay_deposit(cls.dealer_a, 100000.0)
        cls.pay_deposit(cls.dealer_b, 100000.0)

    def setUp(self):
        super().setUp()
        self.sales = self.env["sale.order"]
        for clerk in (self.clerk_a, self.clerk_b):
            order = self.make_order(clerk, [(self.brake_pad, 2, 400.0)], order_type="emergency")
            order.with_user(clerk).button_confirm()
            self.sales |= self.env["sale.order"].search([("auto_purchase_order_id", "=", order.id)])

    def test_orders_to_fill_after_login(self):
        action = self.env.ref("kia_parts.sale_order_action_hq_to_fill")
        SaleOrder = self.hq_env["sale.order"]
        self.assertEqual(SaleOrder.search(queue_domain(action)), self.sales)
        self.assertEqual(self.sales.partner_id, (self.dealer_a | self.dealer_b).partner_id)
        sale_a = self.sales.filtered(lambda s: s.partner_id == self.dealer_a.partner_id)
        sale_a.with_env(self.hq_env).action_confirm()
        self.assertEqual(SaleOrder.search(queue_domain(action)), self.sales)
        delivery = sale_a.picking_ids
        delivery.action_assign()
        delivery.move_ids.quantity = 2
        delivery.move_ids.picked = True
        delivery.with_env(self.hq_env).button_validate()
        self.assertEqual(SaleOrder.search(queue_domain(action)), self.sales - sale_a)

    def test_menu_for_parts_officer_only(self):
        menu = self.env.ref("kia_parts.sale_order_menu_hq_to_fill")
        Menu = self.env["ir.ui.menu"]
        self.assertIn(menu.id, Menu.with_user(self.hq_parts)._visible_menu_ids())
        for user in (self.clerk_a, self.parts_manager_a, self.hq_officer):
            self.assertNotIn(menu.id, Menu.with_user(user)._visible_menu_ids())
