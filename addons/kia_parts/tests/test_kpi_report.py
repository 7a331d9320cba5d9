from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestKpiReport(KiaPartsCase):
    """First-pass fill rate, slow/dead stock share and turnover per dealer and month, against
    values computed by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer_a.write({"kia_parts_slow_days": 20, "kia_parts_dead_days": 40})
        cls.supplier_loc = cls.env.ref("stock.stock_location_suppliers")

    def _receive(self, product, qty):
        move = self.env["stock.move"].create(
            {
                "name": "receipt",
                "product_id": product.id,
                "product_uom_qty": qty,
                "product_uom": product.uom_id.id,
                "location_id": self.supplier_loc.id,
                "location_dest_id": self.stock_a.id,
                "company_id": self.dealer_a.id,
            }
        )
        move._action_confirm()
        move.quantity = qty
        move.picked = True
        move._action_done()

    def _issue(self, product, qty):
        repair = self.make_repair(self.clerk_a, [(product, qty)])
        repair.action_kia_issue_parts()
        repair.action_repair_start()
        repair.action_repair_end()
        return repair

    def _row(self, month):
        rows = (
            self.env["kia.parts.kpi.report"].with_user(self.clerk_a).search([("month", "=", month)])
        )
        self.assertEqual(len(rows), 1)
        return rows

    def _make_january_february(self):
        with freeze_time("2026-01-10 10:00:00"):
            self._receive(self.oil_filter, 10)  # 10 x 30 = 300
            self._receive(self.bumper, 2)  # 2 x 2000 = 4000
        with freeze_time("2026-01-12 10:00:00"):
            self._issue(self.oil_filter, 2)  # filled at once, 60 issued
            short = self.make_repair(self.clerk_a, [(self.brake_pad, 1)])
            with self.assertRaises(UserError):
                short.action_kia_issue_parts()
            short.action_kia_record_lost_sales()  # not filled
            self.env["kia.parts.lost.sale"].with_user(self.clerk_a).create(
                {"product_id": self.bumper.id, "quantity": 1}
            )  # asked for at the counter: not filled
        with freeze_time("2026-02-05 10:00:00"):
            self._issue(self.oil_filter, 1)  # 30 issued
        self.env.flush_all()

    def test_kpis_per_month_match_hand_computation(self):
        self._make_january_february()

        jan = self._row("2026-01-01")
        self.assertEqual(jan.company_id, self.dealer_a)
        self.assertEqual((jan.request_lines, jan.filled_lines), (3, 1))
        self.assertAlmostEqual(jan.fill_rate, 100.0 / 3, places=4)
        self.assertFalse(jan.fill_rate_ok)
        self.assertAlmostEqual(jan.issue_value, 60.0, places=2)
        self.assertAlmostEqual(jan.stock_value, 240.0 + 4000.0, places=2)
        # at 1 February the bumpers have waited 21.6 days (slow), the oil filters 19.6 days
        self.assertAlmostEqual(jan.slow_value, 4000.0, places=2)
        self.assertAlmostEqual(jan.dead_value, 0.0, places=2)
        self.assertAlmostEqual(jan.slow_share, 4000.0 / 4240.0 * 100, places=4)
        self.assertAlmostEqual(jan.turnover, 60.0 * 12 / 4240.0, places=4)
        self.assertAlmostEqual(jan.days_of_stock, 4240.0 * 31 / 60.0, places=2)

        feb = self._row("2026-02-01")
        self.assertEqual((feb.request_lines, feb.filled_lines), (1, 1))
        self.assertAlmostEqual(feb.fill_rate, 100.0, places=4)
        self.assertTrue(feb.fill_rate_ok)
        self.assertAlmostEqual(feb.issue_value, 30.0, places=2)
        self.assertAlmostEqual(feb.stock_value, 210.0 + 4000.0, places=2)
        # at 1 March: bumpers idle 50.6 days (dead), oil filters 23.6 days (slow)
        self.assertAlmostEqual(feb.dead_value, 4000.0, places=2)
        self.assertAlmostEqual(feb.slow_value, 210.0, places=2)
        self.assertAlmostEqual(feb.dead_share, 4000.0 / 4210.0 * 100, places=4)
        self.assertFalse(feb.dead_share_ok)
        self.assertAlmostEqual(feb.turnover, 30.0 * 12 / 4210.0, places=4)

        # a month without activity still shows the stock and its ageing
        mar = self._row("2026-03-01")
        self.assertEqual(mar.request_lines, 0)
        self.assertAlmostEqual(mar.stock_value, 4210.0, places=2)
        self.assertAlmostEqual(mar.dead_value, 4210.0, places=2)

        # dealer B sees none of it, head office all of it
        self.assertFalse(
            self.env["kia.parts.kpi.report"]
            .with_user(self.clerk_b)
            .search([("company_id", "=", self.dealer_a.id)])
        )
        hq_rows = (
            self.env["kia.parts.kpi.report"]
            .with_user(self.hq_parts)
            .with_context(allowed_company_ids=(self.hq | self.dealer_a | self.dealer_b).ids)
            .search([("month", "=", "2026-01-01")])
        )
        self.assertIn(jan.id, hq_rows.ids)

    def test_grouped_ratios_are_sums_over_sums(self):
        """Grouped over January and February (the pivot's total), each ratio is the sum of its
        numerators over the sum of its denominators, not the average of the monthly ratios."""
        self._make_january_february()
        Report = self.env["kia.parts.kpi.report"].with_user(self.clerk_a)
        domain = [("month", ">=", "2026-01-01"), ("month", "<=", "2026-02-01")]
        [(fill_rate, dead_share, turnover, days_of_stock)] = Report._read_group(
            domain, [], ["fill_rate:sum", "dead_share:avg", "turnover:sum", "days_of_stock:sum"]
        )
        self.assertAlmostEqual(fill_rate, (1 + 1) / (3 + 1) * 100, places=4)  # 50 %
        self.assertNotAlmostEqual(fill_rate, (100.0 / 3 + 100.0) / 2, places=1)  # 66.7 %
        self.assertAlmostEqual(dead_share, 4000.0 / (4240.0 + 4210.0) * 100, places=4)
        self.assertAlmostEqual(turnover, (60.0 + 30.0) * 12 / (4240.0 + 4210.0), places=4)
        self.assertAlmostEqual(days_of_stock, (4240.0 * 31 + 4210.0 * 28) / (60.0 + 30.0), places=2)
        # The pivot (read_group per dealer) shows the same.
        [group] = Report.read_group(domain, ["fill_rate:avg", "request_lines"], ["company_id"])
        self.assertEqual(group["request_lines"], 4)
        self.assertAlmostEqual(group["fill_rate"], 50.0, places=4)
