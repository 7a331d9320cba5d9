"""An integrator's view of a parts order to head office: a dealer's DMS drafts it as the parts
clerk, the parts manager confirms it through the parts credit gate, head office finds its sale
order, and the dealer's parts manager cancels the order again, which cancels head office's
sale (before or after head office confirmed it). An order beyond the credit comes back as a
fault in the user's language."""

import xmlrpc.client

from odoo.tests import HttpCase, tagged

from odoo.addons.kia_parts.tests.common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestXmlRpcPartsFlow(HttpCase, KiaPartsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.settings(cls.hq).action_kia_parts_setup_intercompany(cls.hq_parts)
        cls.pay_deposit(cls.dealer_a, 10000.0)
        for user in (cls.clerk_a, cls.parts_manager_a, cls.hq_parts):
            user.password = user.login

    def call(self, user, model, method, *args, **kwargs):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, user.login, user.login, {})
        self.assertEqual(uid, user.id)
        return self.xmlrpc_object.execute_kw(db, uid, user.login, model, method, list(args), kwargs)

    def draft_order(self, lines):
        return self.call(
            self.clerk_a,
            "purchase.order",
            "create",
            {
                "partner_id": self.hq_partner.id,
                "kia_order_type": "emergency",
                "order_line": [
                    (0, 0, {"product_id": product.id, "product_qty": qty, "price_unit": price})
                    for product, qty, price in lines
                ],
            },
        )

    def test_order_to_head_office_over_xmlrpc(self):
        # the dealer's typed price (1.0) is replaced by head office's (400.0) on approval
        order_id = self.draft_order([(self.brake_pad, 4, 1.0), (self.oil_filter, 20, 30.0)])
        self.call(self.clerk_a, "purchase.order", "action_kia_add_surcharge", [order_id])

        # beyond the open credit: refused in the user's language, the order stays a draft
        too_big = self.draft_order([(self.bumper, 20, 2000.0)])
        with self.assertRaises(xmlrpc.client.Fault) as refused:
            self.call(
                self.parts_manager_a,
                "purchase.order",
                "button_confirm",
                [too_big],
                context={"lang": "zh_CN"},
            )
        self.assertIn("超出", refused.exception.faultString)
        self.assertIn("可用配件额度", refused.exception.faultString)
        [draft] = self.call(self.clerk_a, "purchase.order", "read", [too_big], ["state"])
        self.assertEqual(draft["state"], "draft")

        self.assertIs(
            self.call(self.parts_manager_a, "purchase.order", "button_confirm", [order_id]), True
        )
        [order] = self.call(
            self.parts_manager_a,
            "purchase.order",
            "read",
            [order_id],
            [
                "state",
                "kia_is_hq_order",
                "kia_credit_checked_date",
                "partner_ref",
                "amount_untaxed",
                "amount_total",
            ],
        )
        self.assertEqual(order["state"], "purchase")
        self.assertTrue(order["kia_is_hq_order"])
        self.assertTrue(order["kia_credit_checked_date"])
        lines = self.call(
            self.clerk_a,
            "purchase.order.line",
            "search_read",
            [("order_id", "=", order_id), ("product_id", "=", self.brake_pad.id)],
            ["price_unit"],
        )
        self.assertEqual([line["price_unit"] for line in lines], [400.0])

        # head office sees the order as its own sale order and confirms it
        hq_context = {"allowed_company_ids": [self.hq.id]}
        [sale] = self.call(
            self.hq_parts,
            "sale.order",
            "search_read",
            [("auto_purchase_order_id", "=", order_id)],
            ["name", "state", "company_id", "partner_id", "kia_order_type", "amount_untaxed"],
            context=hq_context,
        )
        self.assertEqual(sale["name"], order["partner_ref"])
        self.assertEqual(sale["state"], "draft")
        self.assertEqual(sale["company_id"][0], self.hq.id)
        self.assertEqual(sale["partner_id"][0], self.dealer_a.partner_id.id)
        self.assertEqual(sale["kia_order_type"], "emergency")
        self.assertAlmostEqual(sale["amount_untaxed"], order["amount_untaxed"], places=2)

        # the dealer's parts manager cancels the confirmed order before head office confirms
        # its sale: head office's sale is cancelled with it
        self.assertIs(
            self.call(self.parts_manager_a, "purchase.order", "button_cancel", [order_id]), True
        )
        [order] = self.call(self.parts_manager_a, "purchase.order", "read", [order_id], ["state"])
        self.assertEqual(order["state"], "cancel")
        [sale] = self.call(
            self.hq_parts, "sale.order", "read", [sale["id"]], ["state"], context=hq_context
        )
        self.assertEqual(sale["state"], "cancel")

    def test_cancel_after_head_office_confirmed(self):
        order_id = self.draft_order([(self.oil_filter, 10, 30.0)])
        self.call(self.parts_manager_a, "purchase.order", "button_confirm", [order_id])
        hq_context = {"allowed_company_ids": [self.hq.id]}
        [sale_id] = self.call(
            self.hq_parts,
            "sale.order",
            "search",
            [("auto_purchase_order_id", "=", order_id)],
            context=hq_context,
        )
        self.assertIs(
            self.call(self.hq_parts, "sale.order", "action_confirm", [sale_id], context=hq_context),
            True,
        )
        self.call(self.parts_manager_a, "purchase.order", "button_cancel", [order_id])
        [sale] = self.call(
            self.hq_parts, "sale.order", "read", [sale_id], ["state"], context=hq_context
        )
        self.assertEqual(sale["state"], "cancel")
