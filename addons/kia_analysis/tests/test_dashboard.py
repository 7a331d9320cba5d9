import statistics

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged


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
