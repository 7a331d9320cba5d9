from psycopg2 import errors

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.kia_base.models.kia_protected_mixin import kia_lock_rows

from .common import KiaBaseCase, KiaRaceCase


@tagged("post_install", "-at_install")
class TestHeadOfficeCatalogue(KiaBaseCase):
    """Kia's labour operations (the basis of warranty labour) are head office's: dealers read
    them and add their own, never change Kia's."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Operation = cls.env["kia.labor.operation"]
        cls.kia_op = Operation.create({"code": "T-KIA-01", "name": "Kia op", "hours": 1.5})
        cls.kia_op_time = cls.env["kia.labor.operation.time"].create(
            {"operation_id": cls.kia_op.id, "model_id": cls.kia_model.id, "hours": 2.0}
        )
        cls.hq_op = Operation.create(
            {"code": "T-HQ-01", "name": "HQ op", "hours": 1.0, "company_id": cls.hq.id}
        )

    def test_dealer_cannot_change_kia_operation(self):
        operation = self.kia_op.with_user(self.manager_a)
        for vals in ({"hours": 9.0}, {"active": False}, {"company_id": self.dealer_a.id}):
            with self.subTest(vals=vals), self.assertRaises(AccessError) as err:
                operation.write(vals)
            self.assertIn("head office", str(err.exception))
        with self.assertRaises(AccessError):
            operation.unlink()
        with self.assertRaises(AccessError):
            self.kia_op_time.with_user(self.manager_a).write({"hours": 0.1})
        with self.assertRaises(AccessError):
            self.env["kia.labor.operation.time"].with_user(self.manager_a).create(
                {
                    "operation_id": self.kia_op.id,
                    "model_id": self.env.ref("kia_base.fleet_vehicle_model_k3").id,
                    "hours": 0.1,
                }
            )
        with self.assertRaises(AccessError):
            self.hq_op.with_user(self.manager_a).write({"hours": 0.1})
        self.assertRecordValues(self.kia_op, [{"hours": 1.5, "active": True, "company_id": False}])
        self.assertEqual(self.kia_op_time.hours, 2.0)
        self.assertEqual(self.hq_op.hours, 1.0)
        self.assertEqual(len(self.kia_op.time_ids), 1)

    def test_dealer_cannot_create_kia_operation(self):
        Operation = self.env["kia.labor.operation"].with_user(self.manager_a)
        with self.assertRaises(AccessError):
            Operation.create({"code": "T-FAKE", "name": "Fake", "company_id": False})
        self.assertFalse(self.env["kia.labor.operation"].search([("code", "=", "T-FAKE")]))

    def test_dealer_keeps_own_operations(self):
        own = (
            self.env["kia.labor.operation"]
            .with_user(self.manager_a)
            .create({"code": "T-OWN-01", "name": "Own op", "company_id": self.dealer_a.id})
        )
        own.write({"hours": 3.0})
        self.env["kia.labor.operation.time"].with_user(self.manager_a).create(
            {"operation_id": own.id, "model_id": self.kia_model.id, "hours": 2.5}
        )
        self.assertEqual(own.hours, 3.0)
        with self.assertRaises(AccessError):
            own.write({"company_id": False})
        self.assertEqual(own.company_id, self.dealer_a)
        own.unlink()

    def test_head_office_maintains_catalogue(self):
        self.kia_op.with_user(self.hq_manager).write({"hours": 1.8})
        self.kia_op_time.with_user(self.hq_manager).write({"hours": 2.2})
        self.assertEqual((self.kia_op.hours, self.kia_op_time.hours), (1.8, 2.2))

    def test_refusal_translated(self):
        with self.assertRaises(AccessError) as err:
            self.kia_op.with_user(self.manager_a).with_context(lang="zh_CN").write({"hours": 9})
        self.assertIn("总部", str(err.exception))


@tagged("post_install", "-at_install")
class TestRowLock(KiaRaceCase):
    """The row lock of an action that gives out the last unit of something: a second
    transaction never works on a count read before the first committed."""

    def setUp(self):
        super().setUp()
        with self.committed() as env:
            self.region = env["kia.region"].create({"name": "Race region", "code": "RACE"})
            self.created.append(self.region)

    def test_second_transaction_waits_for_nothing(self):
        with self.transaction() as env1, self.transaction() as env2:
            kia_lock_rows(env1["kia.region"].browse(self.region.id))
            with self.assertRaises(errors.LockNotAvailable):
                kia_lock_rows(env2["kia.region"].browse(self.region.id))

    def test_stale_snapshot_cannot_lock(self):
        """Under REPEATABLE READ, a transaction that read before the first committed gets a
        serialization failure (Odoo retries it) instead of taking the lock on stale data."""
        with self.transaction() as env2:
            env2.cr.execute("SELECT 1 FROM kia_region LIMIT 1")  # the snapshot is taken
            with self.transaction() as env1:
                kia_lock_rows(env1["kia.region"].browse(self.region.id))
                env1.cr.commit()
            with self.assertRaises(errors.SerializationFailure):
                kia_lock_rows(env2["kia.region"].browse(self.region.id))


@tagged("post_install", "-at_install")
class TestNetworkPlace(KiaBaseCase):
    """A dealer's own administrator manages its company, not its place in Kia's network."""

    def test_dealer_admin_cannot_move_in_network(self):
        admin = self.make_user(
            "t_admin_a", "base.group_system,base.group_erp_manager", self.dealer_a
        )
        company = self.dealer_a.with_user(admin)
        for vals in (
            {"kia_dealer_type": "hq"},
            {"kia_dealer_code": "ZZ999"},
            {"kia_hq_company_id": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError) as err:
                company.write(vals)
            self.assertIn("HQ Manager", str(err.exception))
        with self.assertRaises(AccessError):
            self.env["res.company"].with_user(admin).create(
                {"name": "Fake HQ", "kia_dealer_type": "hq"}
            )
        self.assertRecordValues(
            self.dealer_a,
            [
                {
                    "kia_dealer_type": "dealer_4s",
                    "kia_dealer_code": "TA001",
                    "kia_hq_company_id": self.hq.id,
                }
            ],
        )
        self.assertFalse(self.env["res.company"].search([("name", "=", "Fake HQ")]))
        company.write({"report_header": "诚信服务", "kia_dealer_code": "TA001"})
        self.assertIn("诚信服务", self.dealer_a.report_header)

    def test_head_office_places_dealers(self):
        self.dealer_a.with_user(self.hq_manager).write({"kia_dealer_code": "TA009"})
        self.assertEqual(self.dealer_a.kia_dealer_code, "TA009")
