from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestOldParts(KiaWarrantyCase):
    def submitted_claim(self):
        with freeze_time("2026-01-12"):
            claim = self.make_claim()
            claim.action_submit()
        return claim

    def test_tagged_returned_in_batch(self):
        claim = self.submitted_claim()
        part = claim.old_part_ids
        self.assertEqual(part.product_id, self.part_pump)
        self.assertEqual(str(part.retention_date), "2026-04-12")
        with self.assertRaises(AccessError):
            part.with_user(self.wadmin_a).action_request_return()
        self.assertEqual(part.state, "stored")
        with freeze_time("2026-02-01"):
            part.with_user(self.reviewer).action_request_return()
        self.assertEqual(str(part.return_due_date), "2026-02-16")
        Part = self.env["kia.warranty.old.part"].with_user(self.wadmin_a)
        with freeze_time("2026-02-16"):
            self.assertFalse(Part.search([("is_overdue", "=", True)]))
        with freeze_time("2026-02-17"):
            self.assertEqual(Part.search([("is_overdue", "=", True)]), part)
            shipment = (
                self.env["kia.warranty.part.return"]
                .with_user(self.wadmin_a)
                .create({"carrier": "顺丰", "old_part_ids": [(6, 0, part.ids)]})
            )
            shipment.action_ship()
            self.assertFalse(Part.search([("is_overdue", "=", True)]))
        self.assertEqual(part.state, "shipped")
        shipment.with_user(self.reviewer).action_receive()
        self.assertEqual((part.state, shipment.state), ("received", "received"))

    def test_scrap_needs_approval(self):
        part = self.submitted_claim().old_part_ids
        part.with_user(self.wadmin_a).action_request_scrap()
        with self.assertRaises(AccessError):
            part.with_user(self.wadmin_a).action_approve_scrap()
        self.assertEqual(part.state, "scrap_requested")
        part.with_user(self.reviewer).action_approve_scrap()
        self.assertEqual(part.state, "scrapped")

    def test_empty_shipment_refused(self):
        shipment = self.env["kia.warranty.part.return"].with_user(self.wadmin_a).create({})
        with self.assertRaises(UserError):
            shipment.action_ship()
        self.assertEqual(shipment.state, "draft")
