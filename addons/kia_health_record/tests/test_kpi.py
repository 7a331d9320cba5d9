from datetime import date, datetime, timedelta

from odoo import fields
from odoo.tests import freeze_time, tagged

from .common import HealthRecordCase


@tagged("post_install", "-at_install")
class TestHealthRecordKpi(HealthRecordCase):
    def test_upload_rate_within_24_hours(self):
        """Upload rate: settled repair orders whose record the platform accepted within 24 h
        of settlement, per dealer and month of settlement."""
        start = fields.Datetime.now().replace(day=1, hour=8, minute=0, second=0, microsecond=0)
        with freeze_time(start):
            on_time = self.settled_repair()
            self.send()
            late = self.settled_repair() | self.settled_repair()
            self.server.faults += ["500", "500"]
            self.send()
        self.assertEqual(on_time.kia_health_record_ids.state, "accepted")
        self.assertEqual(late.kia_health_record_ids.mapped("state"), ["retrying"] * 2)
        with freeze_time(start + timedelta(hours=25)):
            self.send()
        self.assertEqual(late.kia_health_record_ids.mapped("state"), ["accepted"] * 2)
        self.env.flush_all()
        row = self.env["kia.kpi.report"].search(
            [("company_id", "=", self.dealer_a.id), ("date", "=", start.date())]
        )
        self.assertEqual((row.ehr_settled_count, row.ehr_on_time_count), (3, 1))
        # As the dealer's manager and head office read it, and as the scorecard reads KPIs.
        for user in (self.manager_a, self.hq_officer):
            values = (
                self.env["kia.kpi"]
                .with_user(user)
                .with_context(allowed_company_ids=user.company_ids.ids)
                ._kia_values(self.dealer_a, start.date(), start.date())
            )
            self.assertAlmostEqual(values[self.dealer_a.id]["ehr_upload_rate"], 100.0 / 3)
        card = self.env["kia.kpi.value"].search(
            [
                ("company_id", "=", self.dealer_a.id),
                ("date", "=", start.date()),
                ("kpi_id.code", "=", "ehr_upload_rate"),
            ]
        )
        self.assertAlmostEqual(card.value, 100.0 / 3)

    def test_month_of_settlement_is_the_dealers(self):
        """Settled on 31 March at 20:00 UTC, 1 April 04:00 in Shanghai (the dealer's time zone,
        China's by default): the record counts in April."""
        self.assertFalse(self.dealer_a.partner_id.tz)
        with freeze_time("2026-03-31 20:00:00"):
            self.settled_repair()
        self.env.flush_all()
        Report = self.env["kia.kpi.report"]
        for month, count in ((date(2026, 3, 1), 0), (date(2026, 4, 1), 1)):
            rows = Report.search([("company_id", "=", self.dealer_a.id), ("date", "=", month)])
            self.assertEqual(sum(rows.mapped("ehr_settled_count")), count, month)

    def test_late_acceptance_recomputes_the_closed_month(self):
        """Settled on 31 March in the evening, March closed at midnight, accepted by the
        platform the next morning (within 24 h): March's snapshot counts it on time."""
        with freeze_time("2026-03-31 10:00:00"):
            self.settled_repair()
        Snapshot = self.env["kia.kpi.snapshot"]
        Snapshot._cron_kia_close_months(now=datetime(2026, 3, 31, 16, 30))

        def march():
            self.env.flush_all()
            self.env.invalidate_all()
            rows = Report.search([("company_id", "=", self.dealer_a.id), ("date", "=", MARCH)])
            return sum(rows.mapped("ehr_settled_count")), sum(rows.mapped("ehr_on_time_count"))

        Report, MARCH = self.env["kia.kpi.report"], date(2026, 3, 1)
        self.assertEqual(march(), (1, 0))
        with freeze_time("2026-04-01 02:00:00"):
            self.send()
        self.env.cr.precommit.run()  # what the commit runs
        self.assertEqual(march(), (1, 1))
        self.env.cr.execute(
            "SELECT ehr_on_time_count FROM kia_kpi_snapshot WHERE company_id = %s AND date = %s",
            (self.dealer_a.id, MARCH),
        )
        self.assertEqual(self.env.cr.fetchone()[0], 1, "the closed month's row recomputed")
