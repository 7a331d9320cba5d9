from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestPartsMaster(KiaPartsCase):
    def test_part_number_unique_and_shared(self):
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError), self.cr.savepoint():
            self.make_part("T26300-35505", "Copy of oil filter", "maintenance", 30.0)
        with self.assertRaises(ValidationError):
            self.env["product.template"].create(
                {
                    "name": "Dealer-only part",
                    "kia_part_number": "X-1",
                    "company_id": self.dealer_a.id,
                }
            )
        self.assertFalse(self.env["product.template"].search([("kia_part_number", "=", "X-1")]))
        # Part numbers are normalised, so a lower-case copy is the same number.
        part = self.make_part(" 99999-aa000 ", "Wiper", "maintenance", 10.0)
        self.assertEqual(part.kia_part_number, "99999-AA000")

    def test_supersession_orders_the_successor(self):
        new = self.make_part("T26300-35506", "Oil filter (new)", "maintenance", 32.0)
        newest = self.make_part("T26300-35507", "Oil filter (newest)", "maintenance", 33.0)
        self.oil_filter.kia_successor_id = new.product_tmpl_id
        new.kia_successor_id = newest.product_tmpl_id
        order = self.make_order(self.clerk_a, [(self.oil_filter, 5, 30.0)])
        self.assertEqual(order.order_line.product_id, newest)
        with self.assertRaises(ValidationError):
            newest.kia_successor_id = self.oil_filter.product_tmpl_id
        self.assertFalse(newest.kia_successor_id)

    def test_abc_classes_from_usage(self):
        customers = self.env.ref("stock.stock_location_customers")
        for product, qty in ((self.bumper, 5), (self.brake_pad, 2), (self.oil_filter, 3)):
            self.put_in_stock(product, self.stock_a, qty)
            move = self.env["stock.move"].create(
                {
                    "name": "usage",
                    "product_id": product.id,
                    "product_uom_qty": qty,
                    "product_uom": product.uom_id.id,
                    "location_id": self.stock_a.id,
                    "location_dest_id": customers.id,
                    "company_id": self.dealer_a.id,
                }
            )
            move._action_confirm()
            move._action_assign()
            move.picked = True
            move._action_done()
        idle = self.make_part("T00000-IDLE0", "Idle part", "accessory", 5.0)
        self.env["product.template"]._cron_kia_compute_abc()
        # 10000 (bumper) + 800 (pads) + 90 (filter): A, B, C; no usage is C.
        self.assertEqual(self.bumper.kia_abc_class, "a")
        self.assertEqual(self.brake_pad.kia_abc_class, "b")
        self.assertEqual(self.oil_filter.kia_abc_class, "c")
        self.assertEqual(idle.kia_abc_class, "c")
