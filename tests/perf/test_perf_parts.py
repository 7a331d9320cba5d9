"""Parts benchmarks (run by `make bench`, not by `make test`).

- A stocktaking of N SKUs applied by kia_parts, beside Odoo's own inventory apply of the same
  counts in the same run, reported as a ratio.
- Suggested quantities for N SKUs: the query count does not grow with the SKU count.

N is KIA_BENCH_SKUS (default 50,000). The SKUs are made in bulk with SQL so the set-up stays in
minutes.
"""

import os
import time
from collections import defaultdict

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

SKUS = int(os.environ.get("KIA_BENCH_SKUS", "50000"))


def create_parts(env, count, prefix):
    """Kia parts in bulk: one INSERT for the templates, one for the variants."""
    uom = env.ref("uom.product_uom_unit").id
    categ = env.ref("product.product_category_all").id
    # NOT NULL columns that other installed modules add to product_template
    extra = {
        name: value
        for name, value in (
            ("service_tracking", "no"),
            ("sale_line_warn", "no-message"),
            ("purchase_line_warn", "no-message"),
        )
        if name in env["product.template"]._fields
    }
    extra_columns = SQL(", ").join(SQL.identifier(name) for name in extra)
    extra_values = SQL(", ").join(SQL("%s", value) for value in extra.values())
    env.cr.execute(
        SQL(
            """
            INSERT INTO product_template (name, type, categ_id, uom_id, uom_po_id, active,
                                          sale_ok, purchase_ok, is_storable, tracking,
                                          kia_part_number, kia_part_category, kia_dealer_price,
                                          purchase_method, create_uid, write_uid,
                                          create_date, write_date, %(extra_columns)s)
            SELECT jsonb_build_object('en_US', 'Bench part ' || n), 'consu', %(categ)s, %(uom)s,
                   %(uom)s, TRUE, TRUE, TRUE, TRUE, 'none', %(prefix)s || n,
                   (ARRAY['maintenance', 'repair', 'accessory', 'body', 'ev'])[1 + mod(n, 5)],
                   10 + mod(n, 90), 'receive', 1, 1, NOW(), NOW(), %(extra_values)s
              FROM generate_series(1, %(count)s) AS n
            RETURNING id
            """,
            categ=categ,
            uom=uom,
            extra_columns=extra_columns,
            extra_values=extra_values,
            prefix=prefix,
            count=count,
        )
    )
    tmpl_ids = [row[0] for row in env.cr.fetchall()]
    env.cr.execute(
        SQL(
            """
            INSERT INTO product_product (product_tmpl_id, active, create_uid, write_uid,
                                         create_date, write_date)
            SELECT id, TRUE, 1, 1, NOW(), NOW() FROM unnest(%(ids)s) AS id
            RETURNING id
            """,
            ids=tmpl_ids,
        )
    )
    return [row[0] for row in env.cr.fetchall()]


def analyze(env, *tables):
    """Planner statistics for the rows just inserted (ANALYZE sees the transaction's own rows):
    a live database has them from autovacuum. Without them PostgreSQL reads every quant of the
    location for each per-part lookup, and the bench measures that instead of the apply."""
    env.cr.execute(SQL("ANALYZE %s", SQL(", ").join(SQL.identifier(t) for t in tables)))


def put_quants(env, product_ids, location, company, quantity):
    env.cr.execute(
        SQL(
            """
            INSERT INTO stock_quant (product_id, location_id, company_id, quantity,
                                     reserved_quantity, inventory_quantity,
                                     inventory_quantity_set, in_date, create_uid, write_uid,
                                     create_date, write_date)
            SELECT id, %(location)s, %(company)s, %(qty)s, 0, 0, FALSE, NOW(), 1, 1, NOW(),
                   NOW()
              FROM unnest(%(ids)s) AS id
            """,
            location=location.id,
            company=company.id,
            qty=quantity,
            ids=product_ids,
        )
    )


