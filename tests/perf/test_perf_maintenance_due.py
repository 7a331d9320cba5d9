"""Benchmark (make bench): the maintenance-due refresh for 200,000 vehicles runs as a fixed number
of queries, whatever the number of vehicles, and in a time printed here."""

import time

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

VEHICLES = 200_000
WITH_REPAIRS = 20_000


@tagged("post_install", "-at_install", "kia_bench")
class TestPerfMaintenanceDue(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.dealer = env["res.company"].create(
            {
                "name": "Bench 4S Dealer",
                "kia_dealer_type": "dealer_4s",
                "kia_dealer_code": "BENCH01",
                "currency_id": env.ref("base.CNY").id,
            }
        )
        model = env.ref("kia_base.fleet_vehicle_model_k5")
        model.write({"kia_care_interval_months": 6, "kia_care_interval_km": 5000})
        owner = env["res.partner"].create({"name": "Bench owner", "company_id": cls.dealer.id})
        # one vehicle and one done repair through the ORM: the rows the SQL copies
        template = env["fleet.vehicle"].create(
            {"model_id": model.id, "company_id": cls.dealer.id, "kia_owner_id": owner.id}
        )
        picking_type = env["stock.picking.type"].search(
            [("code", "=", "repair_operation"), ("company_id", "=", cls.dealer.id)], limit=1
        )
        repair = env["repair.order"].create(
            {
                "vehicle_id": template.id,
                "partner_id": owner.id,
                "company_id": cls.dealer.id,
                "picking_type_id": picking_type.id,
            }
        )
        repair.state = "done"
        env.flush_all()
        cr = env.cr
        started = time.perf_counter()
        # 200,000 vehicles sold over the last five years, two odometer readings each
        cr.execute(
            SQL(
                """
                INSERT INTO fleet_vehicle (model_id, company_id, kia_owner_id, active,
                                           odometer_unit, power_unit, kia_sale_date,
                                           kia_use_type, create_date, write_date)
                SELECT %(model)s, %(company)s, %(owner)s, TRUE, 'kilometers', 'power',
                       CURRENT_DATE - mod(n, 1800), 'private', NOW(), NOW()
                  FROM generate_series(1, %(count)s) n
                """,
                model=model.id,
                company=cls.dealer.id,
                owner=owner.id,
                count=VEHICLES,
            )
        )
        cr.execute(
            SQL(
                """
                INSERT INTO fleet_vehicle_odometer (vehicle_id, date, value, create_date,
                                                    write_date)
                SELECT v.id, d.date, d.value, NOW(), NOW()
                  FROM fleet_vehicle v,
                       LATERAL (VALUES (v.kia_sale_date, 5.0),
                                       (CURRENT_DATE - 10,
                                        5.0 + (CURRENT_DATE - 10 - v.kia_sale_date)
                                              * (20 + mod(v.id, 60)))) AS d(date, value)
                 WHERE v.company_id = %(company)s AND v.id != %(template)s
                """,
                company=cls.dealer.id,
                template=template.id,
            )
        )
        # a done repair order for one vehicle in ten, copied from the ORM-made one
        cr.execute(
            SQL(
                "SELECT column_name FROM information_schema.columns "
                "WHERE table_name = 'repair_order' AND column_name NOT IN "
                "('id', 'name', 'vehicle_id', 'schedule_date')"
            )
        )
        columns = SQL(", ").join(SQL.identifier(row[0]) for row in cr.fetchall())
        cr.execute(
            SQL(
                """
                INSERT INTO repair_order (name, vehicle_id, schedule_date, %(columns)s)
                SELECT 'BENCH/' || v.id, v.id, NOW() - make_interval(days => mod(v.id, 300)),
                       %(columns)s
                  FROM repair_order r,
                       (SELECT id FROM fleet_vehicle
                         WHERE company_id = %(company)s AND id != %(template)s
                      ORDER BY id LIMIT %(limit)s) v
                 WHERE r.id = %(repair)s
                """,
                columns=columns,
                company=cls.dealer.id,
                template=template.id,
                limit=WITH_REPAIRS,
                repair=repair.id,
            )
        )
        cr.execute("ANALYZE fleet_vehicle, fleet_vehicle_odometer, repair_order")
        cls.setup_seconds = time.perf_counter() - started
        cr.execute(
            SQL(
                "SELECT id FROM fleet_vehicle WHERE company_id = %s ORDER BY id",
                cls.dealer.id,
            )
        )
        cls.vehicle_ids = [row[0] for row in cr.fetchall()]

    def test_maintenance_due_for_200000_vehicles(self):
        Vehicle = self.env["fleet.vehicle"]
        self.assertGreaterEqual(len(self.vehicle_ids), VEHICLES)
        Vehicle._kia_care_refresh_due(self.vehicle_ids[:1])  # warm-up
        counts = {}
        for size in (1, 1000, len(self.vehicle_ids)):
            ids = self.vehicle_ids[:size]
            before = self.env.cr.sql_log_count
            started = time.perf_counter()
            changed = Vehicle._kia_care_refresh_due(ids)
            seconds = time.perf_counter() - started
            counts[size] = self.env.cr.sql_log_count - before
            print(  # noqa: T201 - the benchmark's output
                f"\nmaintenance due: {size:>7,} vehicles ({changed:,} changed), "
                f"{counts[size]} queries, {seconds:.2f} s"
            )
        print(f"(data set made in {self.setup_seconds:.1f} s)")  # noqa: T201
        self.assertEqual(len(set(counts.values())), 1, counts)
        # the whole network's daily refresh (ids=None): same query count; the bench vehicles
        # are fresh already, so only rows that changed are written
        before = self.env.cr.sql_log_count
        started = time.perf_counter()
        changed = Vehicle._kia_care_refresh_due()
        print(  # noqa: T201
            f"maintenance due: all active vehicles, daily re-run ({changed:,} changed), "
            f"{self.env.cr.sql_log_count - before} queries, "
            f"{time.perf_counter() - started:.2f} s"
        )
        self.assertEqual(self.env.cr.sql_log_count - before, counts[1])
        self.assertLess(changed, 1000)  # only the demo's vehicles, if any, may still move
        # spot checks: values are there and sane
        self.env.cr.execute(
            SQL(
                """
                SELECT COUNT(*) FILTER (WHERE kia_care_next_due_date IS NULL),
                       COUNT(*) FILTER (WHERE kia_care_due_basis = 'km'),
                       COUNT(*) FILTER (WHERE kia_care_last_service_date >= CURRENT_DATE - 300)
                  FROM fleet_vehicle WHERE company_id = %s
                """,
                self.dealer.id,
            )
        )
        missing, by_km, recent = self.env.cr.fetchone()
        self.assertEqual(missing, 0)
        self.assertGreater(by_km, 0)
        self.assertGreaterEqual(recent, WITH_REPAIRS)
