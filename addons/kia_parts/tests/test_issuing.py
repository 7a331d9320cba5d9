from unittest.mock import patch

from psycopg2 import errors

from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.kia_parts.models.repair_order import RepairOrder

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestIssuing(KiaPartsCase):
    def test_issue_and_return(self):
        self.put_in_stock(self.brake_pad, self.stock_a, 5)
        repair = self.make_repair(self.clerk_a, [(self.brake_pad, 2)])
        repair.with_user(self.clerk_a).action_kia_issue_parts()
        move = repair.move_ids
        self.assertEqual(move.quantity, 2)
        self.assertTrue(move.picked)
        self.assertTrue(repair.kia_parts_issued)
        self.env["ir.actions.report"]._render_qweb_html("kia_parts.report_picking_slip", repair.ids)
        repair.with_user(self.clerk_a).action_kia_return_part(self.brake_pad, 1)
        self.assertEqual(move.product_uom_qty, 1)
        self.assertEqual(move.quantity, 1)
        with self.assertRaises(UserError):
            repair.with_user(self.clerk_a).action_kia_return_part(self.brake_pad, 5)
        repair.action_repair_start()
        repair.action_repair_end()
        self.assertEqual(move.state, "done")
        self.assertEqual(self.brake_pad.with_company(self.dealer_a).qty_available, 4)

    def test_issue_without_stock_refused_and_lost_sale(self):
        repair = self.make_repair(self.clerk_a, [(self.bumper, 1)])
        with self.assertRaises(UserError) as error:
            repair.with_user(self.clerk_a).action_kia_issue_parts()
        self.assertIn("Not enough stock", str(error.exception))
        self.assertFalse(repair.move_ids.picked)
        self.assertFalse(repair.kia_parts_issued)
        lost = repair.with_user(self.clerk_a).action_kia_record_lost_sales()
        self.assertEqual(lost.product_id, self.bumper)
        self.assertEqual(lost.quantity, 1)
        self.assertEqual(lost.company_id, self.dealer_a)

    def test_last_unit_goes_to_one_repair_only(self):
        """Two repair orders ask for the last unit at the same time. The first holds the quant
        row lock; the second's NOWAIT lock fails, its transaction rolls back with nothing issued
        and Odoo retries it after the first has committed: the retry is refused."""
        self.put_in_stock(self.oil_filter, self.stock_a, 1)
        first = self.make_repair(self.clerk_a, [(self.oil_filter, 1)])
        second = self.make_repair(self.clerk_a, [(self.oil_filter, 1)])
        original = RepairOrder._kia_lock_quants
        held = []

        def lock_held_by_first(repairs, moves):
            if repairs == second and not held:
                held.append(moves)
                raise errors.LockNotAvailable("could not obtain lock on row in relation")
            return original(repairs, moves)

        with patch.object(RepairOrder, "_kia_lock_quants", lock_held_by_first):
            with self.assertRaises(errors.LockNotAvailable):
                second.with_user(self.clerk_a).action_kia_issue_parts()
            self.assertEqual(second.state, "draft")
            self.assertFalse(second.move_ids.picked)
            first.with_user(self.clerk_a).action_kia_issue_parts()
            with self.assertRaises(UserError):
                second.with_user(self.clerk_a).action_kia_issue_parts()
        self.assertEqual(first.move_ids.quantity, 1)
        self.assertTrue(first.move_ids.picked)
        self.assertEqual(second.move_ids.quantity, 0)
        self.assertFalse(second.move_ids.picked)
        self.assertEqual(self.oil_filter.with_company(self.dealer_a).free_qty, 0)

    def test_lock_is_taken_on_the_quant(self):
        self.put_in_stock(self.oil_filter, self.stock_a, 1)
        repair = self.make_repair(self.clerk_a, [(self.oil_filter, 1)])
        queries = []
        execute = type(self.env.cr).execute

        def spy(cr, query, params=None, log_exceptions=True):
            queries.append(str(query.code if hasattr(query, "code") else query))
            return execute(cr, query, params, log_exceptions)

        with patch.object(type(self.env.cr), "execute", spy):
            repair.with_user(self.clerk_a).action_kia_issue_parts()
        self.assertTrue(any("FOR NO KEY UPDATE OF q NOWAIT" in q for q in queries))
