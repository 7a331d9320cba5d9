import copy
from datetime import date

from freezegun import freeze_time

from odoo import models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from ..models.kia_kpi import KPI_SPECS
from .common import MONTH, KiaAnalysisCase


@tagged("post_install", "-at_install")
class TestKpi(KiaAnalysisCase):
    def kpis(self, user, companies, date_from=MONTH, date_to=date(2026, 3, 31)):
        return self.env["kia.kpi"].with_user(user)._kia_values(companies, date_from, date_to)

    def test_kpi_values(self):
        """Each KPI of dealer A in March equals its value computed by hand from the data."""
        values = self.kpis(self.manager_a, self.dealer_a)[self.dealer_a.id]
        # The ledger's income, VAT excluded: RO1..RO3's invoice lines (RO4 is paid by
        # warranty), and RO4's claim settled for 800 with VAT.
        net = lambda gross: self.net(self.dealer_a, gross)  # noqa: E731
        labour = net(300 * 1.2) + net(300 * 0.5) + net(300 * 0.5) + net(300 * 1.2)
        parts = net(1 * 50)
        warranty = net(800)
        revenue = labour + parts + warranty
        clocked = 1.5 + 0.5 + 1.0 + 1.0
        sold = (1.2 + 0.5) + 0.5 + 1.2 + 1.2
        available = (22 - 1) * 8  # 22 working days in March 2026, one day off, 8 h a day
        expected = {
            "ro_count": 4,
            "revenue": revenue,
            "gross_profit": revenue - clocked * 60 - 1 * 30,
            "revenue_per_ro": revenue / 4,
            "hours_sold": sold,
            "hours_clocked": clocked,
            "hours_available": available,
            "utilisation": clocked / clocked * 100,  # one job a day: attended = clocked
            "efficiency": sold / clocked * 100,
            "productivity": sold / clocked * 100,
            "comeback_rate": 1 / 4 * 100,
            "on_time_rate": 3 / 4 * 100,
            "followup_reach": 2 / 4 * 100,
            "satisfaction": 1 / 2 * 100,
            "appointment_rate": 2 / 4 * 100,
            "declined_recovery": 1 / 2 * 100,
            "complaint_rate": 1 / 4 * 100,
            "warranty_share": warranty / revenue * 100,
            "parts_turnover": 30 * 12 / (10 * 30 - 30),
            "fill_rate": 1 / (1 + 1) * 100,
            "dead_stock_share": 0.0,  # stocked on 1 March: not idle long enough at month end
        }
        # kia_analysis' own KPIs; an add-on's own (kia_health_record's upload rate) is tested
        # with it.
        self.assertEqual({code for code in values if code in KPI_SPECS}, set(expected))
        for code, value in expected.items():
            with self.subTest(kpi=code):
                self.assertAlmostEqual(values[code], value, places=6)

    def test_pivot_groups_formatted_as_odoo_does(self):
        """The report formats each distinct dealer and month once; the groups it returns are
        Odoo's own formatting, row by row (labels, ranges and domains), whether the rows share
        the search's domain (as read_group gives them), have one of their own, or none."""
        Report = self.env["kia.kpi.report"].with_user(self.hq_officer)
        shared = ["|", ("ro_count", ">", 0), ("revenue", ">", 0), ("date", "!=", False)]
        rows = [
            {"company_id": company, "date:month": month, "__domain": domain}
            for company in (self.dealer_a, self.dealer_b, self.dealer_a.browse())
            for month in (MONTH, date(2026, 4, 1), MONTH, None)
            for domain in (shared, [("ro_count", ">", 0)], [])
        ]
        ours, odoo = copy.deepcopy(rows), copy.deepcopy(rows)
        Report._read_group_format_result(ours, ["company_id", "date:month"])
        models.BaseModel._read_group_format_result(Report, odoo, ["company_id", "date:month"])
        self.assertEqual(ours, odoo)
        self.assertEqual(ours[0]["company_id"], (self.dealer_a.id, self.dealer_a.name))
        self.assertEqual(
            ours[0]["__range"]["date:month"], {"from": "2026-03-01", "to": "2026-04-01"}
        )

    def test_revenue_is_the_ledger(self):
        """Revenue follows the posted income lines: a draft or cancelled invoice adds nothing,
        posting adds its income (VAT excluded) in the month of its date, a credit note lowers
        it, a chargeback lowers the warranty revenue."""
        net = lambda gross: self.net(self.dealer_a, gross)  # noqa: E731
        before = self.kpis(self.manager_a, self.dealer_a)[self.dealer_a.id]
        lines = [(self.labor, 1, 600.0), (self.part, 2, 50.0)]
        draft = self.invoice(self.ro3, lines, post=False)
        cancelled = self.invoice(self.ro3, lines, post=False)
        cancelled.button_cancel()
        april = self.invoice(self.ro3, lines, day=date(2026, 4, 2))
        after = self.kpis(self.manager_a, self.dealer_a)[self.dealer_a.id]
        for code in ("revenue", "gross_profit", "revenue_per_ro", "warranty_share"):
            with self.subTest(kpi=code):
                self.assertAlmostEqual(after[code], before[code], places=6)
        draft.action_post()
        refund = self.invoice(self.ro3, [(self.labor, 1, 100.0)], move_type="out_refund")
        after = self.kpis(self.manager_a, self.dealer_a)[self.dealer_a.id]
        added = net(600) + net(2 * 50) - net(100)
        self.assertAlmostEqual(after["revenue"], before["revenue"] + added, places=6)
        self.assertAlmostEqual(after["gross_profit"], before["gross_profit"] + added, places=6)
        self.assertAlmostEqual(after["revenue_per_ro"], (before["revenue"] + added) / 4, places=6)
        self.env.flush_all()
        rows = self.env["kia.kpi.report"].with_user(self.manager_a).search([("date", "=", MONTH)])
        labour = net(300 * 1.2) * 2 + net(300 * 0.5) * 2 + net(600) - net(100)
        self.assertAlmostEqual(rows.revenue_labor, labour, places=6)
        self.assertAlmostEqual(rows.revenue_parts, net(50) + net(2 * 50), places=6)
        self.assertAlmostEqual(rows.revenue_warranty, net(800), places=6)
        april_values = self.kpis(
            self.manager_a, self.dealer_a, date(2026, 4, 1), date(2026, 4, 30)
        )[self.dealer_a.id]
        self.assertAlmostEqual(
            april_values["revenue"], -sum(april.invoice_line_ids.mapped("balance")), places=6
        )
        self.assertTrue(refund.state == "posted" and cancelled.state == "cancel")
        # Head office takes back 300 of the settled claim (with its VAT): warranty revenue of
        # the chargeback's month falls by its income.
        self.claim.write({"chargeback_amount": 300.0})
        with freeze_time("2026-03-25 10:00:00"):
            self.claim.with_context(kia_wty_skip_pdf=True).action_chargeback()
        self.env.flush_all()
        rows.invalidate_recordset()
        self.assertAlmostEqual(rows.revenue_warranty, net(800) - net(300), places=6)

    def test_reward_is_not_revenue(self):
        """A reward from head office (l10n_cn): the dealer's invoice books it as other operating
        income (6051 其他业务收入) with the 6 % service VAT, head office's bill as a selling
        expense (6601 销售费用) with 6 % input VAT, the same amounts; after-sales revenue is
        unchanged."""
        before = self.kpis(self.manager_a, self.dealer_a)[self.dealer_a.id]
        sanction = (
            self.env["kia.assessment.sanction"]
            .with_user(self.hq_officer)
            .create(
                {
                    "company_id": self.dealer_a.id,
                    "sanction_type": "reward",
                    "amount": 1060.0,
                    "reason": "No comebacks",
                    "date": date(2026, 3, 31),
                }
            )
        )
        sanction.action_submit()
        sanction.with_user(self.hq_manager).action_approve()
        sanction.with_user(self.hq_manager).with_context(kia_wty_skip_pdf=True).action_post()
        move = sanction.move_id.with_env(self.env)

        def chart(company, code):
            return self.env.ref(f"account.{company.id}_l10n_cn_common_{code}")

        def vat(company, use):
            return self.env.ref(f"account.{company.id}_l10n_cn_{use}_excluded_6")

        self.assertEqual(move.state, "posted")
        product_line = move.invoice_line_ids
        self.assertEqual(product_line.account_id, chart(self.dealer_a, "605100"))
        self.assertEqual(product_line.tax_ids, vat(self.dealer_a, "sales"))
        self.assertAlmostEqual(move.amount_total, 1060.0, places=2)
        self.assertAlmostEqual(move.amount_untaxed, 1000.0, places=2)
        self.assertAlmostEqual(move.amount_tax, 60.0, places=2)
        bill = self.env["account.move"].search([("auto_invoice_id", "=", move.id)])
        self.assertEqual(bill.company_id, self.hq)
        self.assertEqual(bill.state, "posted")
        self.assertEqual(bill.invoice_line_ids.account_id, chart(self.hq, "660100"))
        self.assertEqual(bill.invoice_line_ids.tax_ids, vat(self.hq, "purchase"))
        for fname in ("amount_untaxed", "amount_tax", "amount_total"):
            self.assertAlmostEqual(bill[fname], move[fname], places=2)
        after = self.kpis(self.manager_a, self.dealer_a)[self.dealer_a.id]
        self.assertAlmostEqual(after["revenue"], before["revenue"], places=6)

    def test_ratios_over_months_are_sums_over_sums(self):
        """February and March together: a ratio is computed from the summed numerators and
        denominators, not as the average of the two months' ratios."""
        values = self.kpis(self.manager_a, self.dealer_a, date(2026, 2, 1))[self.dealer_a.id]
        self.assertEqual(values["ro_count"], 5)
        self.assertAlmostEqual(values["efficiency"], (4.6 + 0.5) / (4.0 + 2.0) * 100)
        self.assertAlmostEqual(values["on_time_rate"], 4 / 5 * 100)
        Report = self.env["kia.kpi.report"].with_user(self.manager_a)
        [(efficiency,)] = Report._read_group(
            [("date", ">=", date(2026, 2, 1)), ("date", "<=", MONTH)], [], ["efficiency:sum"]
        )
        self.assertAlmostEqual(efficiency, (4.6 + 0.5) / (4.0 + 2.0) * 100)
        # The pivot (read_group) of one KPI per dealer gives the same.
        Value = self.env["kia.kpi.value"].with_user(self.manager_a)
        efficiency_kpi = self.env.ref("kia_analysis.kia_kpi_efficiency")
        groups = Value.read_group(
            [("kpi_id", "=", efficiency_kpi.id), ("date", ">=", date(2026, 2, 1))],
            ["value:sum"],
            ["company_id"],
        )
        self.assertAlmostEqual(groups[0]["value"], (4.6 + 0.5) / (4.0 + 2.0) * 100)

    def test_utilisation_on_attended_hours(self):
        """Utilisation is clocked hours over the hours the technician was at work (from the
        first job started to the last stopped each day), not over scheduled hours."""
        technician = self.make_user("t_tech_b", "kia_base.group_technician", self.dealer_b)
        # 15 March, 09:00-10:00 and 13:00-14:00 in Shanghai: at work 5 hours, 2 on jobs.
        self.clock(self.ro7, technician, self.at(15, 1), 1.0)
        self.clock(self.ro7, technician, self.at(15, 5), 1.0)
        values = self.kpis(self.manager_b, self.dealer_b)[self.dealer_b.id]
        self.assertEqual(values["hours_available"], 0, "no working schedule recorded")
        self.assertAlmostEqual(values["hours_clocked"], 2.0)
        self.assertAlmostEqual(values["utilisation"], 2.0 / 5.0 * 100)
        self.assertAlmostEqual(values["productivity"], 0.5 / 5.0 * 100)

    def test_declined_recovery_window(self):
        """Declined work done later counts only within the dealer's window."""
        self.dealer_a.kia_declined_recovery_days = 5  # RO3 did RO2's brakes 8 days later
        values = self.kpis(self.manager_a, self.dealer_a)[self.dealer_a.id]
        self.assertEqual(values["declined_recovery"], 0.0)
        self.dealer_a.kia_declined_recovery_days = 8
        values = self.kpis(self.manager_a, self.dealer_a)[self.dealer_a.id]
        self.assertAlmostEqual(values["declined_recovery"], 1 / 2 * 100)

    def test_appointment_rate_counts_kept_appointments(self):
        """A no-show brings no repair order: the rate is ROs from appointments over ROs."""
        self.env["kia.appointment"].create(
            {
                "company_id": self.dealer_a.id,
                "partner_id": self.customer_a.id,
                "date_start": self.at(11),
                "state": "no_show",
            }
        )
        values = self.kpis(self.manager_a, self.dealer_a)[self.dealer_a.id]
        self.assertAlmostEqual(values["appointment_rate"], 2 / 4 * 100)
        self.ro2.kia_appointment_id = self.ro1.kia_appointment_id.copy({"state": "done"})
        values = self.kpis(self.manager_a, self.dealer_a)[self.dealer_a.id]
        self.assertAlmostEqual(values["appointment_rate"], 3 / 4 * 100)

    def test_other_dealer(self):
        values = self.kpis(self.manager_b, self.dealer_b)[self.dealer_b.id]
        self.assertEqual(values["ro_count"], 1)
        self.assertAlmostEqual(values["revenue"], self.net(self.dealer_b, 200 * 0.5))
        self.assertAlmostEqual(values["gross_profit"], self.net(self.dealer_b, 200 * 0.5))
        self.assertEqual(values["hours_available"], 0)
        self.assertEqual(values["utilisation"], 0.0)  # no denominator: 0, not an error

    def test_isolation(self):
        """A dealer's manager sees only their own rows, head office sees every dealer."""
        Report = self.env["kia.kpi.report"]
        rows_a = Report.with_user(self.manager_a).search([])
        self.assertEqual(rows_a.company_id, self.dealer_a)
        self.assertEqual(len(rows_a.filtered(lambda r: r.date == MONTH)), 1)
        # Asking for another dealer's figures gives nothing of theirs.
        values = self.kpis(self.manager_a, self.dealer_b)[self.dealer_b.id]
        self.assertEqual(values["ro_count"], 0)
        self.assertEqual(values["revenue"], 0)
        hq_rows = Report.with_user(self.hq_officer).search([("date", "=", MONTH)])
        self.assertEqual(hq_rows.company_id, self.dealer_a | self.dealer_b)
        cards = self.env["kia.kpi.value"].with_user(self.manager_b).search([])
        self.assertEqual(cards.company_id, self.dealer_b)
        hq_values = self.kpis(self.hq_officer, self.dealer_a | self.dealer_b)
        self.assertEqual(hq_values[self.dealer_a.id]["ro_count"], 4)
        self.assertEqual(hq_values[self.dealer_b.id]["ro_count"], 1)
        with self.assertRaises(AccessError):
            Report.with_user(self.technician_a).search([])
        with self.assertRaises(AccessError):
            self.env["kia.kpi.value"].with_user(self.advisor_a).search([])

    def test_available_hours(self):
        """Working schedule less time off, per technician and month, recomputed in place."""
        Capacity = self.env["kia.technician.capacity"]
        march = Capacity.search([("employee_id", "=", self.tech_employee.id), ("date", "=", MONTH)])
        self.assertEqual(march.hours, (22 - 1) * 8)
        february = Capacity.search(
            [("employee_id", "=", self.tech_employee.id), ("date", "=", date(2026, 2, 1))]
        )
        self.assertEqual(february.hours, 20 * 8)
        Capacity._kia_compute(self.dealer_a, MONTH, MONTH)
        self.assertEqual(
            Capacity.search_count([("employee_id", "=", self.tech_employee.id)]),
            2,
            "recomputing a month replaces its figures",
        )
        with self.assertRaises(UserError):
            Capacity._kia_compute(self.dealer_a, MONTH, date(2026, 2, 1))

    @freeze_time("2026-04-02 09:00:00")
    def test_nightly_capacity_covers_this_and_last_month(self):
        Capacity = self.env["kia.technician.capacity"]
        Capacity.search([]).unlink()
        Capacity._cron_kia_compute()
        rows = Capacity.search([("employee_id", "=", self.tech_employee.id)])
        self.assertEqual(sorted(rows.mapped("date")), [MONTH, date(2026, 4, 1)])
        self.assertEqual(rows.filtered(lambda r: r.date == MONTH).hours, (22 - 1) * 8)
        # A dealer's manager sees and recomputes only their own technicians.
        self.assertFalse(Capacity.with_user(self.manager_b).search([]))
        self.assertEqual(
            Capacity.with_user(self.manager_a).search([]).employee_id, self.tech_employee
        )
        Capacity.with_user(self.manager_b).action_kia_recompute()
        self.assertEqual(Capacity.search_count([("employee_id", "=", self.tech_employee.id)]), 2)

    def test_target_form(self):
        """Head office sets a target through the form; it then shows beside the figure."""
        efficiency = self.env.ref("kia_analysis.kia_kpi_efficiency")
        with Form(self.env["kia.kpi.target"].with_user(self.hq_manager)) as form:
            form.kpi_id = efficiency
            form.dealer_type = "service_station"
            form.target = 105.0
            form.date_from = date(2026, 3, 1)
        self.assertEqual(form.record.unit, "percent")
        card = (
            self.env["kia.kpi.value"]
            .with_user(self.manager_b)
            .search([("date", "=", MONTH), ("kpi_id", "=", efficiency.id)])
        )
        self.assertEqual(card.target, 105.0)

    def test_bad_period_refused(self):
        with self.assertRaises(UserError) as error:
            self.kpis(self.manager_a, self.dealer_a, MONTH, date(2026, 2, 28))
        self.assertIn("before its start", str(error.exception))
        with self.assertRaises(UserError) as error:
            self.env["kia.kpi"].with_user(self.manager_a).with_context(lang="zh_CN")._kia_values(
                self.dealer_a, MONTH, date(2026, 2, 28)
            )
        self.assertIn("期间的结束日期早于开始日期", str(error.exception))

    def test_targets_and_traffic_light(self):
        Target = self.env["kia.kpi.target"]
        efficiency = self.env.ref("kia_analysis.kia_kpi_efficiency")
        comeback = self.env.ref("kia_analysis.kia_kpi_comeback_rate")
        # Only this test's targets: whatever targets (demo) the database holds are removed.
        Target.search([("kpi_id", "in", (efficiency | comeback).ids)]).unlink()
        Target.with_user(self.hq_manager).create(
            [
                {
                    "kpi_id": efficiency.id,
                    "dealer_type": "dealer_4s",
                    "target": 110.0,
                    "date_from": date(2025, 1, 1),
                },
                {
                    "kpi_id": efficiency.id,
                    "dealer_type": "dealer_4s",
                    "target": 125.0,
                    "date_from": date(2026, 3, 1),
                },
                {
                    "kpi_id": comeback.id,
                    "dealer_type": "dealer_4s",
                    "target": 2.0,
                    "date_from": date(2025, 1, 1),
                },
            ]
        )
        cards = self.env["kia.kpi.value"].with_user(self.manager_a).search([("date", "=", MONTH)])
        card = cards.filtered(lambda c: c.kpi_id == efficiency)
        self.assertEqual(card.target, 125.0, "the target valid in March")
        self.assertAlmostEqual(card.value, 4.6 / 4.0 * 100)  # 115 %: 10 short of 125
        self.assertEqual(card.status, "amber")  # within 10 % of the target
        self.dealer_a.kia_kpi_amber_pct = 5.0
        card.invalidate_recordset(["status"])
        self.assertEqual(card.status, "red")
        february = (
            self.env["kia.kpi.value"]
            .with_user(self.manager_a)
            .search([("date", "=", date(2026, 2, 1)), ("kpi_id", "=", efficiency.id)])
        )
        self.assertEqual(february.target, 110.0)
        comeback_card = cards.filtered(lambda c: c.kpi_id == comeback)
        self.assertEqual(comeback_card.status, "red", "25 % comebacks against at most 2 %")
        self.assertEqual(cards.filtered(lambda c: c.kpi_id.code == "revenue").status, "none")
        # Targets are head office's: a dealer's manager cannot set them, nor a negative one.
        count = Target.search_count([("kpi_id", "=", efficiency.id)])
        with self.assertRaises(AccessError):
            Target.with_user(self.manager_a).create(
                {"kpi_id": efficiency.id, "dealer_type": "dealer_4s", "target": 1.0}
            )
        with self.assertRaises(ValidationError):
            Target.with_user(self.hq_manager).create(
                {"kpi_id": efficiency.id, "dealer_type": "dealer_4s", "target": -1.0}
            )
        self.assertEqual(Target.search_count([("kpi_id", "=", efficiency.id)]), count)

    def test_unknown_kpi_refused(self):
        with self.assertRaises(ValidationError):
            self.env["kia.kpi"].with_user(self.hq_manager).create(
                {"code": "made_up", "name": "Made up", "formula": "1 + 1"}
            )
        self.assertFalse(self.env["kia.kpi"].search([("code", "=", "made_up")]))

    def test_dashboard_opens_kpi_analysis(self):
        card = (
            self.env["kia.kpi.value"]
            .with_user(self.manager_a)
            .search([("date", "=", MONTH), ("kpi_id.code", "=", "utilisation")])
        )
        action = card.action_kia_open_analysis()
        self.assertEqual(action["res_model"], "kia.kpi.value")
        self.assertEqual(action["domain"], [("kpi_id", "=", card.kpi_id.id)])

    def test_excel_export(self):
        """The Excel export of both KPI tables, headers in the user's language."""
        from io import BytesIO

        from openpyxl import load_workbook

        rows = self.env["kia.kpi.report"].with_user(self.manager_a).search([])
        report = self.env.ref("kia_analysis.kia_kpi_report_action_xlsx")
        content, file_type = (
            self.env["ir.actions.report"]
            .with_user(self.manager_a)
            .with_context(lang="zh_CN")
            ._render(report.report_name, rows.ids)
        )
        self.assertEqual(file_type, "xlsx")
        sheet = load_workbook(BytesIO(content)).active
        self.assertEqual(sheet.cell(1, 1).value, "经销商")
        self.assertEqual(sheet.max_row, len(rows) + 1)
        march = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "2026-03"]
        self.assertEqual(march[0][2], 4)
        cards = self.env["kia.kpi.value"].with_user(self.manager_a).search([])
        content, __ = (
            self.env["ir.actions.report"]
            .with_user(self.manager_a)
            ._render("kia_analysis.report_kia_kpi_value_xlsx", cards.ids)
        )
        sheet = load_workbook(BytesIO(content)).active
        self.assertEqual(sheet.cell(1, 3).value, "KPI")
        self.assertEqual(sheet.max_row, len(cards) + 1)


