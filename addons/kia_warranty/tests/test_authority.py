from freezegun import freeze_time
from psycopg2 import errors

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.kia_base.tests.common import KiaRaceCase

from .common import KiaWarrantyCase, make_vin


@tagged("post_install", "-at_install")
@freeze_time("2026-01-12")
class TestWarrantyAuthority(KiaWarrantyCase):
    """What the dealer's warranty roles may not write themselves: states, head office's
    decisions, line approvals, old parts' receipt, the facts the warranty is decided on."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_a.groups_id = [
            Command.link(cls.env.ref("kia_warranty.group_warranty_admin").id)
        ]
        cls.dealer_users = (cls.wadmin_a, cls.advisor_a, cls.manager_a)

    def submitted(self, **vals):
        claim = self.make_claim(**vals)
        claim.with_user(self.wadmin_a).action_submit()
        return claim

    def assert_refused(self, records, vals, fragment, users=None, error=AccessError):
        """Each of ``users`` writing ``vals`` is refused with ``fragment`` in the message, and
        the records keep their values."""
        fnames = list(vals)
        before = records.read(fnames)
        for user in users or self.dealer_users:
            with self.subTest(user=user.login, vals=vals):
                with self.assertRaises(error) as refused:
                    records.with_user(user).write(vals)
                self.assertIn(fragment, str(refused.exception))
                records.invalidate_recordset()
                self.assertEqual(records.read(fnames), before)

    # Claims

    def test_claim_protected_fields_refused(self):
        claim = self.submitted()
        for fname, value, fragment in [
            ("state", "approved", "claim's buttons"),
            ("submit_date", "2026-01-01", "Submit to Head Office"),
            ("reviewer_id", self.reviewer.id, "Approve, Return for Correction and Reject"),
            ("review_date", "2026-01-12", "Approve, Return for Correction and Reject"),
            ("amount_approved", 5000.0, "Approve button"),
            ("reject_reason_id", self.reason.id, "Reject button"),
            ("review_note", "ok", "Return for Correction, Reject and Charge Back"),
            ("chargeback_move_id", self.env["account.move"].search([], limit=1).id, "Charge"),
        ]:
            self.assert_refused(claim, {fname: value}, fragment)
        self.assertEqual(claim.state, "submitted")

    def test_claim_created_submitted_refused(self):
        """A claim created straight as submitted would skip every pre-check and old-part
        tagging."""
        Claim = self.env["kia.warranty.claim"]
        count = Claim.search_count([])
        parts = self.env["kia.warranty.old.part"].search_count([])
        for user in (self.wadmin_a, self.advisor_a):
            for vals in ({"state": "submitted"}, {"state": "approved", "amount_approved": 99.0}):
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaises(AccessError) as refused:
                        self.make_claim(user=user, odometer=150000, attach=False, **vals)
                    self.assertIn("changes only through", str(refused.exception))
        self.assertEqual(Claim.search_count([]), count)
        self.assertEqual(self.env["kia.warranty.old.part"].search_count([]), parts)

    def test_dealer_cannot_undo_head_office_cut(self):
        """Head office cuts the labour line; the dealer clearing ``approved_set`` would have the
        approval pay the full amount."""
        claim = self.submitted()
        labor = claim.line_ids.filtered(lambda line: line.line_type == "labor")
        labor.with_user(self.reviewer).approved_amount = 120.0
        self.assertTrue(labor.approved_set)
        self.assert_refused(labor, {"approved_set": False}, "head office's review")
        self.assert_refused(labor, {"approved_amount": 180.0}, "head office's review")
        # Through the claim's lines, as a form would send it (the submitted claim is locked).
        with self.assertRaises(UserError):
            claim.with_user(self.wadmin_a).write(
                {"line_ids": [Command.update(labor.id, {"approved_set": False})]}
            )
        self.assertTrue(labor.approved_set)
        claim.with_user(self.reviewer).action_approve()
        self.assertEqual(claim.amount_approved, 920.0)

    def test_dealer_cannot_create_approved_line(self):
        claim = self.make_claim()
        with self.assertRaises(AccessError):
            self.env["kia.warranty.claim.line"].with_user(self.wadmin_a).create(
                {
                    "claim_id": claim.id,
                    "name": "Extra",
                    "line_type": "sublet",
                    "price_unit": 10.0,
                    "approved_amount": 10.0,
                    "approved_set": True,
                }
            )
        self.assertEqual(len(claim.line_ids), 2)

    def test_settled_claim_immutable(self):
        claim = self.submitted()
        claim.with_user(self.reviewer).action_approve()
        claim.with_user(self.wadmin_a).action_settle()
        invoice = claim.invoice_id
        self.assertEqual(claim.state, "settled")
        users = (*self.dealer_users, self.reviewer)
        self.assert_refused(claim, {"amount_approved": 1.0}, "Approve button", users=users)
        self.assert_refused(claim, {"state": "approved"}, "claim's buttons", users=users)
        self.assert_refused(claim, {"invoice_id": False}, "Settle button", users=users)
        self.assert_refused(claim, {"odometer": 1}, "can be changed", error=UserError)
        with self.assertRaises(UserError):
            claim.line_ids[0].with_user(self.reviewer).approved_amount = 1.0
        with self.assertRaises(AccessError):
            claim.with_user(self.wadmin_a).chargeback_amount = 10.0
        self.assertFalse(claim.chargeback_amount)
        # Money is corrected by a reversal: the chargeback credit note.
        claim.with_user(self.reviewer).chargeback_amount = 100.0
        claim.with_user(self.reviewer).action_chargeback(note="Audit")
        self.assertEqual(claim.state, "charged_back")
        self.assertEqual(claim.invoice_id, invoice)
        self.assertEqual(claim.chargeback_move_id.amount_total, 100.0)
        self.assertEqual(claim.chargeback_move_id.amount_tax, 11.5)
        with self.assertRaises(UserError):
            claim.with_user(self.reviewer).chargeback_amount = 300.0
        self.assertEqual(claim.chargeback_amount, 100.0)

    def test_reviewer_cannot_review_own_company(self):
        vehicle = self.env["fleet.vehicle"].create(
            {
                "model_id": self.kia_model.id,
                "vin_sn": make_vin(serial=777),
                "company_id": self.hq.id,
                "kia_sale_date": "2025-06-01",
            }
        )
        claim = self.make_claim(user=self.env.user, vehicle=vehicle)
        claim.action_submit()
        with self.assertRaises(AccessError) as refused:
            claim.with_user(self.reviewer).action_approve()
        self.assertIn("your own company", str(refused.exception))
        self.assertEqual(claim.state, "submitted")

    # Old parts and shipments

    def test_old_part_receipt_and_scrap_are_head_office(self):
        claim = self.submitted()
        part = claim.old_part_ids
        staff = (self.wadmin_a, self.manager_a)
        self.assert_refused(part, {"state": "received"}, "old part's buttons", users=staff)
        self.assert_refused(part, {"state": "scrapped"}, "old part's buttons", users=staff)
        self.assert_refused(part, {"return_due_date": "2026-12-31"}, "Ask for Return", users=staff)
        self.assert_refused(part, {"quantity": 5}, "tags the old parts", users=staff)
        with self.assertRaises(AccessError):
            self.env["kia.warranty.old.part"].with_user(self.wadmin_a).create(
                {"claim_id": claim.id, "product_id": self.part_pump.id, "state": "received"}
            )
        with self.assertRaises(AccessError):
            self.env["kia.warranty.old.part"].with_user(self.wadmin_a).create(
                {"claim_id": claim.id, "product_id": self.part_pump.id}
            )
        self.assertEqual(claim.old_part_ids, part)
        part.with_user(self.reviewer).action_request_return()
        shipment = (
            self.env["kia.warranty.part.return"]
            .with_user(self.wadmin_a)
            .create({"carrier": "顺丰", "old_part_ids": [Command.set(part.ids)]})
        )
        self.assert_refused(shipment, {"state": "received"}, "Receive button", users=staff)
        shipment.with_user(self.wadmin_a).action_ship()
        self.assert_refused(shipment, {"receive_date": "2026-01-12"}, "Receive button", users=staff)
        with self.assertRaises(AccessError):
            shipment.with_user(self.wadmin_a).action_receive()
        with self.assertRaises(UserError):
            shipment.with_user(self.wadmin_a).write({"old_part_ids": [Command.clear()]})
        self.assertEqual((part.state, shipment.state), ("shipped", "shipped"))
        shipment.with_user(self.reviewer).action_receive()
        self.assertEqual((part.state, shipment.state), ("received", "received"))

    # The vehicle's warranty facts

    def test_coverage_inputs_fixed_once_claimed(self):
        vehicle = self.vehicle_a
        # The sale date and use type are the network vehicle's (head office's): no dealer
        # changes them, before or after a claim.
        for vals in ({"kia_sale_date": "2026-01-01"}, {"kia_use_type": "taxi"}):
            self.assert_refused(vehicle, vals, "only head office can change them")
        self.make_claim().with_user(self.wadmin_a).action_submit()
        for vals in ({"kia_sale_date": "2026-01-01"}, {"kia_use_type": "taxi"}):
            self.assert_refused(vehicle, vals, "only head office can change them")
        # Other fields of the dealer's own file stay the dealer's; the same value passes.
        vehicle.with_user(self.advisor_a).write(
            {"kia_sale_date": vehicle.kia_sale_date, "license_plate": "沪A12345"}
        )
        # The same VIN on file at another dealer is the same car: one identity.
        vehicle_b = self.create_vehicle(
            self.advisor_b, self.customer_b, 101, kia_sale_date="2024-01-01"
        )
        self.assertEqual(vehicle_b.kia_vehicle_id, vehicle.kia_vehicle_id)
        self.assertEqual(str(vehicle_b.kia_sale_date), "2025-06-01")
        with self.assertRaises(AccessError):
            vehicle_b.with_user(self.advisor_b).kia_sale_date = "2024-01-01"
        with self.assertRaises(AccessError):
            vehicle.kia_vehicle_id.with_user(self.wadmin_a).sale_date = "2024-01-01"
        # Head office's change reaches every dealer's file.
        vehicle.with_user(self.hq_manager).kia_sale_date = "2025-07-01"
        self.assertEqual(str(vehicle.kia_sale_date), "2025-07-01")
        self.assertEqual(str(vehicle_b.kia_sale_date), "2025-07-01")
        vehicle.kia_vehicle_id.with_user(self.reviewer).use_type = "taxi"
        self.assertEqual((vehicle.kia_use_type, vehicle_b.kia_use_type), ("taxi", "taxi"))

    def test_first_maintenance_state_refused(self):
        vehicle = self.vehicle_a
        self.assert_refused(vehicle, {"kia_wty_first_maint_state": "done"}, "first free")
        self.assertEqual(vehicle.kia_wty_first_maint_state, "pending")

    # Head office's catalogues

    def test_catalogues_are_head_office(self):
        coverage = self.env.ref("kia_warranty.coverage_vehicle")
        campaign = self.env["kia.warranty.campaign"].create(
            {
                "name": "Recall",
                "code": "RC-T1",
                "part_ids": [Command.create({"product_id": self.part_pump.id})],
            }
        )
        for records, vals in (
            (coverage, {"months": 12}),
            (self.code_failure, {"serious": True}),
            (campaign, {"name": "Changed"}),
            (campaign.part_ids, {"quantity": 3}),
        ):
            self.assert_refused(records, vals, "", users=(self.wadmin_a, self.manager_a))
        self.assert_refused(campaign, {"state": "open"}, "Open and Close")
        with self.assertRaises(AccessError):
            campaign.with_user(self.wadmin_a).action_open()
        self.assertEqual(campaign.state, "draft")
        self.assertTrue(campaign.with_user(self.reviewer).action_open())
        self.assertEqual(campaign.state, "open")

    def test_head_office_check_beyond_access_rights(self):
        """The head-office check refuses a dealer's user whatever access rights he was given
        by mistake, with a message a dealer understands."""
        coverage = self.env.ref("kia_warranty.coverage_vehicle")
        for record in (coverage, self.code_failure):
            with self.assertRaises(AccessError) as refused:
                record.with_user(self.wadmin_a)._kia_check_hq_owned()
            self.assertIn("only head office changes it", str(refused.exception))
            record.with_user(self.reviewer)._kia_check_hq_owned()

    # Backup vehicles

    def test_backup_vehicle_state_refused(self):
        self.setup_workshop()
        loaner = self.env["fleet.vehicle"].create(
            {
                "model_id": self.kia_model.id,
                "license_plate": "沪AD0002",
                "company_id": self.dealer_a.id,
            }
        )
        repair = self.make_repair()
        Backup = self.env["kia.warranty.backup.vehicle"].with_user(self.advisor_a)
        vals = {
            "repair_id": repair.id,
            "company_id": self.dealer_a.id,
            "backup_vehicle_id": loaner.id,
        }
        with self.assertRaises(AccessError):
            Backup.create(dict(vals, state="confirmed"))
        record = Backup.create(vals)
        self.assert_refused(record, {"state": "confirmed"}, "Grant, Close and Cancel")
        with self.assertRaises(AccessError):
            record.with_user(self.technician_a).action_confirm()
        self.assertEqual(record.state, "draft")

    # Roles walk through what they may do

    def test_walk_warranty_admin_and_reviewer(self):
        """The dealer's warranty administrator makes, submits, settles and ships; head office's
        reviewer adjusts, approves, asks the parts back and receives them."""
        claim = self.make_claim()
        claim.with_user(self.wadmin_a).write({"odometer": 12001})
        self.assertTrue(claim.with_user(self.wadmin_a).action_submit())
        reviewer = claim.with_user(self.reviewer)
        self.assertTrue(reviewer.action_return(note="Photo of the odometer, please."))
        self.assertTrue(claim.with_user(self.wadmin_a).action_reset_draft())
        self.assertTrue(claim.with_user(self.wadmin_a).action_submit())
        reviewer.line_ids.filtered(lambda line: line.line_type == "labor").approved_amount = 100.0
        self.assertTrue(reviewer.action_approve())
        self.assertEqual(claim.amount_approved, 900.0)
        self.assertTrue(claim.with_user(self.wadmin_a).action_settle())
        part = claim.old_part_ids
        self.assertTrue(part.with_user(self.reviewer).action_request_return())
        shipment = (
            self.env["kia.warranty.part.return"]
            .with_user(self.wadmin_a)
            .create({"old_part_ids": [Command.set(part.ids)]})
        )
        self.assertTrue(shipment.with_user(self.wadmin_a).action_ship())
        self.assertTrue(shipment.with_user(self.reviewer).action_receive())
        self.assertEqual((claim.state, part.state), ("settled", "received"))

    def test_walk_reviewer_rejects_and_scraps(self):
        claim = self.submitted()
        part = claim.old_part_ids
        self.assertTrue(part.with_user(self.wadmin_a).action_request_scrap())
        # Scrapped once the retention period is over.
        with freeze_time(str(part.retention_date)):
            self.assertTrue(part.with_user(self.reviewer).action_approve_scrap())
        self.assertTrue(
            claim.with_user(self.reviewer).action_reject(reason_id=self.reason.id, note="No.")
        )
        self.assertEqual(
            (claim.state, claim.reject_reason_id, part.state), ("rejected", self.reason, "scrapped")
        )

    def test_walk_advisor(self):
        """The advisor starts claims; submitting them is the warranty administrator's."""
        claim = self.make_claim(user=self.advisor_a)
        self.assertEqual(claim.state, "draft")
        with self.assertRaises(AccessError):
            claim.with_user(self.advisor_a).action_submit()
        self.assertEqual(claim.state, "draft")

    def test_service_manager_not_warranty_admin_by_role(self):
        manager = self.make_user("t_manager_only", "kia_base.group_service_manager", self.dealer_a)
        self.assertFalse(manager.has_group("kia_warranty.group_warranty_admin"))
        claim = self.make_claim()
        with self.assertRaises(AccessError):
            claim.with_user(manager).action_submit()
        self.assertEqual(claim.state, "draft")


