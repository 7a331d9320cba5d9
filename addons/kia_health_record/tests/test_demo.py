from odoo.tests import tagged

from .common import HealthRecordCase
from .platform_server import PlatformServer


@tagged("post_install", "-at_install")
class TestHealthRecordDemo(HealthRecordCase):
    def test_delivered_demo_repair_order_accepted(self):
        """The demo dealer's delivered repair order waits in the queue; pointed at a platform
        on this machine with the demo credentials, the cron gets it accepted."""
        record = self.env.ref("kia_health_record.health_record_sh_06_demo", False)
        if not record:
            self.skipTest("needs the demo data")
        self.assertEqual(record.state, "pending")
        company = record.company_id
        server = PlatformServer(
            {company.kia_ehr_app_key: (company.kia_ehr_enterprise_code, company.kia_ehr_secret)}
        ).start()
        self.addCleanup(server.stop)
        company.kia_ehr_platform_id.write(server.endpoints())
        # Only the demo record is due: the test's own queue is empty.
        self.env["kia.health.record"].search(
            [("state", "in", ("pending", "retrying", "sent")), ("id", "!=", record.id)]
        ).sudo().write({"next_try": "2999-01-01 00:00:00"})
        self.send()
        self.assertEqual(record.state, "accepted")
        self.assertEqual(list(server.records), [record.settlement_number])
        self.assertEqual(server.records[record.settlement_number]["vin"], record.vin)
        self.assertEqual(
            record.platform_record_id, server.records[record.settlement_number]["record_id"]
        )
