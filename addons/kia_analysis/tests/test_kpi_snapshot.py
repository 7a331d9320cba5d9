from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import SQL

from .common import MONTH, KiaAnalysisCase


class SnapshotChecks:
    """Comparisons of the snapshot with the live records' figures."""

    def snapshot_rows(self):
        """{(company id, month): {column: value}} of the snapshot table."""
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT * FROM kia_kpi_snapshot"))
        names = [column.name for column in self.env.cr.description]
        return {
            (row["company_id"], row["date"]): row
            for row in (dict(zip(names, values, strict=True)) for values in self.env.cr.fetchall())
        }

    def live_rows(self, query):
        self.env.flush_all()
        self.env.cr.execute(SQL("SELECT * FROM (%s) AS live", query))
        names = [column.name for column in self.env.cr.description]
        key = "month" if "month" in names else "date"
        return {
            (row["company_id"], row[key]): row
            for row in (dict(zip(names, values, strict=True)) for values in self.env.cr.fetchall())
        }

    def assert_same_figures(self, expected, actual, columns, where):
        for column in columns:
            self.assertAlmostEqual(
                float(actual.get(column) or 0.0),
                float(expected.get(column) or 0.0),
                places=6,
                msg=f"{column} of {where}",
            )

    def assert_snapshot_equals_live(self):
        """Every closed dealer-month of the snapshot holds the live records' figures, and the
        report (snapshot + live) gives the figures of the report computed wholly live."""
        Report = self.env["kia.kpi.report"]
        columns = Report._kia_fact_columns()
        live = self.live_rows(SQL("WITH %s SELECT * FROM facts_live", Report._kia_facts_sql({})))
        snapshot = self.snapshot_rows()
        closed = self.env["kia.kpi.snapshot"]._kia_closed_months()
        dealers = self.env["res.company"].search(
            [("kia_dealer_type", "in", ("dealer_4s", "service_station"))]
        )
        checked = 0
        for (company_id, month), row in live.items():
            if company_id not in dealers.ids or month >= closed[company_id]:
                continue
            self.assertIn((company_id, month), snapshot, "a closed month with figures is kept")
            self.assert_same_figures(
                row, snapshot[(company_id, month)], columns, (company_id, month)
            )
            checked += 1
        for key, row in snapshot.items():
            if row["has_facts"]:
                self.assertIn(key, live, "no figures in the snapshot that the records lack")
        report = self.live_rows(Report._kia_query())
        report_live = self.live_rows(Report._kia_query(live=True))
        self.assertEqual(set(report), set(report_live))
        measures = [
            name for name, field in Report._fields.items() if field.type in ("integer", "float")
        ]
        for key, row in report_live.items():
            self.assert_same_figures(row, report[key], [m for m in measures if m != "id"], key)
        return checked