@tagged("post_install", "-at_install")
class TestBackupVehicleRace(KiaRaceCase):
    """Two advisors lend the same last car at the same time: one of them gets it."""

    def setUp(self):
        super().setUp()
        with self.committed() as env:
            repair = env.ref("kia_warranty.repair_long_sh_demo")
            self.advisor = env.ref("kia_base.user_sh_advisor_demo")
            loaner = env["fleet.vehicle"].create(
                {
                    "model_id": env.ref("kia_base.fleet_vehicle_model_k5").id,
                    "license_plate": "沪RACE01",
                    "vin_sn": make_vin(prefix="LJDRACE1", serial=901),
                    "company_id": repair.company_id.id,
                }
            )
            Backup = env["kia.warranty.backup.vehicle"]
            vals = {
                "repair_id": repair.id,
                "company_id": repair.company_id.id,
                "backup_vehicle_id": loaner.id,
            }
            self.first = Backup.create(vals)
            self.second = Backup.create(vals)
            self.created += [loaner, self.first, self.second]
        self.addCleanup(self._cancel_backups)

    def _cancel_backups(self):
        with self.committed() as env:
            records = (self.first | self.second).with_env(env)
            records.write({"state": "cancel"})

    def test_last_car_goes_to_one_request(self):
        with self.transaction(user=self.advisor) as env2:
            second = env2["kia.warranty.backup.vehicle"].browse(self.second.id)
            self.assertEqual(second.state, "draft")  # the snapshot is taken
            with self.transaction(user=self.advisor) as env1:
                env1["kia.warranty.backup.vehicle"].browse(self.first.id).action_confirm()
                env1.cr.commit()
            with self.assertRaises(errors.SerializationFailure):
                second.action_confirm()

    def test_second_request_while_first_open(self):
        with (
            self.transaction(user=self.advisor) as env1,
            self.transaction(user=self.advisor) as env2,
        ):
            env1["kia.warranty.backup.vehicle"].browse(self.first.id).action_confirm()
            with self.assertRaises(errors.LockNotAvailable):
                env2["kia.warranty.backup.vehicle"].browse(self.second.id).action_confirm()
