"""KPI benchmark (run by `make bench`, not by `make test`) on whatever data the database holds.

- The dealer-month KPI pivot of head office (kia.kpi.report read_group grouped by dealer and
  month, every measure, as the pivot view asks for it, through the ORM with record rules)
  beside a raw SQL GROUP BY of the same figures (the view's own query, summed per dealer and
  month, no ORM), in the same run, printed as a ratio (goal: at most 1.5).
- The dashboard (the KPI cards of one month, first page) of a dealer's manager and of head
  office: query count and time.
- The Odoo process's memory (peak RSS, and current RSS with psutil) before and after.

On the network-scale data set `make bench` generates once into KIA_NETWORK_DB (default
kia_bench_network) with the ``kia_generate`` command of the add-on kia_network_generator, installed
there for it (200 dealers, 200,000 vehicles, 1,000,000 repair orders at KIA_NETWORK_SCALE=1,
technicians' available hours included), e.g.::

    python3 -m odoo --addons-path=... kia_generate -c .build/odoo-bench.conf \\
        -d kia_bench_network --scale 0.1
"""

import resource
import time

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.kia_analysis.models.kia_kpi import RATIO_SPECS

try:
    import psutil
except ImportError:  # pragma: no cover
    psutil = None

RUNS = 3


def rss_mb():
    """Current resident memory of this process in MB (psutil), or the peak if unavailable."""
    if psutil:
        return psutil.Process().memory_info().rss / 1024 / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def best_of(function, runs=RUNS):
    timings = []
    for __ in range(runs):
        started = time.perf_counter()
        result = function()
        timings.append(time.perf_counter() - started)
    return min(timings), result


@tagged("post_install", "-at_install", "kia_bench")
class TestPerfKpi(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealers = cls.env["res.company"].search(
            [("kia_dealer_type", "in", ("dealer_4s", "service_station"))]
        )
        cls.hq_user = cls.env["res.users"].create(
            {
                "name": "Bench HQ officer",
                "login": "bench_kpi_hq",
                "company_id": cls.env.ref("base.main_company").id,
                "company_ids": [(6, 0, (cls.dealers | cls.env.ref("base.main_company")).ids)],
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            cls.env.ref("kia_base.group_hq_officer").id,
                            cls.env.ref("base.group_multi_company").id,
                        ],
                    ),
                ],
            }
        )
        cls.Report = cls.env["kia.kpi.report"]
        cls.measures = [
            name
            for name, field in cls.Report._fields.items()
            if field.type in ("integer", "float") and name != "id"
        ]

    def pivot(self):
        """What the pivot view asks for: every measure per dealer and month."""
        report = self.Report.with_user(self.hq_user).with_context(
            allowed_company_ids=self.hq_user.company_ids.ids
        )
        return report.read_group(
            [], [f"{name}:sum" for name in self.measures], ["company_id", "date:month"], lazy=False
        )

    def raw_sql(self):
        """The same figures straight from the view's query: one GROUP BY, no ORM."""
        columns = []
        for name in self.measures:
            spec = RATIO_SPECS.get(name)
            if spec:
                numerator, denominator, factor = spec
                columns.append(
                    SQL(
                        "SUM(%s) * %s / NULLIF(SUM(%s), 0)",
                        SQL.identifier(numerator),
                        factor,
                        SQL.identifier(denominator),
                    )
                )
            else:
                columns.append(SQL("SUM(%s)", SQL.identifier(name)))
        self.env.cr.execute(
            SQL(
                """SELECT company_id, date_trunc('month', date), %s
                     FROM (%s) AS kpi
                    WHERE company_id IN %s
                    GROUP BY 1, 2 ORDER BY 2 DESC, 1""",
                SQL(", ").join(columns),
                self.Report._kia_query(),
                tuple(self.dealers.ids) or (0,),
            )
        )
        return self.env.cr.fetchall()

    def test_kpi_pivot_vs_raw_sql(self):
        memory_before = rss_mb()
        self.env.invalidate_all()
        pivot_time, groups = best_of(self.pivot)
        raw_time, rows = best_of(self.raw_sql)
        self.assertEqual(len(groups), len(rows), "the pivot and the raw query see the same cells")
        ratio = pivot_time / raw_time if raw_time else 0.0
        memory_after = rss_mb()
        print(  # noqa: T201
            f"\nKPI pivot: {len(self.dealers)} dealers, {len(groups)} dealer-month cells, "
            f"{len(self.measures)} measures: ORM read_group {pivot_time * 1000:.1f} ms, "
            f"raw SQL GROUP BY {raw_time * 1000:.1f} ms, ratio {ratio:.2f} (goal <= 1.5); "
            f"memory {memory_before:.0f} -> {memory_after:.0f} MB, peak "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
        if raw_time > 0.05:  # below 50 ms the ORM's fixed cost dominates the ratio
            self.assertLessEqual(ratio, 1.5)

    def test_dashboard(self):
        month = self.env["kia.kpi.report"].search([], limit=1, order="date desc").date
        if not month:
            self.skipTest("no KPI figures in this database")
        manager = self.env["res.users"].search(
            [
                ("groups_id", "in", self.env.ref("kia_base.group_service_manager").id),
                ("company_id", "in", self.dealers.ids),
                ("groups_id", "not in", self.env.ref("kia_base.group_hq_officer").id),
            ],
            limit=1,
        )
        spec = {
            "kpi_id": {"fields": {"display_name": {}}},
            "value": {},
            "unit": {},
            "target": {},
            "status": {},
            "formula": {},
            "company_id": {"fields": {"display_name": {}}},
            "date": {},
        }
        for user in (manager, self.hq_user):
            if not user:
                continue
            Value = self.env["kia.kpi.value"].with_user(user)
            domain = [("date", "=", month)]

            def open_dashboard(Value=Value, domain=domain):
                """The dashboard's default: the month's cards, 80 to a page."""
                return len(Value.web_search_read(domain, spec, limit=80)["records"])

            open_dashboard()
            self.env.invalidate_all()
            queries = self.env.cr.sql_log_count
            started = time.perf_counter()
            cards = open_dashboard()
            elapsed = time.perf_counter() - started
            queries = self.env.cr.sql_log_count - queries
            print(  # noqa: T201
                f"\nKPI dashboard for {user.login} ({month:%Y-%m}): {cards} cards, "
                f"{queries} queries, {elapsed * 1000:.1f} ms"
            )
