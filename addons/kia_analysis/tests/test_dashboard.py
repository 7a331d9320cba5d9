import statistics

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestKpiDashboard(TransactionCase):
    """The dashboard's trends, medians, ranking and drill-down equal direct counts of the demo
    data's repair orders."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = cls.env.ref("kia_base.user_sh_manager_demo")
        cls.hq_manager = cls.env.ref("kia_base.user_hq_manager_demo")
        cls.Dashboard = cls.env["kia.kpi.dashboard"]
        cls.ro_kpi = cls.env.ref("kia_analysis.kia_kpi_ro_count")

    def _delivered_per_month(self, companies):
        """{(company id, month start): number of delivered repair orders}, in Python."""
        counts = {}
        for repair in self.env["repair.order"].search(
            [("state", "=", "done"), ("company_id", "in", companies.ids)]
        ):
            when = repair.kia_delivery_date or repair.kia_done_date or repair.schedule_date
            key = (repair.company_id.id, when.date().replace(day=1))
            counts[key] = counts.get(key, 0) + 1
        return counts

    def test_trend_equals_direct_counts(self):
        data = (
            self.Dashboard.with_user(self.manager)
            .with_company(self.manager.company_id)
            .get_dashboard_data()
        )
        card = next(c for c in data["cards"] if c["code"] == "ro_count")
        counts = self._delivered_per_month(self.manager.company_id)
        expected = [
            counts.get((self.manager.company_id.id, fields.Date.to_date(m)), 0)
            for m in data["months"]
        ]
        self.assertEqual(card["values"], expected)
        self.assertTrue(sum(expected), "the demo delivers repair orders in the last months")
        self.assertEqual(card["year"], sum(expected))
        self.assertNotIn("ranking", data, "a dealer sees no other dealer's figures")
        # drill-down: the records behind this month's figure and behind the twelve months
        for year, figure in ((False, expected[-1]), (True, sum(expected))):
            action = (
                self.Dashboard.with_user(self.manager)
                .with_company(self.manager.company_id)
                .action_open_records(
                    self.ro_kpi.id, month=data["month"], company_id=data["company_id"], year=year
                )
            )
            self.assertEqual(action["res_model"], "repair.order")
            self.assertEqual(
                self.env["repair.order"].with_user(self.manager).search_count(action["domain"]),
                figure,
            )

    def test_drill_down_cuts_the_dealers_local_month(self):
        """A repair order delivered on 31 March at 20:00 UTC was delivered on 1 April in
        Shanghai: April's records show it, March's do not, as the KPI report counts it."""
        dealer = self.manager.company_id
        dealer.partner_id.tz = "Asia/Shanghai"
        repair = self.env["repair.order"].search(
            [("state", "=", "done"), ("company_id", "=", dealer.id)], limit=1
        )
        self.assertTrue(repair, "the demo dealer has finished repair orders")
        # set the date as the database would hold it (the delivery date is the delivery
        # action's stamp, which no write may change)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE repair_order SET kia_delivery_date = %s WHERE id = %s",
                "2026-03-31 20:00:00",
                repair.id,
            )
        )
        self.env.invalidate_all()
        Dashboard = self.Dashboard.with_user(self.manager).with_company(dealer)
        Repair = self.env["repair.order"].with_user(self.manager)
        for month, expected in (("2026-04-01", repair), ("2026-03-01", Repair.browse())):
            for company_id in (dealer.id, False):
                action = Dashboard.action_open_records(
                    self.ro_kpi.id, month=month, company_id=company_id
                )
                found = Repair.search(action["domain"]) & repair
                self.assertEqual(found, expected, f"{month}, company {company_id}")
        # the KPI report's live figures cut the months the same way: its count of each month
        # is the number of records the drill-down opens
        self.env.cr.execute(
            SQL(
                "WITH report AS (%s) SELECT date, ro_count FROM report WHERE company_id = %s",
                self.env["kia.kpi.report"]._kia_query(live=True),
                dealer.id,
            )
        )
        live = dict(self.env.cr.fetchall())
        for month in ("2026-03-01", "2026-04-01"):
            action = Dashboard.action_open_records(
                self.ro_kpi.id, month=month, company_id=dealer.id
            )
            self.assertEqual(
                Repair.search_count(action["domain"]),
                live.get(fields.Date.to_date(month)) or 0,
                month,
            )

    def test_ranking_and_medians_equal_direct_counts(self):
        data = self.Dashboard.with_user(self.hq_manager).get_dashboard_data()
        card = next(c for c in data["cards"] if c["code"] == "ro_count")
        dealers = self.env["res.company"].search(
            [("kia_dealer_type", "in", ("dealer_4s", "service_station"))]
        )
        first = fields.Date.to_date(data["months"][0])
        last = fields.Date.to_date(data["month"]) + relativedelta(months=1)
        counts = self._delivered_per_month(dealers)
        per_dealer = {}
        for (company_id, month), count in counts.items():
            if first <= month < last:
                per_dealer[company_id] = per_dealer.get(company_id, 0) + count
        ranking = data["ranking"][card["id"]]
        held = self.hq_manager.kia_hq_company_ids
        self.assertEqual(
            [(row["company_id"], row["value"]) for row in ranking],
            sorted(
                ((d, float(v)) for d, v in per_dealer.items() if d in held.ids),
                key=lambda item: item[1],
                reverse=True,
            ),
        )
        self.assertEqual(card["network_median"], statistics.median(per_dealer.values()))
        regions = data["regions"][card["id"]]
        self.assertEqual(sum(row["dealers"] for row in regions), len(ranking))

    def test_dashboard_is_for_managers(self):
        advisor = self.env.ref("kia_base.user_sh_advisor_demo")
        with self.assertRaises(UserError):
            self.Dashboard.with_user(advisor).get_dashboard_data()
