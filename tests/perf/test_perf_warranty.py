"""Benchmark (make bench): pre-checks of 10,000 warranty claims.

The pre-checks are set-based (one query per check for the whole batch), so checking 10,000
claims takes the same number of queries as checking 100. Each claim has a labour line built
from a repair order's clocked job, so the clocked hours and certification checks run too.
Prints the count and the time."""

import time
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.kia_base.tests.common import make_vin

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
        model = cls.env.ref("kia_base.fleet_vehicle_model_k5")
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
        # Labour done on repair orders: one warranty labour line per vehicle, clocked for the
        # standard hour, so the clocked hours and certification checks read real jobs.
        operation = cls.env["kia.labor.operation"].create(
            {"code": "BENCH01", "name": "Bench operation", "hours": 1.0}
        )
        repairs = (
            cls.env["repair.order"]
            .with_company(cls.dealer)
            .create(
                [
                    {
                        "vehicle_id": vehicle.id,
                        "company_id": cls.dealer.id,
                        "repair_service_ids": [
                            Command.create(
                                {"kia_labor_operation_id": operation.id, "kia_payer": "warranty"}
                            )
                        ],
                    }
                    for vehicle in vehicles
                ]
            )
        )
        started = fields.Datetime.now() - timedelta(days=3)
        jobs = cls.env["kia.repair.job"].create(
            [
                {
                    "name": "Bench job",
                    "company_id": cls.dealer.id,
                    "repair_id": repair.id,
                    "service_id": repair.repair_service_ids.id,
                    "labor_operation_id": operation.id,
                    "state": "done",
                    "time_ids": [
                        Command.create(
                            {
                                "user_id": cls.env.uid,
                                "date_start": started,
                                "date_stop": started + timedelta(hours=1),
                            }
                        )
                    ],
                }
                for repair in repairs
            ]
        )
        service_of = {job.repair_id.vehicle_id.id: job.service_id.id for job in jobs}
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
                                "line_type": "labor",
                                "name": "Bench operation",
                                "labor_operation_id": operation.id,
                                "repair_service_id": service_of[vehicles[i % N_VEHICLES].id],
                                "standard_hours": 1.0,
                                "clocked_hours": 1.0,
                                "hours": 1.0,
                                "price_unit": 120.0,
                            }
                        ),
                        Command.create(
                            {
                                "line_type": "part",
                                "name": "Bench part",
                                "product_id": part.id,
                                "quantity": 1,
                                "price_unit": 100.0,
                            }
                        ),
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
