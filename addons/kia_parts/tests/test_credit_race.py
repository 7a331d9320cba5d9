import uuid

from psycopg2 import errors

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.kia_base.tests.common import KiaRaceCase


@tagged("post_install", "-at_install")
class TestCreditRace(KiaRaceCase):
    """Two parts orders to head office confirmed at the same time with credit for one only:
    the second never passes the credit gate on a count read before the first committed."""

    def setUp(self):
        super().setUp()
        tag = uuid.uuid4().hex[:8]
        with self.committed() as env:
            dealer = env.ref("base.main_company")
            hq = env["res.company"].search([("kia_dealer_type", "=", "hq")], limit=1)
            if not hq:
                hq = env["res.company"].create({"name": f"Race HQ {tag}", "kia_dealer_type": "hq"})
                self.created.append(hq)
            self.saved = {
                "dealer": dealer.id,
                "hq": hq.id,
                "kia_hq_company_id": dealer.kia_hq_company_id.id,
                "kia_parts_credit_factor": dealer.kia_parts_credit_factor,
                "so_from_po": hq.so_from_po,
            }
            self.addCleanup(self._restore)
            dealer.write({"kia_hq_company_id": hq.id, "kia_parts_credit_factor": 1.0})
            hq.so_from_po = False
            self.clerk = new_test_user(
                env,
                login=f"t_credit_race_{tag}",
                groups="kia_parts.group_parts_clerk",
                company_id=dealer.id,
                company_ids=[(6, 0, dealer.ids)],
            )
            self.created.append(self.clerk.partner_id)
            self.created.append(self.clerk)
            # superuser: a deposit head office already confirmed, without the books set up
            deposit = env["kia.parts.deposit.line"].create(
                {"company_id": dealer.id, "amount": 1000.0, "state": "posted"}
            )
            self.addCleanup(self._remove_deposit, deposit.id)
            # credit 1000 (factor 1), the orders' open credit before this test
            self.credit = env["kia.parts.deposit.line"]._open_credits(dealer)[dealer.id]
            part = env["product.product"].create(
                {
                    "name": f"Race bumper {tag}",
                    "type": "consu",
                    "is_storable": True,
                    "kia_part_number": f"TCRACE-{tag}",
                    "kia_part_category": "body",
                    "kia_dealer_price": 600.0,
                    "supplier_taxes_id": [(5, 0, 0)],
                    "taxes_id": [(5, 0, 0)],
                }
            )
            self.created.append(part.product_tmpl_id)
            self.orders = env["purchase.order"].create(
                [
                    {
                        "partner_id": hq.partner_id.id,
                        "company_id": dealer.id,
                        "order_line": [
                            (
                                0,
                                0,
                                {
                                    "product_id": part.id,
                                    "product_qty": 1,
                                    "price_unit": 600.0,
                                    "taxes_id": [(5, 0, 0)],
                                },
                            )
                        ],
                    }
                    for _number in (1, 2)
                ]
            )
            self.addCleanup(self._remove_orders, self.orders.ids)
            self.assertTrue(all(self.orders.mapped("kia_is_hq_order")))
        # one order fits in the credit, two do not
        self.assertGreaterEqual(self.credit, 600.0)
        self.assertLess(self.credit, 1200.0)

    def _restore(self):
        with self.committed() as env:
            dealer = env["res.company"].browse(self.saved["dealer"])
            dealer.write(
                {
                    "kia_hq_company_id": self.saved["kia_hq_company_id"],
                    "kia_parts_credit_factor": self.saved["kia_parts_credit_factor"],
                }
            )
            hq = env["res.company"].browse(self.saved["hq"]).exists()
            hq.so_from_po = self.saved["so_from_po"]

    def _remove_deposit(self, line_id):
        with self.committed() as env:
            line = env["kia.parts.deposit.line"].browse(line_id).exists()
            line.state = "cancel"  # superuser: a posted movement is never deleted otherwise
            line.unlink()

    def _remove_orders(self, order_ids):
        with self.committed() as env:
            orders = env["purchase.order"].browse(order_ids).exists()
            pickings = orders.picking_ids
            pickings.action_cancel()
            pickings.move_ids.unlink()
            pickings.unlink()
            orders.button_cancel()
            orders.unlink()

    def _states(self):
        with self.transaction() as env:
            return env["purchase.order"].browse(self.orders.ids).mapped("state")

    def test_stale_snapshot_cannot_spend_the_credit_again(self):
        """The second request read the database before the first one committed its order: it
        fails on the credit lock (Odoo retries it) instead of passing the gate on a credit that
        the first order has already spent; its retry is refused for credit."""
        first, second = self.orders.ids
        with self.transaction(user=self.clerk) as env2:
            env2.cr.execute("SELECT 1 FROM purchase_order LIMIT 1")  # the snapshot is taken
            with self.transaction(user=self.clerk) as env1:
                env1["purchase.order"].browse(first).button_confirm()
                env1.cr.commit()
            with self.assertRaises(errors.SerializationFailure):
                env2["purchase.order"].browse(second).button_confirm()
        # the retry sees the first order and is refused
        with self.transaction(user=self.clerk) as env2:
            with self.assertRaises(UserError) as error:
                env2["purchase.order"].browse(second).button_confirm()
            self.assertIn("exceeds the open parts credit", str(error.exception))
        self.assertEqual(self._states(), ["purchase", "draft"])

    def test_second_request_does_not_wait(self):
        first, second = self.orders.ids
        with self.transaction(user=self.clerk) as env1, self.transaction(user=self.clerk) as env2:
            env1["purchase.order"].browse(first).button_confirm()
            with self.assertRaises(errors.LockNotAvailable):
                env2["purchase.order"].browse(second).button_confirm()
        self.assertEqual(self._states(), ["draft", "draft"])
