from freezegun import freeze_time

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
@freeze_time("2026-01-08 10:00")
class TestBackupVehicle(KiaWarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_workshop()
        cls.loaner = cls.env["fleet.vehicle"].create(
            {
                "model_id": cls.kia_model.id,
                "license_plate": "沪AD0001",
                "company_id": cls.dealer_a.id,
            }
        )

    def signed_repair(self, signed):
        repair = self.make_repair()
        with freeze_time(signed):
            repair.kia_customer_signature = "R0lGODlhAQABAAAAACw="
            repair.with_user(self.advisor_a).action_kia_customer_approve()
        return repair

    def backup(self, repair, **vals):
        values = {
            "repair_id": repair.id,
            "company_id": repair.company_id.id,
            "compensation_type": "vehicle",
            "backup_vehicle_id": self.loaner.id,
            "date_start": "2026-01-08",
        }
        values.update(vals)
        return self.env["kia.warranty.backup.vehicle"].with_user(self.advisor_a).create(values)

    def test_long_repair_grants_backup_vehicle(self):
        repair = self.signed_repair("2026-01-01 09:00")
        self.assertTrue(repair.kia_wty_long_repair)
        record = self.backup(repair)
        self.assertEqual(record.vehicle_id, self.vehicle_a)
        self.assertEqual(record.partner_id, self.customer_a)
        self.assertEqual(record.repair_days, 7)
        record.action_confirm()
        self.assertEqual(record.state, "confirmed")
        self.assertEqual(repair.kia_wty_backup_count, 1)
        self.assertEqual(self.vehicle_a.kia_wty_backup_count, 1)
        action = repair.action_view_kia_wty_backup()
        self.assertEqual(action["domain"], [("repair_id", "=", repair.id)])
        # The same car cannot be lent twice at once.
        other = self.signed_repair("2026-01-02 09:00")
        second = self.backup(other)
        with self.assertRaisesRegex(UserError, "already lent"):
            second.action_confirm()
        self.assertEqual(second.state, "draft")
        record.action_done()
        self.assertEqual(str(record.date_end), "2026-01-08")
        second.write({"date_start": "2026-01-09"})
        second.action_confirm()
        self.assertEqual(second.state, "confirmed")

    def test_short_repair_not_entitled(self):
        repair = self.signed_repair("2026-01-05 09:00")
        record = self.backup(
            repair, compensation_type="transport", backup_vehicle_id=False, amount=200
        )
        with self.assertRaisesRegex(UserError, "more than 5 days"):
            record.action_confirm()
        self.assertEqual(record.state, "draft")
        self.dealer_a.kia_wty_long_repair_days = 2
        record.action_confirm()
        self.assertEqual(record.state, "confirmed")

    def test_bad_inputs_refused(self):
        repair = self.signed_repair("2026-01-01 09:00")
        Backup = self.env["kia.warranty.backup.vehicle"]
        with self.assertRaises(ValidationError):
            self.backup(repair, backup_vehicle_id=False)
        with self.assertRaises(ValidationError):
            self.backup(repair, backup_vehicle_id=self.vehicle_a.id)
        with self.assertRaises(ValidationError):
            self.backup(repair, compensation_type="transport", backup_vehicle_id=False, amount=0)
        with self.assertRaises(ValidationError):
            self.backup(repair, date_end="2026-01-01")
        self.assertFalse(Backup.search([("repair_id", "=", repair.id)]))

    def test_other_dealer_cannot_see(self):
        record = self.backup(self.signed_repair("2026-01-01 09:00"))
        Backup_b = self.env["kia.warranty.backup.vehicle"].with_user(self.advisor_b)
        self.assertFalse(Backup_b.search([]))
        self.assertEqual(
            self.env["kia.warranty.backup.vehicle"].with_user(self.hq_officer).search([]), record
        )