@tagged("post_install", "-at_install")
class TestKpiSnapshot(SnapshotChecks, KiaAnalysisCase):
    """The snapshot of closed months: filled once per dealer-month, equal to the live
    records' figures, recomputed for the dealer-month a late change touches, by the dealer's
    local month; read-only for everybody, each dealer reading its own rows."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Snapshot = cls.env["kia.kpi.snapshot"]

    def close(self, now=None):
        self.Snapshot._cron_kia_close_months(now=now)

    def test_fill_equals_live(self):
        self.close()
        checked = self.assert_snapshot_equals_live()
        self.assertTrue(checked)
        march_a = self.snapshot_rows()[(self.dealer_a.id, MONTH)]
        self.assertEqual(march_a["ro_count"], 4, "RO1 to RO4 delivered in March")
        self.assertEqual(march_a["complaint_count"], 1)
        # a month closes once: a second run computes nothing again
        ids = {key: row["id"] for key, row in self.snapshot_rows().items()}
        self.close()
        self.assertEqual({key: row["id"] for key, row in self.snapshot_rows().items()}, ids)

    def test_late_change_recomputes_only_that_dealer_month(self):
        self.close()
        before = self.snapshot_rows()
        key = (self.dealer_a.id, MONTH)
        self.assertEqual(before[key]["satisfied_count"], 1)
        self.ro1.kia_satisfaction = "2"  # RO1, delivered in March, re-surveyed later
        self.env.cr.precommit.run()  # what the commit runs
        after = self.snapshot_rows()
        self.assertEqual(after[key]["satisfied_count"], 0)
        self.assertNotEqual(after[key]["id"], before[key]["id"], "this dealer-month recomputed")
        self.assertEqual(
            {k: row["id"] for k, row in after.items() if k != key},
            {k: row["id"] for k, row in before.items() if k != key},
            "every other dealer-month untouched",
        )
        self.assert_snapshot_equals_live()

    def test_late_clocking_created_and_deleted(self):
        self.close()
        february = date(2026, 2, 1)
        key = (self.dealer_a.id, february)
        clocked = self.snapshot_rows()[key]["hours_clocked"]
        job = self.clock(self.ro5, self.technician_a, self.at(26, 8, month=february), 3.0)
        self.env.cr.precommit.run()
        self.assertAlmostEqual(self.snapshot_rows()[key]["hours_clocked"], clocked + 3.0)
        self.assert_snapshot_equals_live()
        job.time_ids.unlink()
        self.env.cr.precommit.run()
        self.assertAlmostEqual(self.snapshot_rows()[key]["hours_clocked"], clocked)
        self.assert_snapshot_equals_live()

    def assert_only_recomputed(self, before, key, *more):
        after = self.snapshot_rows()
        keys = {key, *more}
        for recomputed in keys:
            self.assertNotEqual(after[recomputed]["id"], before[recomputed]["id"], recomputed)
        self.assertEqual(
            {k: row["id"] for k, row in after.items() if k not in keys},
            {k: row["id"] for k, row in before.items() if k not in keys},
            "every other dealer-month untouched",
        )
        return after[key]

    def add_landed_cost_to_ro1(self, cost):
        """A valuation layer added later to RO1's part move (10 March)."""
        move = self.ro1.move_ids.filtered(lambda m: m.state == "done")
        self.assertEqual(len(move), 1)
        self.env["stock.valuation.layer"].create(
            {
                "company_id": self.dealer_a.id,
                "product_id": self.part.id,
                "stock_move_id": move.id,
                "quantity": 0.0,
                "value": -cost,
                "description": "Landed cost of the oil filter",
            }
        )

    def kept_part_stock(self):
        """(quantity, value) of dealer A's oil filters kept at its cut."""
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """SELECT qty, value FROM kia_kpi_parts_stock
                    WHERE company_id = %s AND product_id = %s""",
                self.dealer_a.id,
                self.part.id,
            )
        )
        return self.env.cr.fetchone()

    def test_late_parts_valuation_recomputes_month_and_stock_carried(self):
        """A layer added later to RO1's part move of March (a landed cost of 5 ¥) raises
        March's parts cost and lowers the stock at the end of March and of every later
        month: the dealer's closed months from March on are recomputed, and the months not
        closed count from the stock carried over again."""
        self.close()
        key = (self.dealer_a.id, MONTH)
        before = self.snapshot_rows()
        self.add_landed_cost_to_ro1(5.0)
        self.env.cr.precommit.run()
        # the days kept of the month not closed hold no month's end figure: not recomputed
        later = [
            k
            for k, row in before.items()
            if k[0] == self.dealer_a.id and k[1] > MONTH and not row["open_day"]
        ]
        self.assertTrue(later)
        march = self.assert_only_recomputed(before, key, *later)
        self.assertAlmostEqual(march["cost_parts"], before[key]["cost_parts"] + 5.0)
        for month_key in (key, *later):
            self.assertAlmostEqual(
                self.snapshot_rows()[month_key]["stock_value"],
                before[month_key]["stock_value"] - 5.0,
                msg=f"the stock at the end of {month_key[1]} carries the cost",
            )
        # the report (closed months and the months not closed) equals the records, live
        self.assert_snapshot_equals_live()

    def test_late_lost_sale_of_a_repair_recomputes_its_month(self):
        """RO1's part line of March, filled at the time, is recorded later as lost: March's
        lines filled from stock drop by one."""
        self.close()
        key = (self.dealer_a.id, MONTH)
        before = self.snapshot_rows()
        self.env["kia.parts.lost.sale"].create(
            {
                "company_id": self.dealer_a.id,
                "product_id": self.part.id,
                "quantity": 1,
                "repair_id": self.ro1.id,
                "date": self.at(10),
            }
        )
        self.env.cr.precommit.run()
        march = self.assert_only_recomputed(before, key)
        self.assertEqual(march["lines_filled"], before[key]["lines_filled"] - 1)
        self.assertEqual(march["lines_requested"], before[key]["lines_requested"])
        self.assert_snapshot_equals_live()

    def test_backorder_of_a_counter_sale_recomputes_its_order_month(self):
        """A counter sale ordered in March and closed with it as filled from stock: when its
        delivery is later done in part and the rest put in a backorder, March's lines filled
        drop by one."""
        order = (
            self.env["sale.order"]
            .with_company(self.dealer_a)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "company_id": self.dealer_a.id,
                    "order_line": [
                        Command.create({"product_id": self.part.id, "product_uom_qty": 2})
                    ],
                }
            )
        )
        order.action_confirm()
        order.date_order = self.at(20)
        self.close()
        key = (self.dealer_a.id, MONTH)
        before = self.snapshot_rows()
        picking = order.picking_ids
        self.assertEqual(len(picking), 1)
        picking.action_assign()
        picking.move_ids.quantity = 1
        picking.move_ids.picked = True
        picking._action_done()
        self.assertTrue(picking.backorder_ids, "the second part waits in a backorder")
        self.env.cr.precommit.run()
        march = self.assert_only_recomputed(before, key)
        self.assertEqual(march["lines_filled"], before[key]["lines_filled"] - 1)
        self.assert_snapshot_equals_live()

    def test_current_day_stays_live(self):
        """Today is read live: a complaint of today counts at once, the snapshot is not
        written; one of a day already kept of the month not closed recomputes that
        dealer's days kept when the transaction commits."""
        now = datetime(2026, 4, 10, 2, 0)  # 10 April 10:00 in Shanghai
        self.close(now=now)
        before = self.snapshot_rows()
        april = (self.dealer_a.id, date(2026, 4, 1))
        self.assertEqual(before[april]["open_day"], date(2026, 4, 10))
        self.assertFalse(before[april]["complaint_count"], "none from 1 to 9 April")
        Report = self.env["kia.kpi.report"]

        def complaints():
            return Report.search(
                [("company_id", "=", self.dealer_a.id), ("date", "=", april[1])]
            ).complaint_count

        self.complaint(datetime(2026, 4, 10, 3, 0))
        self.assertNotIn("kia_analysis.kpi_snapshot_stale", self.env.cr.precommit.data)
        self.env.cr.precommit.run()
        self.assertEqual(self.snapshot_rows(), before)
        self.assertEqual(complaints(), 1)
        self.complaint(datetime(2026, 4, 9, 3, 0))
        self.env.cr.precommit.run()
        after = self.snapshot_rows()
        self.assertEqual(after[april]["complaint_count"], 1, "9 April is kept")
        self.assertEqual(after[april]["open_day"], date(2026, 4, 10))
        self.assertEqual(
            {k: row["id"] for k, row in after.items() if k != april},
            {k: row["id"] for k, row in before.items() if k != april},
            "every other dealer-month untouched",
        )
        self.env.invalidate_all()
        self.assertEqual(complaints(), 2)
        self.assert_snapshot_equals_live()

    def test_days_kept_of_the_month_not_closed(self):
        """16 March 12:00 in Shanghai: March is not closed, its days 1 to 15 are kept (RO1
        and RO2 delivered, 2 h clocked on the 9th and the 12th, the parts put in stock on the
        1st); the report adds the records from the 16th on, live, to them and equals the
        report computed wholly live: the stock at the end of March from the stock kept at
        the 16th, vehicle A serviced in both parts of the month counted once."""
        self.close(now=datetime(2026, 3, 16, 4, 0))
        key = (self.dealer_a.id, MONTH)
        kept = self.snapshot_rows()[key]
        self.assertEqual(kept["open_day"], date(2026, 3, 16))
        self.assertEqual(kept["ro_count"], 2, "RO1 (10 March) and RO2 (12 March)")
        self.assertAlmostEqual(kept["hours_clocked"], 2.0)
        self.assertEqual(kept["complaint_count"], 0, "the complaint is of 21 March")
        self.assertEqual(kept["vehicles_serviced"], 1)
        self.assertEqual(kept["stock_value"], 0, "a month's end figure: the live part's")
        self.assertEqual(self.Snapshot._kia_closed_months()[self.dealer_a.id], MONTH)
        self.assertEqual(self.kept_part_stock()[0], 9, "10 in stock on the 1st, RO1 took one")
        self.assert_snapshot_equals_live()
        march = self.env["kia.kpi.report"].search(
            [("company_id", "=", self.dealer_a.id), ("date", "=", MONTH)]
        )
        self.assertEqual(march.ro_count, 4)
        self.assertEqual(march.vehicles_serviced, 1)
        self.assertAlmostEqual(march.stock_value, 9 * 30.0, msg="the stock kept at the 16th")
        # the next day keeps the 16th; the month's end closes March
        self.close(now=datetime(2026, 3, 17, 4, 0))
        self.assertEqual(self.snapshot_rows()[key]["open_day"], date(2026, 3, 17))
        self.assert_snapshot_equals_live()
        self.close(now=datetime(2026, 3, 31, 16, 30))
        self.assertIsNone(self.snapshot_rows()[key]["open_day"], "March closed")
        self.assertNotIn((self.dealer_a.id, date(2026, 4, 1)), self.snapshot_rows())
        self.assert_snapshot_equals_live()

    def test_day_kept_by_the_dealers_midnight(self):
        """Days are kept up to the dealer's local midnight: a clocking started on 15 March
        23:00 in Shanghai is of a day kept (recomputed at the commit), one started on 16
        March 01:00 is live (no write)."""
        self.close(now=datetime(2026, 3, 16, 4, 0))
        key = (self.dealer_a.id, MONTH)
        before = self.snapshot_rows()
        self.clock(self.ro6, self.technician_a, datetime(2026, 3, 15, 17, 0), 0.5)
        self.assertNotIn("kia_analysis.kpi_snapshot_stale", self.env.cr.precommit.data)
        self.env.cr.precommit.run()
        self.assertEqual(self.snapshot_rows(), before)
        self.clock(self.ro6, self.technician_a, datetime(2026, 3, 15, 15, 0), 0.25)
        self.env.cr.precommit.run()
        after = self.snapshot_rows()
        self.assertAlmostEqual(after[key]["hours_clocked"], before[key]["hours_clocked"] + 0.25)
        self.assert_snapshot_equals_live()

    def test_day_kept_ten_minutes_after_midnight(self):
        """16 March 00:05 in Shanghai: the 15th is not kept yet (a request may still be
        writing it); at 00:15 it is."""
        self.close(now=datetime(2026, 3, 15, 16, 5))
        key = (self.dealer_a.id, MONTH)
        self.assertEqual(self.snapshot_rows()[key]["open_day"], date(2026, 3, 15))
        self.close(now=datetime(2026, 3, 15, 16, 15))
        self.assertEqual(self.snapshot_rows()[key]["open_day"], date(2026, 3, 16))
        self.assert_snapshot_equals_live()

    def test_late_parts_valuation_in_a_day_kept(self):
        """A landed cost added later to RO1's part move (10 March, a day kept): the days
        kept and the parts stock kept at the cut are recomputed, the report equals the
        records."""
        self.close(now=datetime(2026, 3, 16, 4, 0))
        key = (self.dealer_a.id, MONTH)
        before = self.snapshot_rows()
        self.add_landed_cost_to_ro1(5.0)
        self.env.cr.precommit.run()
        march = self.assert_only_recomputed(before, key)
        self.assertAlmostEqual(march["cost_parts"], before[key]["cost_parts"] + 5.0)
        self.assertAlmostEqual(self.kept_part_stock()[1], 9 * 30.0 - 5.0)
        self.assert_snapshot_equals_live()

    def complaint(self, when):
        return self.env["helpdesk.ticket"].create(
            {
                "name": "Late complaint",
                "description": "<p>Noise again.</p>",
                "partner_id": self.customer_a.id,
                "company_id": self.dealer_a.id,
                "kia_received_date": when,
                "kia_is_complaint": True,
            }
        )

    def test_month_boundary_in_dealer_time_zone(self):
        """2026-03-31 20:00 UTC is 1 April 04:00 in Shanghai (the default, the company's
        partner has no time zone): the complaint counts in April; in a dealer set to UTC,
        in March."""
        self.assertFalse(self.dealer_a.partner_id.tz)
        self.complaint(datetime(2026, 3, 31, 20, 0))
        Report = self.env["kia.kpi.report"]

        def complaints(month):
            return sum(
                Report.search([("company_id", "=", self.dealer_a.id), ("date", "=", month)]).mapped(
                    "complaint_count"
                )
            )

        self.assertEqual(complaints(MONTH), 1, "only the complaint of 21 March")
        self.assertEqual(complaints(date(2026, 4, 1)), 1)
        self.close()
        self.assertEqual(
            self.snapshot_rows()[(self.dealer_a.id, date(2026, 4, 1))]["complaint_count"], 1
        )
        self.assert_snapshot_equals_live()
        self.dealer_a.partner_id.tz = "UTC"
        self.Snapshot._kia_recompute(
            {(self.dealer_a.id, MONTH), (self.dealer_a.id, date(2026, 4, 1))}
        )
        self.env.invalidate_all()
        self.assertEqual(complaints(MONTH), 2)
        self.assertEqual(complaints(date(2026, 4, 1)), 0)
        self.assert_snapshot_equals_live()

    def test_month_closes_at_the_dealers_midnight(self):
        # 31 March 23:30 in Shanghai: March is still open, its days 1 to 30 kept
        self.close(now=datetime(2026, 3, 31, 15, 30))
        self.assertEqual(
            self.snapshot_rows()[(self.dealer_a.id, MONTH)]["open_day"], date(2026, 3, 31)
        )
        self.assertEqual(self.Snapshot._kia_closed_months()[self.dealer_a.id], MONTH)
        self.assertIn((self.dealer_a.id, date(2026, 2, 1)), self.snapshot_rows())
        self.assert_snapshot_equals_live()
        # 1 April 00:30 in Shanghai: March closes
        self.close(now=datetime(2026, 3, 31, 16, 30))
        self.assertIsNone(self.snapshot_rows()[(self.dealer_a.id, MONTH)]["open_day"])
        self.assertEqual(self.Snapshot._kia_closed_months()[self.dealer_a.id], date(2026, 4, 1))
        self.assert_snapshot_equals_live()

    def test_dealer_reads_own_rows_head_office_all(self):
        self.close()
        own = self.Snapshot.with_user(self.manager_a).search([])
        self.assertTrue(own)
        self.assertEqual(own.company_id, self.dealer_a)
        self.assertEqual(own.filtered(lambda r: r.date == MONTH).ro_count, 4)
        network = (
            self.Snapshot.with_user(self.hq_officer)
            .with_context(allowed_company_ids=(self.hq | self.dealer_a | self.dealer_b).ids)
            .search([])
        )
        self.assertEqual(network.company_id, self.dealer_a | self.dealer_b)
        with self.assertRaises(AccessError):
            self.Snapshot.with_user(self.advisor_a).search([])

    def test_snapshot_not_writable(self):
        """A dealer's manager (or head office) cannot create, change or delete a snapshot row
        through the ORM: the figures stay the records'."""
        self.close()
        before = self.snapshot_rows()
        row = self.Snapshot.search([("company_id", "=", self.dealer_a.id), ("date", "=", MONTH)])
        for user in (self.manager_a, self.hq_officer):
            with self.assertRaises(AccessError):
                row.with_user(user).write({"ro_count": 99})
            with self.assertRaises(AccessError):
                row.with_user(user).unlink()
            with self.assertRaises(AccessError):
                self.Snapshot.with_user(user).create(
                    {"company_id": self.dealer_a.id, "date": date(2026, 5, 1), "ro_count": 9}
                )
        self.env.invalidate_all()
        self.assertEqual(self.snapshot_rows(), before)


