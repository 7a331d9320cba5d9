from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestOldPartLogistics(KiaWarrantyCase):
    """Old parts as stock: the dealer's old-part store, the claim-part tag, returns to head
    office as transfers, the retention date, the monthly on-time statistics."""

    def submitted_claim(self, day="2026-01-12"):
        with freeze_time(day):
            claim = self.make_claim()
            claim.action_submit()
        return claim

    def ship(self, parts, day):
        with freeze_time(day):
            shipment = (
                self.env["kia.warranty.part.return"]
                .with_user(self.wadmin_a)
                .create({"carrier": "顺丰", "old_part_ids": [(6, 0, parts.ids)]})
            )
            shipment.action_ship()
        return shipment

    def test_store_location_per_warehouse(self):
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.dealer_a.id)])
        store = warehouse._kia_old_part_location()
        self.assertEqual(store.location_id, warehouse.view_location_id)
        self.assertEqual((store.usage, store.company_id), ("internal", self.dealer_a))
        # A new warehouse gets its own at once.
        other = self.env["stock.warehouse"].create(
            {"name": "Body shop", "code": "BS", "company_id": self.dealer_a.id}
        )
        self.assertTrue(other.kia_old_part_location_id)
        self.assertNotEqual(other.kia_old_part_location_id, store)

    def test_tagged_part_stored_and_shipped_as_transfers(self):
        claim = self.submitted_claim()
        part = claim.old_part_ids
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", self.dealer_a.id)])
        self.assertEqual(part.location_id, warehouse.kia_old_part_location_id)
        receipt = part.stock_move_ids
        self.assertEqual(receipt.state, "done")
        self.assertEqual(receipt.location_dest_id, part.location_id)
        self.assertEqual(
            self.part_pump.with_context(location=part.location_id.id).qty_available, 1.0
        )
        with freeze_time("2026-02-01"):
            part.with_user(self.reviewer).action_request_return()
        shipment = self.ship(part, "2026-02-10")
        picking = shipment.picking_id
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.location_id, part.location_id)
        self.assertEqual(picking.partner_id, self.hq.partner_id)
        self.assertEqual(picking.move_ids.product_id, self.part_pump)
        self.assertEqual(
            self.part_pump.with_context(location=part.location_id.id).qty_available, 0.0
        )
        # The dealer cannot re-point the part or its transfers by hand.
        for vals in ({"location_id": False}, {"stock_move_ids": [(5,)]}):
            with self.assertRaises(AccessError):
                part.with_user(self.wadmin_a).write(vals)
        self.assertEqual(len(part.stock_move_ids), 2)

    def test_tag_printed_with_claim_and_part_barcode(self):
        part = self.submitted_claim().old_part_ids
        action = part.with_user(self.wadmin_a).action_print_tag()
        self.assertEqual(action["report_name"], "kia_warranty.report_old_part_tag")
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "kia_warranty.report_old_part_tag", part.ids
        )
        html = html.decode()
        self.assertIn("索赔件标签", html)
        self.assertIn(part.claim_id.name, html)
        self.assertIn("25100-2G500", html)
        self.assertIn("/report/barcode", html)

    def test_scrap_before_retention_refused(self):
        part = self.submitted_claim().old_part_ids
        self.assertEqual(str(part.retention_date), "2026-04-12")
        with freeze_time("2026-03-01"):
            part.with_user(self.wadmin_a).action_request_scrap()
            with self.assertRaises(UserError) as refused:
                part.with_user(self.reviewer).action_approve_scrap()
            self.assertIn("2026-04-12", str(refused.exception))
        self.assertEqual(part.state, "scrap_requested")
        self.assertEqual(len(part.stock_move_ids), 1)
        # Nor around the button.
        with self.assertRaises(AccessError):
            part.with_user(self.wadmin_a).write({"state": "scrapped"})
        with freeze_time("2026-04-12"):
            part.with_user(self.reviewer).action_approve_scrap()
        self.assertEqual(part.state, "scrapped")
        scrap_move = part.stock_move_ids - part.stock_move_ids[:1]
        self.assertTrue(scrap_move.location_dest_id.scrap_location)
        self.assertEqual(scrap_move.state, "done")

    def test_store_left_only_through_the_old_part_steps(self):
        """A dealer's stock manager cannot take an old part out of the store by hand, before
        or after its retention date: no scrap, no inventory adjustment, no unmarking the
        store."""
        part = self.submitted_claim().old_part_ids
        store = part.location_id
        self.assertTrue(store.kia_old_part_store)
        stock_manager = self.make_user("t_stock_a", "stock.group_stock_manager", self.dealer_a)
        Quant = self.env["stock.quant"]

        def held():
            self.env.invalidate_all()
            return self.part_pump.with_context(location=store.id).qty_available

        for day in ("2026-02-01", "2026-05-01"):  # before and after the retention date
            with self.subTest(day=day), freeze_time(day):
                scrap = (
                    self.env["stock.scrap"]
                    .with_user(stock_manager)
                    .with_company(self.dealer_a)
                    .create(
                        {
                            "product_id": self.part_pump.id,
                            "scrap_qty": 1.0,
                            "location_id": store.id,
                            "company_id": self.dealer_a.id,
                        }
                    )
                )
                with self.assertRaises(UserError) as refused:
                    scrap.do_scrap()
                self.assertIn(store.display_name, str(refused.exception))
                self.assertEqual(held(), 1.0)
                self.assertNotEqual(scrap.state, "done")
                quant = Quant.search(
                    [("product_id", "=", self.part_pump.id), ("location_id", "=", store.id)]
                )
                counted = quant.with_user(stock_manager).with_company(self.dealer_a)
                counted.with_context(inventory_mode=True).write({"inventory_quantity": 0.0})
                with self.assertRaises(UserError) as refused:
                    counted.action_apply_inventory()
                self.assertIn(store.display_name, str(refused.exception))
                self.assertEqual(held(), 1.0)
        with self.assertRaises(AccessError):
            store.with_user(stock_manager).write({"kia_old_part_store": False})
        self.assertTrue(store.kia_old_part_store)
        self.assertEqual(part.state, "stored")

    def test_monthly_on_time_statistics(self):
        on_time = self.submitted_claim().old_part_ids
        vehicle = self.create_vehicle(
            self.advisor_a, self.customer_a, 202, kia_sale_date="2025-06-01"
        )
        with freeze_time("2026-01-12"):
            claim = self.make_claim(vehicle=vehicle)
            claim.action_submit()
        late = claim.old_part_ids
        with freeze_time("2026-02-01"):
            (on_time | late).with_user(self.reviewer).action_request_return()
        self.ship(on_time, "2026-02-10")
        self.ship(late, "2026-02-20")
        self.env.flush_all()
        row = (
            self.env["kia.warranty.old.part.report"]
            .with_user(self.reviewer)
            .search([("company_id", "=", self.dealer_a.id), ("month", "=", "2026-02-01")])
        )
        self.assertEqual(
            (row.requested_count, row.on_time_count, row.late_count, row.on_time_rate),
            (2, 1, 1, 50.0),
        )
        # A dealer reads its own statistics only.
        rows = self.env["kia.warranty.old.part.report"].with_user(self.wadmin_b).search([])
        self.assertFalse(rows.filtered(lambda r: r.company_id == self.dealer_a))
