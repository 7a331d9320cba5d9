import base64

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestReceiving(KiaPartsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pay_deposit(cls.dealer_a, 100000.0)
        # A claim's credit notes carry l10n_cn's VAT: both companies need their Chinese chart.
        for company in (cls.hq, cls.dealer_a):
            cls.env["account.chart.template"].try_loading("cn", company=company, install_demo=False)

    def _confirmed_order(self):
        order = self.make_order(
            self.clerk_a, [(self.oil_filter, 10, 30.0), (self.bumper, 1, 2000.0)]
        )
        order.with_user(self.clerk_a).button_confirm()
        picking = order.picking_ids
        self.assertTrue(picking.kia_is_hq_receipt)
        return order, picking.with_user(self.clerk_a)

    def _receive(self, picking, quantities):
        for move in picking.move_ids:
            move.quantity = quantities[move.product_id]
            move.picked = True

    def test_over_receipt_needs_discrepancy_line(self):
        order, picking = self._confirmed_order()
        self._receive(picking, {self.oil_filter: 12, self.bumper: 1})
        with self.assertRaises(UserError) as error:
            picking.button_validate()
        self.assertIn("packing list", str(error.exception))
        self.assertNotEqual(picking.state, "done")
        self.assertFalse(self.env["kia.parts.claim"].search([("picking_id", "=", picking.id)]))
        self.assertEqual(self.oil_filter.with_company(self.dealer_a).qty_available, 0)
        picking.kia_discrepancy_ids = [
            (0, 0, {"product_id": self.oil_filter.id, "discrepancy_type": "over", "quantity": 2})
        ]
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(picking.kia_claim_count, 1)

    def test_damaged_part_claim_settled_by_credit_note(self):
        order, picking = self._confirmed_order()
        self._receive(picking, {self.oil_filter: 10, self.bumper: 1})
        with freeze_time("2026-05-04 10:00:00"):
            picking.kia_discrepancy_ids = [
                (
                    0,
                    0,
                    {
                        "move_id": picking.move_ids.filtered(
                            lambda m: m.product_id == self.bumper
                        ).id,
                        "product_id": self.bumper.id,
                        "discrepancy_type": "damaged",
                        "quantity": 1,
                    },
                )
            ]
            picking.button_validate()
            claim = picking.kia_claim_ids.with_user(self.clerk_a)
            self.assertEqual(str(claim.deadline), "2026-05-11")
            self.assertEqual(claim.amount, 2000.0)
            # no photo, no claim
            with self.assertRaises(UserError):
                claim.action_submit()
            self.assertEqual(claim.state, "draft")
            self.env["ir.attachment"].with_user(self.clerk_a).create(
                {
                    "name": "bumper.jpg",
                    "datas": base64.b64encode(b"photo"),
                    "res_model": claim._name,
                    "res_id": claim.id,
                }
            )
        with freeze_time("2026-05-11 18:00:00"):
            claim.action_submit()
        self.assertEqual(claim.state, "submitted")
        with self.assertRaises(UserError):
            claim.action_approve()  # the dealer cannot decide its own claim
        hq_claim = claim.with_user(self.hq_parts).with_context(
            allowed_company_ids=[self.hq.id, self.dealer_a.id]
        )
        hq_claim.action_approve()
        hq_claim.settlement_type = "credit_note"
        hq_claim.action_settle()
        self.assertEqual(claim.state, "settled")
        self.assertEqual(claim.credit_note_id.move_type, "in_refund")
        self.assertEqual(claim.credit_note_id.amount_total, 2000.0)
        self.assertEqual(claim.credit_note_id.company_id, self.dealer_a)
        self.assertEqual(claim.hq_credit_note_id.move_type, "out_refund")
        self.assertEqual(claim.hq_credit_note_id.amount_total, 2000.0)

    def test_claim_after_deadline_refused(self):
        order, picking = self._confirmed_order()
        self._receive(picking, {self.oil_filter: 8, self.bumper: 1})
        with freeze_time("2026-05-04 10:00:00"):
            picking.kia_discrepancy_ids = [
                (
                    0,
                    0,
                    {"product_id": self.oil_filter.id, "discrepancy_type": "short", "quantity": 2},
                )
            ]
            picking.with_context(cancel_backorder=True)._action_done()
        claim = picking.kia_claim_ids.with_user(self.clerk_a)
        self.assertEqual(claim.amount, 60.0)
        with freeze_time("2026-05-12 08:00:00"):
            with self.assertRaises(UserError) as error:
                claim.action_submit()
        self.assertIn("past its deadline", str(error.exception))
        self.assertEqual(claim.state, "draft")
        self.assertFalse(claim.submitted_date)

    def test_replacement_settlement(self):
        order, picking = self._confirmed_order()
        self._receive(picking, {self.oil_filter: 10, self.bumper: 1})
        picking.kia_discrepancy_ids = [
            (
                0,
                0,
                {
                    "product_id": self.oil_filter.id,
                    "discrepancy_type": "wrong",
                    "quantity": 1,
                    "received_product_id": self.brake_pad.id,
                },
            )
        ]
        picking.button_validate()
        claim = picking.kia_claim_ids
        self.env["ir.attachment"].create(
            {
                "name": "wrong.jpg",
                "datas": base64.b64encode(b"x"),
                "res_model": claim._name,
                "res_id": claim.id,
            }
        )
        claim.with_user(self.clerk_a).action_submit()
        hq_claim = claim.with_user(self.hq_parts).with_context(
            allowed_company_ids=[self.hq.id, self.dealer_a.id]
        )
        hq_claim.action_approve()
        hq_claim.settlement_type = "replacement"
        hq_claim.action_settle()
        self.assertEqual(claim.replacement_order_id.order_line.product_id, self.oil_filter)
        self.assertEqual(claim.replacement_order_id.amount_total, 0.0)
