"""Three guarantees (三包) benchmark (run by `make bench` on the generated network, not by
`make test`): the status of every network vehicle (200,000 VINs at KIA_NETWORK_SCALE=1) computed
in batches, one SQL query per batch over every dealer's repair orders and claims, then the
findings in Python. Prints the time, the queries and the goal.

On a database without a generated network, KIA_BENCH_SANBAO_VEHICLES=N first generates a small
network of N vehicles inside the test's transaction (rolled back), e.g. to prove the benchmark
on a development database::

    KIA_BENCH_SANBAO_VEHICLES=2000 python3 -m pytest -s -o addopts="" \\
        --odoo-config=.build/odoo-test.conf --odoo-database=kia_NAME tests/perf/test_perf_sanbao.py
"""

import os
import time

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

BATCH = 10000
# Goal: the whole network's status within 60 s, i.e. 0.3 ms per VIN, one query per batch.
GOAL_MS_PER_VIN = 0.3


@tagged("post_install", "-at_install", "kia_bench")
class TestPerfSanbao(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        small = int(os.environ.get("KIA_BENCH_SANBAO_VEHICLES") or 0)
        if small:
            cls.env["kia.network.generator"]._generate(
                dealers=max(2, small // 1000),
                vehicles=small,
                repairs=small * 5,
                log=lambda message: None,
            )

    def test_sanbao_status_whole_network(self):
        Identity = self.env["kia.vehicle"]
        self.env.cr.execute(SQL("SELECT id FROM kia_vehicle ORDER BY id"))
        ids = [row[0] for row in self.env.cr.fetchall()]
        self.assertTrue(ids, "no network vehicle: generate the network first")
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FROM (SELECT kia_vehicle_id FROM fleet_vehicle"
                " GROUP BY kia_vehicle_id HAVING count(*) > 1) x"
            )
        )
        shared = self.env.cr.fetchone()[0]
        company = self.env.ref("base.main_company")
        states = {}
        queries = self.env.cr.sql_log_count
        started = time.perf_counter()
        for start in range(0, len(ids), BATCH):
            batch = Identity.browse(ids[start : start + BATCH])
            for values in batch._kia_wty_sanbao_values(company).values():
                state = values["kia_wty_sanbao_state"]
                states[state] = states.get(state, 0) + 1
            batch.invalidate_recordset()
        elapsed = time.perf_counter() - started
        queries = self.env.cr.sql_log_count - queries
        batches = -(-len(ids) // BATCH)
        per_vin = elapsed * 1000 / len(ids)
        print(  # noqa: T201
            f"\nthree guarantees status: {len(ids):,} VINs ({shared:,} serviced at two dealers) "
            f"in {elapsed:.2f} s, {per_vin:.3f} ms per VIN, {queries} queries for {batches} "
            f"batches of {BATCH:,}; states {states} "
            f"(goal: <= {GOAL_MS_PER_VIN} ms per VIN, i.e. 200,000 VINs <= "
            f"{GOAL_MS_PER_VIN * 200:.0f} s, a fixed number of queries per batch)"
        )
        self.assertEqual(sum(states.values()), len(ids))
        self.assertLessEqual(queries, batches * 4)