@tagged("post_install", "-at_install")
class TestKpiSnapshotGenerated(SnapshotChecks, TransactionCase):
    """On a small generated network (repair orders, clockings, parts moved and valued over
    two years): the snapshot of every dealer's closed months equals the live records'
    figures, and the months not closed (stock from the snapshot's month-end stock) equal
    the report computed wholly live."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["kia.network.generator"]._generate(
            dealers=2, vehicles=60, repairs=400, seed=11, log=lambda message: None
        )
        cls.dealers = cls.env["res.company"].search(
            [("kia_dealer_code", "=like", "GEN%")], order="id desc", limit=2
        )

    def test_snapshot_equals_live(self):
        Snapshot = self.env["kia.kpi.snapshot"]
        Snapshot._cron_kia_close_months()
        self.assertGreater(self.assert_snapshot_equals_live(), 10)
        rows = self.snapshot_rows()
        generated = [row for (company, _m), row in rows.items() if company in self.dealers.ids]
        self.assertTrue(any(row["ro_count"] for row in generated))
        self.assertTrue(any(row["stock_value"] for row in generated), "parts valued")
        # a late change to a closed month of a generated dealer: that month only
        repair = self.env["repair.order"].search(
            [("company_id", "in", self.dealers.ids), ("state", "=", "done")], limit=1
        )
        when = repair.kia_delivery_date or repair.kia_done_date or repair.schedule_date
        month = Snapshot._kia_local_month(repair.company_id, when)
        key = (repair.company_id.id, month)
        self.assertIn(key, rows)
        repair.kia_ro_type = "body_paint" if repair.kia_ro_type != "body_paint" else "general"
        self.env.cr.precommit.run()
        after = self.snapshot_rows()
        self.assertNotEqual(after[key]["id"], rows[key]["id"])
        self.assertEqual(
            {k: row["id"] for k, row in after.items() if k != key},
            {k: row["id"] for k, row in rows.items() if k != key},
        )
        self.assert_snapshot_equals_live()


@tagged("post_install", "-at_install")
class TestKpiDashboardReadonly(HttpCase):
    """The dashboard as its JS calls it, over JSON-RPC on Odoo's read-only cursor (what a
    replica serves): it writes nothing, and its figures are kia.kpi.value's."""

    def test_dashboard_over_rpc_is_read_only_and_equals_kpi_values(self):
        manager = self.env.ref("kia_base.user_sh_manager_demo")
        method = type(self.env["kia.kpi.dashboard"]).get_dashboard_data
        self.assertTrue(getattr(method, "_readonly", False))
        manager.password = "kia-dashboard-pass"
        self.authenticate(manager.login, "kia-dashboard-pass")
        data = self.make_jsonrpc_request(
            "/web/dataset/call_kw/kia.kpi.dashboard/get_dashboard_data",
            {
                "model": "kia.kpi.dashboard",
                "method": "get_dashboard_data",
                "args": [],
                "kwargs": {},
            },
        )
        first = date.fromisoformat(data["months"][0])
        last = date.fromisoformat(data["months"][-1])
        Value = self.env["kia.kpi.value"].with_user(manager).with_company(manager.company_id)
        period = [
            ("company_id", "=", manager.company_id.id),
            ("date", ">=", first),
            ("date", "<", last + relativedelta(months=1)),
        ]
        trend = {
            (kpi.id, month): value or 0.0
            for kpi, month, value in Value._read_group(
                period, ["kpi_id", "date:month"], ["value:sum"]
            )
        }
        year = {
            kpi.id: value or 0.0
            for kpi, value in Value._read_group(period, ["kpi_id"], ["value:sum"])
        }
        self.assertTrue(any(trend.values()), "the demo dealer has figures")
        for card in data["cards"]:
            for month, value in zip(data["months"], card["values"], strict=True):
                expected = trend.get((card["id"], date.fromisoformat(month)), 0.0)
                self.assertAlmostEqual(value, expected, places=6, msg=f"{card['code']} {month}")
            self.assertAlmostEqual(card["year"], year.get(card["id"], 0.0), places=6)
