from odoo.tests import HttpCase, tagged

from odoo.addons.kia_service.tests.service_common import warm_assets
from odoo.addons.kia_service.tests.tour_screenshot import TourScreenshotMixin

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestPartsTour(TourScreenshotMixin, KiaPartsCase, HttpCase):
    """The parts clerk's day in Chromium: order to head office, receipt with a damaged part,
    parts issued to a repair order."""

    TIMEOUT = 240

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The steps read English labels.
        cls.env["res.lang"]._activate_lang("en_US")
        cls.clerk_a.write({"lang": "en_US"})
        cls.pay_deposit(cls.dealer_a, 100000.0)

    def test_parts_day(self):
        warm_assets(self, "t_parts_clerk_a", "/odoo")
        self.start_tour(
            "/odoo/action-kia_parts.purchase_order_action/new",
            "kia_parts_order",
            login="t_parts_clerk_a",
            timeout=self.TIMEOUT,
        )
        order = self.env["purchase.order"].search([("company_id", "=", self.dealer_a.id)])
        self.assertEqual(len(order), 1)
        self.assertTrue(order.kia_is_hq_order)
        self.assertEqual(order.state, "purchase")
        self.assertEqual(order.order_line.product_id, self.oil_filter)
        picking = order.picking_ids
        self.assertTrue(picking.kia_is_hq_receipt)

        self.start_tour_with_screenshots(
            f"/odoo/action-stock.action_picking_tree_all/{picking.id}",
            "kia_parts_receive",
            "t_parts_clerk_a",
            timeout=self.TIMEOUT,
        )
        self.assertEqual(picking.state, "done")
        claim = picking.kia_claim_ids
        self.assertEqual(len(claim), 1)
        self.assertEqual(claim.state, "draft")
        self.assertEqual(self.oil_filter.with_company(self.dealer_a).qty_available, 10)

        repair = self.make_repair(self.clerk_a, [(self.oil_filter, 2)])
        self.start_tour(
            f"/odoo/action-kia_service.repair_order_action/{repair.id}",
            "kia_parts_issue",
            login="t_parts_clerk_a",
            timeout=self.TIMEOUT,
        )
        self.assertTrue(repair.kia_parts_issued)
        self.assertEqual(repair.move_ids.quantity, 2)
        self.assertTrue(repair.move_ids.picked)

    def test_hq_posts_penalty(self):
        self.hq_parts.write({"lang": "en_US"})
        warm_assets(self, "t_hq_parts", "/odoo")
        self.start_tour_with_screenshots(
            "/odoo/action-kia_parts.kia_parts_deposit_line_action/new",
            "kia_parts_hq_penalty",
            "t_hq_parts",
            timeout=self.TIMEOUT,
            # head office works with the dealer's company active, as its switcher does
            cookies={"cids": f"{self.hq.id}-{self.dealer_a.id}"},
        )
        penalty = self.env["kia.parts.deposit.line"].search(
            [("company_id", "=", self.dealer_a.id), ("line_type", "=", "penalty")]
        )
        self.assertEqual(len(penalty), 1)
        self.assertEqual(penalty.state, "posted")
        self.assertEqual(penalty.amount, 500.0)
        self.assertTrue(penalty.move_id, "posted in the dealer's books")
