"""KPI benchmark (run by `make bench`, not by `make test`) on whatever data the database holds.

Printed, each as a ``KIA-GOAL`` line (goal: at most 1 s), cold (record caches and the
registry's caches emptied) and warm (the same call again), with the query count:

- the KPI dashboard (``kia.kpi.dashboard.get_dashboard_data``, what the dashboard's JS calls)
  of a dealer's service manager and of head office;
- head office's pivot of every dealer by month (kia.kpi.report read_group grouped by dealer
  and month, every measure, through the ORM with record rules), also beside a raw SQL GROUP BY
  of the same figures on the same view (no ORM), printed as a ratio (goal: at most 1.5).

Closed months and the days of the current month that have ended come from the KPI snapshot
(kia.kpi.snapshot), today live. Also printed: what the live part alone costs (every dealer's
records from its cut on), how long filling the snapshot of the whole network takes (first
fill: closed months and days kept), recomputing one dealer-month and one dealer's days kept,
and the Odoo process's memory.

On the network-scale data set `make bench` generates once into KIA_NETWORK_DB (default
kia_bench_network) with the ``kia_generate`` command of the add-on kia_network_generator, installed
there for it (200 dealers, 200,000 vehicles, 1,000,000 repair orders at KIA_NETWORK_SCALE=1,
technicians' available hours included), e.g.::

    python3 -m odoo --addons-path=... kia_generate -c .build/odoo-bench.conf \\
        -d kia_bench_network --scale 0.1
"""

import resource
import time

from dateutil.relativedelta import relativedelta

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.kia_analysis.models.kia_kpi import RATIO_SPECS

try:
    import psutil
except ImportError:  # pragma: no cover
    psutil = None

GOAL_SECONDS = 1.0


def rss_mb():
    """Current resident memory of this process in MB (psutil), or the peak if unavailable."""
    if psutil:
        return psutil.Process().memory_info().rss / 1024 / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


