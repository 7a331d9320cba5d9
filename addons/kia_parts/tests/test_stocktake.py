from datetime import date, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestStocktake(KiaPartsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.put_in_stock(cls.oil_filter, cls.stock_a, 100)
        cls.put_in_stock(cls.brake_pad, cls.stock_a, 10)
        cls.put_in_stock(cls.bumper, cls.stock_b, 2)
        cls.env["kia.parts.variance.tolerance"].create(
            {"company_id": cls.dealer_a.id, "part_category": "maintenance", "tolerance_pct": 5}
        )

    def _start(self, user, **vals):
        with Form(self.env["kia.parts.stocktake"].with_user(user)) as form:
            for key, value in vals.items():
                setattr(form, key, value)
        stocktake = form.save()
        stocktake.action_start()
        return stocktake

    def _count(self, stocktake, counts):
        for line in stocktake.line_ids:
            line.counted_qty = counts[line.product_id]

    def test_full_count_within_tolerance_applied(self):
        stocktake = self._start(self.clerk_a)
        self.assertEqual(stocktake.line_ids.product_id, self.oil_filter | self.brake_pad)
        self._count(stocktake, {self.oil_filter: 96, self.brake_pad: 10})
        self.assertFalse(stocktake.over_tolerance_count)
        stocktake.action_submit()
        self.assertEqual(stocktake.state, "done")
        self.assertEqual(self.oil_filter.with_company(self.dealer_a).qty_available, 96)
        # the adjustment is valued
        layers = self.env["stock.valuation.layer"].search(
            [("product_id", "=", self.oil_filter.id), ("company_id", "=", self.dealer_a.id)]
        )
        self.assertIn(-120.0, layers.mapped("value"))
        # the count sheets render as PDF and Excel
        self.env["ir.actions.report"]._render_qweb_html(
            "kia_parts.report_count_sheet", stocktake.ids
        )
        content, kind = self.env["ir.actions.report"]._render(
            "kia_parts.report_count_sheet_xlsx", stocktake.ids
        )
        self.assertEqual(kind, "xlsx")
        self.assertTrue(content.startswith(b"PK"))

    def test_over_tolerance_needs_manager(self):
        stocktake = self._start(self.clerk_a)
        # brake pads (repair) fall back to the dealer's 2 %: one short is 10 %
        self._count(stocktake, {self.oil_filter: 100, self.brake_pad: 9})
        self.assertEqual(stocktake.over_tolerance_count, 1)
        stocktake.action_submit()
        self.assertEqual(stocktake.state, "to_approve")
        self.assertEqual(self.brake_pad.with_company(self.dealer_a).qty_available, 10)
        with self.assertRaises(UserError):
            stocktake.with_user(self.clerk_a).action_approve()
        self.assertEqual(stocktake.state, "to_approve")
        stocktake.with_user(self.parts_manager_a).action_approve()
        self.assertEqual(stocktake.state, "done")
        self.assertEqual(stocktake.approved_by_id, self.parts_manager_a)
        self.assertEqual(self.brake_pad.with_company(self.dealer_a).qty_available, 9)

    def test_negative_or_absurd_count_refused(self):
        stocktake = self._start(self.clerk_a)
        line = stocktake.line_ids.filtered(lambda line: line.product_id == self.brake_pad)
        with self.assertRaises(ValidationError):
            line.counted_qty = -1
            line.flush_recordset()
        line.invalidate_recordset()
        self.assertEqual(line.counted_qty, 0)
        with self.assertRaises(ValidationError):
            line.counted_qty = 10 * 100 + 1
            line.flush_recordset()
        line.invalidate_recordset()
        self.assertEqual(line.counted_qty, 0)
        self.assertEqual(self.brake_pad.with_company(self.dealer_a).qty_available, 10)

    def test_cycle_count_takes_one_abc_class(self):
        self.brake_pad.kia_abc_class = "a"
        self.oil_filter.kia_abc_class = "c"
        stocktake = self._start(self.clerk_a, count_type="cycle", abc_class="a")
        self.assertEqual(stocktake.line_ids.product_id, self.brake_pad)

    def test_dealers_do_not_see_each_other(self):
        stocktake_b = self._start(self.clerk_b)
        self.assertEqual(stocktake_b.line_ids.product_id, self.bumper)
        self.assertFalse(
            self.env["kia.parts.stocktake"]
            .with_user(self.clerk_a)
            .search([("id", "=", stocktake_b.id)])
        )

    def test_due_counts_planned_per_abc_class(self):
        Stocktake = self.env["kia.parts.stocktake"]
        day_one = date(2026, 3, 2)
        planned = Stocktake._cron_plan_counts(today=day_one).filtered(
            lambda s: s.company_id == self.dealer_a
        )
        self.assertEqual(
            sorted((s.count_type, s.abc_class or "") for s in planned),
            [("cycle", "a"), ("cycle", "b"), ("cycle", "c"), ("full", "")],
        )
        self.assertEqual(planned.location_id, self.stock_a)
        self.assertEqual(len(planned.responsible_id), 1)
        self.assertEqual(planned.responsible_id.company_id, self.dealer_a)
        self.assertTrue(planned.responsible_id.has_group("kia_parts.group_parts_manager"))
        self.assertTrue(planned.activity_ids)
        # nothing twice
        again = Stocktake._cron_plan_counts(today=day_one)
        self.assertFalse(again.filtered(lambda s: s.company_id == self.dealer_a))
        # a month later only the A parts are due again (30 days by default)
        later = Stocktake._cron_plan_counts(today=day_one + timedelta(days=30))
        later_a = later.filtered(lambda s: s.company_id == self.dealer_a)
        self.assertEqual([(s.count_type, s.abc_class) for s in later_a], [("cycle", "a")])
        # a cancelled count does not count as done
        later_a.action_cancel()
        self.dealer_a.kia_parts_cycle_days_b = 0
        relaunched = Stocktake._cron_plan_counts(today=day_one + timedelta(days=31))
        self.assertEqual(
            [
                (s.count_type, s.abc_class)
                for s in relaunched.filtered(lambda s: s.company_id == self.dealer_a)
            ],
            [("cycle", "a")],
        )
