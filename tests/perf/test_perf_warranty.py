"""Benchmark (make bench): pre-checks of 10,000 warranty claims.

The pre-checks are set-based (one query per check for the whole batch), so checking 10,000
claims takes the same number of queries as checking 100. Prints the count and the time."""

import time
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.kia_service.tests.common import make_vin

N_CLAIMS = 10000
N_VEHICLES = 200


@tagged("post_install", "-at_install", "kia_bench")
class TestPerfWarranty(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.dealer = cls.env["res.company"].create(
            {
                "name": "Bench Dealer",
                "kia_dealer_type": "dealer_4s",
                "kia_dealer_code": "BENCH01",
                "currency_id": cls.env.ref("base.CNY").id,
            }
        )
        model = cls.env.ref("kia_service.fleet_vehicle_model_k5")
        vehicles = cls.env["fleet.vehicle"].create(
            [
                {
                    "model_id": model.id,
                    "vin_sn": make_vin(serial=50000 + i),
                    "company_id": cls.dealer.id,
                    "kia_sale_date": fields.Date.today() - timedelta(days=300),
                }
                for i in range(N_VEHICLES)
            ]
        )
        part = cls.env["product.product"].create({"name": "Bench part", "list_price": 100.0})
        start = time.time()
        cls.claims = cls.env["kia.warranty.claim"].create(
            [
                {
                    "name": f"BENCH{i:06d}",
                    "claim_type": "warranty",
                    "company_id": cls.dealer.id,
                    "vehicle_id": vehicles[i % N_VEHICLES].id,
                    "repair_date": fields.Date.today() - timedelta(days=2),
                    "odometer": 10000,
                    "causal_product_id": part.id,
                    "line_ids": [
                        Command.create(
                            {
                                "line_type": "part",
                                "name": "Bench part",
                                "product_id": part.id,
                                "quantity": 1,
                                "price_unit": 100.0,
                            }
                        )
                    ],
                }
                for i in range(N_CLAIMS)
            ]
        )
        cls.env["ir.attachment"].create(
            [
                {
                    "name": "photo",
                    "type": "url",
                    "url": "https://example.com/photo.jpg",
                    "res_model": "kia.warranty.claim",
                    "res_id": claim_id,
                }
                for claim_id in cls.claims.ids
            ]
        )
        cls.env.flush_all()
        print(f"\nkia_warranty bench: {N_CLAIMS} claims created in {time.time() - start:.1f} s")

    def measure(self, claims):
        self.env.invalidate_all()
        queries = self.env.cr.sql_log_count
        start = time.time()
        errors = claims._kia_precheck_errors()
        return self.env.cr.sql_log_count - queries, time.time() - start, errors

    def test_precheck_10000_claims(self):
        self.measure(self.claims[:10])  # warm-up: registry and ormcache
        small_queries, small_time, small_errors = self.measure(self.claims[:100])
        queries, elapsed, errors = self.measure(self.claims)
        print(
            f"kia_warranty bench: pre-checks of 100 claims: {small_queries} queries, "
            f"{small_time:.3f} s; of {N_CLAIMS} claims: {queries} queries, {elapsed:.3f} s"
        )
        self.assertEqual(small_errors, {})
        self.assertEqual(errors, {})
        self.assertEqual(queries, small_queries)
        self.assertLess(queries, 15)