@tagged("post_install", "-at_install", "kia_bench")
class TestPerfKpi(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealers = cls.env["res.company"].search(
            [("kia_dealer_type", "in", ("dealer_4s", "service_station"))]
        )
        main = cls.env.ref("base.main_company")
        cls.hq_user = cls.env["res.users"].create(
            {
                "name": "Bench HQ officer",
                "login": "bench_kpi_hq",
                "company_id": main.id,
                "company_ids": [(6, 0, (cls.dealers | main).ids)],
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
        dealer = cls.dealers[:1]
        cls.manager = cls.env["res.users"].create(
            {
                "name": "Bench service manager",
                "login": "bench_kpi_manager",
                "company_id": dealer.id,
                "company_ids": [(6, 0, dealer.ids)],
                "groups_id": [(6, 0, [cls.env.ref("kia_base.group_service_manager").id])],
            }
        )
        cls.Report = cls.env["kia.kpi.report"]
        cls.measures = [
            name
            for name, field in cls.Report._fields.items()
            if field.type in ("integer", "float") and name != "id"
        ]

    def goal(self, what, seconds, queries):
        met = "met" if seconds <= GOAL_SECONDS else "missed"
        print(  # noqa: T201
            f"\nKIA-GOAL\t{what}\t{seconds:.2f} s, {queries} queries\t<= {GOAL_SECONDS:g} s\t{met}"
        )

    def measure(self, function):
        """(seconds, queries, result) of one call."""
        queries = self.env.cr.sql_log_count
        started = time.perf_counter()
        result = function()
        elapsed = time.perf_counter() - started
        return elapsed, self.env.cr.sql_log_count - queries, result

    def cold_and_warm(self, what, function):
        """Cold: the environment's records and the registry's caches emptied (as after a
        restart or another worker's change); warm: the same call again."""
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        cold, cold_queries, result = self.measure(function)
        warm, warm_queries, _result = self.measure(function)
        self.goal(f"{what}, cold, {len(self.dealers)} dealers", cold, cold_queries)
        self.goal(f"{what}, warm, {len(self.dealers)} dealers", warm, warm_queries)
        return result

    def test_dashboard(self):
        memory_before = rss_mb()
        for label, user, company in (
            ("KPI dashboard of a dealer's service manager", self.manager, self.dealers[:1]),
            ("KPI dashboard of head office", self.hq_user, self.hq_user.company_id),
        ):
            Dashboard = (
                self.env["kia.kpi.dashboard"]
                .with_user(user)
                .with_context(allowed_company_ids=company.ids)
            )
            data = self.cold_and_warm(label, Dashboard.get_dashboard_data)
            print(f"\n{label}: {len(data['cards'])} cards")  # noqa: T201
        print(  # noqa: T201
            f"\nKPI dashboard memory {memory_before:.0f} -> {rss_mb():.0f} MB, peak "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )

    def test_live_month(self):
        """What the live part (every dealer's records from its cut: today, or the whole
        month not closed when its days are not kept) costs of the dashboard and the pivot:
        the function their view reads it from."""
        self.env.cr.execute(
            SQL(
                """SELECT MIN(open_day), MAX(open_day),
                          COUNT(*) FILTER (WHERE open_day > closed_month)
                     FROM kia_kpi_snapshot_close WHERE company_id IN %s""",
                tuple(self.dealers.ids) or (0,),
            )
        )
        first_day, last_day, keeping = self.env.cr.fetchone()

        def live():
            self.env.cr.execute(SQL("SELECT COUNT(*) FROM kia_kpi_facts_live()"))
            return self.env.cr.fetchone()[0]

        timings = [self.measure(live) for __ in range(3)]
        print(  # noqa: T201
            f"\nKPI live part, every dealer from its cut (kia_kpi_facts_live; {keeping} dealers "
            f"with days kept, live from {first_day} to {last_day}): {timings[-1][2]} "
            f"dealer-months, {min(t[0] for t in timings) * 1000:.0f} ms best of 3, "
            f"{max(t[0] for t in timings) * 1000:.0f} ms worst"
        )

    def test_pivot(self):
        report = self.Report.with_user(self.hq_user).with_context(
            allowed_company_ids=self.hq_user.company_ids.ids
        )

        def pivot():
            """What the pivot view asks for: every measure per dealer and month."""
            return report.read_group(
                [],
                [f"{name}:sum" for name in self.measures],
                ["company_id", "date:month"],
                lazy=False,
            )

        groups = self.cold_and_warm("HQ pivot of every dealer by month", pivot)
        print(  # noqa: T201
            f"\nHQ pivot: {len(groups)} dealer-month cells, {len(self.measures)} measures"
        )

    def test_pivot_vs_raw_sql(self):
        report = self.Report.with_user(self.hq_user).with_context(
            allowed_company_ids=self.hq_user.company_ids.ids
        )
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

        def raw_sql():
            self.env.cr.execute(
                SQL(
                    """SELECT company_id, date_trunc('month', date), %s
                         FROM kia_kpi_report
                        WHERE company_id IN %s
                        GROUP BY 1, 2 ORDER BY 2 DESC, 1""",
                    SQL(", ").join(columns),
                    tuple(self.dealers.ids) or (0,),
                )
            )
            return self.env.cr.fetchall()

        def pivot():
            return report.read_group(
                [],
                [f"{name}:sum" for name in self.measures],
                ["company_id", "date:month"],
                lazy=False,
            )

        pivot_time = min(self.measure(pivot)[0] for __ in range(2))
        raw_time, _queries, rows = min(
            (self.measure(raw_sql) for __ in range(2)), key=lambda item: item[0]
        )
        ratio = pivot_time / raw_time if raw_time else 0.0
        print(  # noqa: T201
            f"\nKPI pivot: {len(rows)} dealer-month cells: ORM read_group "
            f"{pivot_time * 1000:.1f} ms, raw SQL GROUP BY {raw_time * 1000:.1f} ms"
        )
        met = "met" if ratio <= 1.5 else "missed"
        print(  # noqa: T201
            f"\nKIA-GOAL\tHQ pivot, ORM read_group / raw SQL GROUP BY\t{ratio:.2f}\t<= 1.5\t{met}"
        )

    def test_snapshot_fill(self):
        """The first fill of the whole network's snapshot, and one dealer-month's recompute
        (rolled back with the test: the database keeps its snapshot)."""
        Snapshot = self.env["kia.kpi.snapshot"]
        self.env.cr.execute(SQL("DELETE FROM kia_kpi_snapshot; DELETE FROM kia_kpi_parts_stock"))
        self.env.registry.clear_cache()
        fill, fill_queries, _result = self.measure(Snapshot._cron_kia_close_months)
        self.env.cr.execute(SQL("SELECT COUNT(*) FROM kia_kpi_snapshot"))
        rows = self.env.cr.fetchone()[0]
        print(  # noqa: T201
            f"\nKPI snapshot first fill: {len(self.dealers)} dealers, {rows} dealer-months, "
            f"{fill:.1f} s, {fill_queries} queries"
        )
        dealer = self.dealers[:1]
        month = Snapshot._kia_last_closed_month(dealer)
        recompute, recompute_queries, _result = self.measure(
            lambda: Snapshot._kia_recompute({(dealer.id, month)})
        )
        print(  # noqa: T201
            f"\nKPI snapshot recompute of one dealer-month ({month:%Y-%m}): "
            f"{recompute:.2f} s, {recompute_queries} queries"
        )
        # a late change in a day kept (a follow-up call, a survey): that dealer's days kept
        current = month + relativedelta(months=1)
        days, days_queries, _result = self.measure(
            lambda: Snapshot._kia_recompute({(dealer.id, current)})
        )
        print(  # noqa: T201
            f"\nKPI snapshot recompute of one dealer's days kept of {current:%Y-%m}: "
            f"{days:.2f} s, {days_queries} queries"
        )
        self.assertTrue(rows)
