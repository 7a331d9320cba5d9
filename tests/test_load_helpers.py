"""The pure helpers of the benchmarks' scripts (scripts/load.py, scripts/goal_table.py): the
latency percentiles, the records audit after a load run and the goal table of `make bench`."""

import importlib.util
import unittest
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent.parent / "scripts"


def _script(name):
    spec = importlib.util.spec_from_file_location(f"kia_script_{name}", SCRIPTS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


load = _script("load")
goal_table = _script("goal_table")


class TestLoadHelpers(unittest.TestCase):
    def test_percentile_nearest_rank(self):
        values = [0.5, 0.1, 0.4, 0.2, 0.3, 0.9, 0.8, 0.7, 0.6, 1.0]
        self.assertEqual(load.percentile(values, 0.5), 0.5)
        self.assertEqual(load.percentile(values, 0.95), 1.0)
        self.assertEqual(load.percentile(values, 0.1), 0.1)
        self.assertEqual(load.percentile([3.0], 0.95), 3.0)
        self.assertIsNone(load.percentile([], 0.5))

    def test_summarize_counts_errors_as_the_client_sees_them(self):
        samples = {"clock on": [(0.2, True), (0.4, True), (1.5, False), (0.3, True)]}
        row = load.summarize(samples, 2.0)["clock on"]
        self.assertEqual(row["count"], 4)
        self.assertEqual(row["errors"], 1)
        # Throughput counts what succeeded; the percentiles every attempt, failures included.
        self.assertEqual(row["throughput"], 1.5)
        self.assertEqual(row["p50"], 0.3)
        self.assertEqual(row["p95"], 1.5)

    def test_audit_records(self):
        client = {"a": 1, "b": 2, "c": 3}
        stored = [("a", 1), ("b", 2), ("b", 5), ("d", 4)]
        lost, duplicated, orphans = load.audit_records(client, stored)
        self.assertEqual(lost, ["c"])
        self.assertEqual(duplicated, ["b"])
        self.assertEqual(orphans, ["d"])
        self.assertEqual(load.audit_records(client, [("a", 1), ("b", 2), ("c", 3)]), ([], [], []))
        # An id stored under another reference is lost for the client that holds it.
        self.assertEqual(load.audit_records({"a": 1}, [("a", 9)])[0], ["a"])

    def test_goal_line_and_table(self):
        line = load.goal_line("Load, 60 users: p95 of clocking", "0.40 s", "< 1 s", True)
        self.assertEqual(line, "KIA-GOAL\tLoad, 60 users: p95 of clocking\t0.40 s\t< 1 s\tmet")
        output = "\n".join(
            [
                "some detail",
                "tests/perf/test_x.py::test_y " + load.goal_line("A | B", "2 s", "1 s", False),
                line,
                line,
                "KIA-GOAL\tincomplete line",
            ]
        )
        rows = goal_table.goal_rows(output)
        self.assertEqual(
            rows,
            [
                ("A | B", "2 s", "1 s", "missed"),
                ("Load, 60 users: p95 of clocking", "0.40 s", "< 1 s", "met"),
            ],
        )
        table = goal_table.markdown(rows).splitlines()
        self.assertEqual(table[0], "| measure | figure | goal | met |")
        self.assertEqual(table[2], "| A \\| B | 2 s | 1 s | missed |")
        self.assertEqual(len(table), 4)
