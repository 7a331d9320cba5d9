from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestStocktakeUncounted(KiaPartsCase):
    """A count line left uncounted is not zero: it blocks the submission until counted or
    skipped with a reason, and never writes the stock off."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.put_in_stock(cls.oil_filter, cls.stock_a, 100)
        cls.put_in_stock(cls.brake_pad, cls.stock_a, 10)

    def _start(self):
        stocktake = (
            self.env["kia.parts.stocktake"]
            .with_user(self.clerk_a)
            .create({"company_id": self.dealer_a.id, "location_id": self.stock_a.id})
        )
        stocktake.action_start()
        return stocktake

    def _line(self, stocktake, product):
        return stocktake.line_ids.filtered(lambda line: line.product_id == product)

    def qty(self, product):
        return product.with_company(self.dealer_a).qty_available

    def test_uncounted_line_blocks_submission(self):
        stocktake = self._start()
        filters, pads = (
            self._line(stocktake, self.oil_filter),
            self._line(stocktake, self.brake_pad),
        )
        self.assertEqual(set(stocktake.line_ids.mapped("count_state")), {"to_count"})
        self.assertEqual((pads.variance_qty, pads.over_tolerance), (0.0, False))
        filters.with_user(self.clerk_a).counted_qty = 100
        self.assertEqual(filters.count_state, "counted")
        with self.assertRaisesRegex(UserError, "not counted"):
            stocktake.with_user(self.clerk_a).action_submit()
        self.assertEqual(stocktake.state, "counting")
        self.assertEqual(self.qty(self.brake_pad), 10, "nothing written off")
        # Counted as zero on purpose, it is a count: the pads are written off.
        pads.with_user(self.clerk_a).counted_qty = 0
        self.assertEqual((pads.count_state, pads.variance_qty), ("counted", -10))
        stocktake.with_user(self.clerk_a).action_submit()
        stocktake.with_user(self.parts_manager_a).action_approve()
        self.assertEqual(self.qty(self.brake_pad), 0)

    def test_skipped_line_keeps_the_book_quantity(self):
        stocktake = self._start()
        filters, pads = (
            self._line(stocktake, self.oil_filter),
            self._line(stocktake, self.brake_pad),
        )
        filters.with_user(self.clerk_a).action_count_as_book()
        with self.assertRaisesRegex(UserError, "Say why"):
            pads.with_user(self.clerk_a).action_skip()
        self.assertEqual(pads.count_state, "to_count")
        self.assertIs(pads.with_user(self.clerk_a).action_skip(reason="货架在维修"), True)
        self.assertEqual((pads.count_state, pads.reason), ("skipped", "货架在维修"))
        stocktake.with_user(self.clerk_a).action_submit()
        self.assertEqual(stocktake.state, "done")
        self.assertEqual(self.qty(self.brake_pad), 10)
        self.assertEqual(self.qty(self.oil_filter), 100)

    def test_count_state_protected(self):
        stocktake = self._start()
        pads = self._line(stocktake, self.brake_pad)
        for user in (self.clerk_a, self.parts_manager_a):
            for state in ("counted", "skipped"):
                with self.assertRaises(UserError):
                    pads.with_user(user).write({"count_state": state})
        self.assertEqual(pads.count_state, "to_count")
        with self.assertRaises(UserError):
            pads.with_user(self.advisor_a).action_skip(reason="no")
        self.assertEqual(pads.count_state, "to_count")
