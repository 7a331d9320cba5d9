from odoo.addons.kia_service.tests.service_common import KiaServiceProcessCase

from .platform_server import PlatformServer


class HealthRecordCase(KiaServiceProcessCase):
    """KiaServiceProcessCase's dealer A set up for the health record: a platform on the
    loopback interface (tests/platform_server.py), dealer A's credentials, a vehicle with a
    plate and parts with codes. Repair orders are paid by warranty unless a test bills them:
    they are settled at delivery."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = PlatformServer({"app-a": ("ENT-A", "secret-a")}).start()
        cls.addClassCleanup(cls.server.stop)
        cls.platform = cls.env["kia.health.platform"].create(
            {
                "name": "Test province platform",
                "province": "上海市",
                "timeout": 0.5,
                "retry_minutes": 5,
                "retry_max_minutes": 60,
                **cls.server.endpoints(),
            }
        )
        cls.dealer_a.write(
            {
                "kia_ehr_platform_id": cls.platform.id,
                "kia_ehr_enterprise_code": "ENT-A",
                "kia_ehr_app_key": "app-a",
                "kia_ehr_secret": "secret-a",
            }
        )
        cls.vehicle_a.license_plate = "沪A12345"
        cls.part_filter.default_code = "26300-35505"
        cls.manager_b = cls.make_user("t_manager_b", "kia_base.group_service_manager", cls.dealer_b)
        cls.Record = cls.env["kia.health.record"]

    def setUp(self):
        super().setUp()
        server = self.server
        server.records.clear()
        server.corrections.clear()
        server.stored.clear()
        server.calls.clear()
        server.tokens.clear()
        server.faults.clear()

    def settled_repair(self, odometer=None, **vals):
        """A repair order through the workshop and delivered: settled."""
        self.odometer = getattr(self, "odometer", 30000) + 1000
        vals.setdefault("kia_payment_type", "warranty")
        repair = self.create_repair(odometer=odometer or self.odometer, **vals)
        repair.with_user(self.advisor_a).action_validate()
        self.work_repair(repair)
        repair.with_user(self.qc_a).action_kia_qc_pass()
        repair.with_user(self.advisor_a).action_kia_deliver()
        return repair

    def send(self):
        """What the upload cron does."""
        self.env["kia.health.record"]._cron_send()
