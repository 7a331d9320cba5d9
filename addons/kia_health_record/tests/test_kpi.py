from datetime import timedelta

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
