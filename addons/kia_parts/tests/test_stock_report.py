from datetime import timedelta

from odoo import fields
from odoo.tests import tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestStockReport(KiaPartsCase):
    def test_slow_and_dead_stock(self):
        self.dealer_a.write({"kia_parts_slow_days": 30, "kia_parts_dead_days": 90})
        self.put_in_stock(self.oil_filter, self.stock_a, 5)
        self.put_in_stock(self.bumper, self.stock_a, 1)
        self.put_in_stock(self.bumper, self.stock_b, 1)
        quants = self.env["stock.quant"].search(
            [("product_id", "=", self.bumper.id), ("location_id", "=", self.stock_a.id)]
        )
        quants.in_date = fields.Datetime.now() - timedelta(days=120)
        self.env.flush_all()
        Report = self.env["kia.parts.stock.report"].with_user(self.clerk_a)
        rows = {row.product_id: row for row in Report.search([])}
        self.assertEqual(rows[self.bumper].stock_status, "dead")
        self.assertEqual(rows[self.oil_filter].stock_status, "normal")
        # dealer A does not see dealer B's stock
        self.assertEqual(Report.search([]).company_id, self.dealer_a)