@tagged("post_install", "-at_install")
class TestKpiDashboardQueries(KiaAnalysisCase):
    SPEC = {
        "kpi_id": {"fields": {"display_name": {}}},
        "value": {},
        "unit": {},
        "target": {},
        "status": {},
        "formula": {},
        "company_id": {"fields": {"display_name": {}}},
        "date": {},
    }

    def open_dashboard(self, user, grouped=False):
        """What the dashboard's kanban asks for: the month's cards, or (grouped by dealer, as
        head office compares) the dealer columns and then each column's cards."""
        Value = self.env["kia.kpi.value"].with_user(user)
        domain = [("date", ">=", MONTH), ("date", "<=", date(2026, 3, 31))]
        if not grouped:
            return Value.web_search_read(domain, self.SPEC, limit=80)["records"]
        groups = Value.web_read_group(domain, ["value:sum"], ["company_id"])
        cards = []
        for group in groups["groups"]:
            cards += Value.web_search_read(group["__domain"], self.SPEC, limit=80)["records"]
        return cards

    def test_dashboard_query_count(self):
        """The month's cards in a fixed number of queries, whatever the number of KPIs and
        dealers; grouped by dealer, one more query per dealer column."""
        users = ((self.manager_a, 1), (self.hq_officer, 2))
        for user, __ in users:
            self.open_dashboard(user)  # warm the caches (ACLs, rules, translations)
            self.open_dashboard(user, grouped=True)
        # Every active KPI, those other add-ons bring included (kia_health_record's).
        kpis = self.env["kia.kpi"].search_count([])
        for user, dealers in users:
            self.env.invalidate_all()
            with self.assertQueryCount(8):
                cards = self.open_dashboard(user)
            self.assertEqual(len(cards), dealers * kpis)
        self.env.invalidate_all()
        with self.assertQueryCount(5):
            cards = self.open_dashboard(self.hq_officer, grouped=True)
        self.assertEqual(len(cards), 2 * kpis)