@tagged("-standard", "kia_bench")
class TestPerfStocktake(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        Location = cls.env["stock.location"]
        cls.loc_kia = Location.create(
            {"name": "Bench Kia", "location_id": warehouse.lot_stock_id.id}
        )
        cls.loc_odoo = Location.create(
            {"name": "Bench Odoo", "location_id": warehouse.lot_stock_id.id}
        )
        started = time.perf_counter()
        cls.product_ids = create_parts(cls.env, SKUS, "BENCH-ST-")
        put_quants(cls.env, cls.product_ids, cls.loc_kia, cls.company, 10)
        put_quants(cls.env, cls.product_ids, cls.loc_odoo, cls.company, 10)
        analyze(cls.env, "product_template", "product_product", "stock_quant")
        cls.env.invalidate_all()
        print(
            f"\n[bench] set-up of {SKUS} SKUs x 2 locations: {time.perf_counter() - started:.1f}s"
        )

    def test_stocktake_apply_vs_odoo(self):
        # Counts: every 3rd SKU one short, every 7th one over, the rest as booked.
        def count(i):
            return 9 if i % 3 == 0 else 11 if i % 7 == 0 else 10

        started = time.perf_counter()
        stocktake = self.env["kia.parts.stocktake"].create(
            {"location_id": self.loc_kia.id, "count_type": "full"}
        )
        stocktake.action_start()
        self.assertEqual(len(stocktake.line_ids), SKUS)
        self.env.flush_all()
        start_seconds = time.perf_counter() - started
        index = {pid: i for i, pid in enumerate(self.product_ids)}

        def by_count(records):
            """Record ids grouped by their count: one write per distinct count."""
            groups = defaultdict(list)
            for record in records:
                groups[count(index[record.product_id.id])].append(record.id)
            return groups

        started = time.perf_counter()
        for qty, ids in by_count(stocktake.line_ids).items():
            stocktake.line_ids.browse(ids).write({"counted_qty": qty})
        self.env.flush_all()
        count_seconds = time.perf_counter() - started

        quants = self.env["stock.quant"].search([("location_id", "=", self.loc_odoo.id)])
        Quant = quants.with_context(inventory_mode=True)
        for qty, ids in by_count(quants).items():
            Quant.browse(ids).write({"inventory_quantity": qty})
        self.env.flush_all()

        started = time.perf_counter()
        stocktake._apply()
        self.env.flush_all()
        kia_seconds = time.perf_counter() - started

        started = time.perf_counter()
        Quant.browse(quants.ids)._apply_inventory()
        self.env.flush_all()
        odoo_seconds = time.perf_counter() - started

        self.assertEqual(stocktake.state, "done")
        self.env.invalidate_all()
        totals = dict(
            self.env["stock.quant"]._read_group(
                [("location_id", "in", (self.loc_kia | self.loc_odoo).ids)],
                ["location_id"],
                ["quantity:sum"],
            )
        )
        self.assertEqual(totals[self.loc_kia], totals[self.loc_odoo])
        moves = self.env["stock.move"].search_count(
            [("location_id", "in", (self.loc_kia | self.loc_odoo).ids), ("state", "=", "done")]
        ) + self.env["stock.move"].search_count(
            [
                ("location_dest_id", "in", (self.loc_kia | self.loc_odoo).ids),
                ("state", "=", "done"),
            ]
        )
        print(
            f"\n[bench] stocktaking of {SKUS} SKUs: start (count lines) {start_seconds:.1f}s, "
            f"counts entered {count_seconds:.1f}s; apply: kia_parts {kia_seconds:.1f}s, "
            f"Odoo inventory apply {odoo_seconds:.1f}s, ratio {kia_seconds / odoo_seconds:.2f} "
            f"({moves} adjustment moves in all)"
        )


@tagged("-standard", "kia_bench")
class TestPerfSuggestedQuantities(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.warehouse = cls.env["stock.warehouse"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )

    def _orderpoints(self, product_ids):
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO stock_warehouse_orderpoint (name, trigger, warehouse_id,
                    location_id, product_id, company_id, product_min_qty, product_max_qty,
                    qty_multiple, active, create_uid, write_uid, create_date, write_date)
                SELECT 'BENCH-OP-' || id, 'manual', %(wh)s, %(loc)s, id, %(company)s, 5, 20, 1,
                       TRUE, 1, 1, NOW(), NOW()
                  FROM unnest(%(ids)s) AS id
                """,
                wh=self.warehouse.id,
                loc=self.warehouse.lot_stock_id.id,
                company=self.company.id,
                ids=product_ids,
            )
        )

    def test_suggested_quantities_query_count(self):
        small = create_parts(self.env, 10, "BENCH-SQ-S-")
        self._orderpoints(small)
        self.env.invalidate_all()
        self.env["product.product"]._kia_suggested_quantities(self.company)  # warm-up
        with self.assertQueryCount(1) as _:
            started = time.perf_counter()
            few = self.env["product.product"]._kia_suggested_quantities(self.company)
            few_seconds = time.perf_counter() - started
        large = create_parts(self.env, SKUS, "BENCH-SQ-L-")
        self._orderpoints(large)
        analyze(self.env, "product_template", "product_product", "stock_warehouse_orderpoint")
        self.env.invalidate_all()
        self.env["product.product"]._kia_suggested_quantities(self.company)  # warm-up
        with self.assertQueryCount(1):
            started = time.perf_counter()
            many = self.env["product.product"]._kia_suggested_quantities(self.company)
            many_seconds = time.perf_counter() - started
        self.assertEqual(len(many) - len(few), SKUS)
        print(
            f"\n[bench] suggested quantities: 10 SKUs {few_seconds * 1000:.0f} ms, "
            f"{SKUS} SKUs {many_seconds * 1000:.0f} ms, 1 query each"
        )
