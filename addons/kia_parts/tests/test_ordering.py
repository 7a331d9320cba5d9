from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged, users, warmup

from .common import KiaPartsCase

# flushes, the company's settings and the one set-based query, whatever the number of parts
QUERIES = 8


@tagged("post_install", "-at_install")
class TestOrdering(KiaPartsCase):
    def test_order_beyond_credit_refused_until_hq_releases(self):
        self.pay_deposit(self.dealer_a, 1000.0)  # credit 2000 at the default factor 2
        order = self.make_order(self.clerk_a, [(self.bumper, 2, 2000.0)])
        self.assertTrue(order.kia_is_hq_order)
        with self.assertRaises(UserError) as error:
            order.with_user(self.clerk_a).button_confirm()
        self.assertIn("exceeds the open parts credit", str(error.exception))
        self.assertEqual(order.state, "draft")
        self.assertFalse(order.picking_ids)
        # the dealer cannot release its own order
        with self.assertRaises(UserError):
            order.with_user(self.parts_manager_a).action_kia_release_credit()
        self.assertFalse(order.kia_credit_released_by_id)
        order.with_user(self.hq_parts).action_kia_release_credit()
        order.with_user(self.clerk_a).button_confirm()
        self.assertEqual(order.state, "purchase")
        # the release was for that one order only
        second = self.make_order(self.clerk_a, [(self.oil_filter, 1, 30.0)])
        with self.assertRaises(UserError):
            second.with_user(self.clerk_a).button_confirm()
        self.assertEqual(second.state, "draft")

    def test_credit_error_in_chinese(self):
        order = self.make_order(self.clerk_a, [(self.bumper, 1, 2000.0)])
        with self.assertRaises(UserError) as error:
            order.with_user(self.clerk_a).with_context(lang="zh_CN").button_confirm()
        self.assertIn("超出", str(error.exception))

    def test_order_types_lead_time_and_surcharge(self):
        self.pay_deposit(self.dealer_a, 100000.0)
        self.dealer_a.write(
            {"kia_parts_lead_days_emergency": 2, "kia_parts_surcharge_emergency": 5.0}
        )
        with freeze_time("2026-03-04 09:00:00"):  # a Wednesday
            order = self.make_order(
                self.clerk_a, [(self.brake_pad, 1, 400.0)], order_type="emergency"
            )
            self.assertEqual(order.kia_surcharge_pct, 5.0)
            order.with_user(self.clerk_a).action_kia_add_surcharge()
            self.assertEqual(order.amount_untaxed, 420.0)
            order.with_user(self.clerk_a).button_confirm()
            self.assertEqual(str(order.order_line[0].date_planned.date()), "2026-03-06")
            regular = self.make_order(self.clerk_a, [(self.brake_pad, 1, 400.0)])
            # the dealer's order day is Monday by default
            self.assertEqual(str(regular.kia_scheduled_date), "2026-03-09")
        with self.assertRaises(UserError):
            self.make_order(self.clerk_a, [(self.brake_pad, 1, 400.0)], order_type="vor")
        repair = self.make_repair(self.clerk_a, [(self.brake_pad, 1)])
        vor = self.make_order(
            self.clerk_a, [(self.brake_pad, 1, 400.0)], order_type="vor", kia_repair_id=repair.id
        )
        self.assertEqual(vor.kia_surcharge_pct, self.dealer_a.kia_parts_surcharge_vor)

    def test_order_form(self):
        with Form(self.env["purchase.order"].with_user(self.clerk_a)) as form:
            form.partner_id = self.hq_partner
            form.kia_order_type = "emergency"
            with form.order_line.new() as line:
                line.product_id = self.oil_filter
                line.product_qty = 4
        order = form.save()
        self.assertTrue(order.kia_is_hq_order)
        self.assertEqual(order.kia_surcharge_pct, self.dealer_a.kia_parts_surcharge_emergency)

    def _demand(self, product, qty):
        production = self.env["stock.location"].search(
            [("usage", "=", "production"), ("company_id", "=", self.dealer_a.id)], limit=1
        ) or self.env.ref("stock.stock_location_customers")
        self.put_in_stock(product, self.stock_a, qty)
        move = self.env["stock.move"].create(
            {
                "name": "demand",
                "product_id": product.id,
                "product_uom_qty": qty,
                "product_uom": product.uom_id.id,
                "location_id": self.stock_a.id,
                "location_dest_id": production.id,
                "company_id": self.dealer_a.id,
            }
        )
        move._action_confirm()
        move._action_assign()
        move.picked = True
        move._action_done()

    def test_suggested_quantities(self):
        self.dealer_a.write({"kia_parts_lead_days_regular": 7, "kia_parts_safety_days": 7})
        self._demand(self.oil_filter, 365 * 2)  # 2 a day: reorder point 28
        self.put_in_stock(self.oil_filter, self.stock_a, 10)
        self.env["stock.warehouse.orderpoint"].create(
            {
                "product_id": self.brake_pad.id,
                "location_id": self.stock_a.id,
                "company_id": self.dealer_a.id,
                "product_min_qty": 4,
                "product_max_qty": 10,
            }
        )
        self.put_in_stock(self.brake_pad, self.stock_a, 3)
        suggestions = self.env["product.product"]._kia_suggested_quantities(self.dealer_a)
        self.assertEqual(suggestions[self.oil_filter.id], 18)
        self.assertEqual(suggestions[self.brake_pad.id], 7)
        self.assertNotIn(self.bumper.id, suggestions)
        order = self.make_order(self.clerk_a, [])
        order.with_user(self.clerk_a).action_kia_suggest_lines()
        self.assertEqual(
            {line.product_id: line.product_qty for line in order.order_line},
            {self.oil_filter: 18, self.brake_pad: 7},
        )
        # what is on order is not suggested again
        self.pay_deposit(self.dealer_a, 100000.0)
        order.with_user(self.clerk_a).button_confirm()
        self.assertFalse(self.env["product.product"]._kia_suggested_quantities(self.dealer_a))

    @users("t_parts_clerk_a")
    @warmup
    def test_suggested_quantities_query_count(self):
        company = self.env.company
        self.assertEqual(company, self.dealer_a)
        with self.assertQueryCount(t_parts_clerk_a=QUERIES):
            one = self.env["product.product"]._kia_suggested_quantities(company)
        parts = (
            self.env["product.product"]
            .sudo()
            .create(
                [
                    {
                        "name": f"Part {i}",
                        "is_storable": True,
                        "kia_part_number": f"QC-{i:04d}",
                    }
                    for i in range(20)
                ]
            )
        )
        self.env["stock.warehouse.orderpoint"].sudo().create(
            [
                {
                    "product_id": part.id,
                    "location_id": self.stock_a.id,
                    "product_min_qty": 1,
                    "product_max_qty": 5,
                }
                for part in parts
            ]
        )
        self.env.flush_all()
        with self.assertQueryCount(t_parts_clerk_a=QUERIES):
            twenty = self.env["product.product"]._kia_suggested_quantities(company)
        self.assertEqual(len(twenty), len(one) + 20)
