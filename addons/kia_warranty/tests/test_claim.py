from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.kia_warranty.models.kia_warranty_claim import KiaWarrantyClaim

from .common import KiaWarrantyCase, make_vin


@tagged("post_install", "-at_install")
@freeze_time("2026-01-12")
class TestClaimPrechecks(KiaWarrantyCase):
    def assert_refused(self, claim, fragment):
        with self.assertRaises(UserError) as error:
            claim.action_submit()
        self.assertIn(fragment, str(error.exception))
        self.assertEqual(claim.state, "draft")
        self.assertFalse(claim.old_part_ids)
        self.assertFalse(claim.submit_date)

    def test_valid_claim_passes(self):
        claim = self.make_claim()
        self.assertEqual(claim._kia_precheck_errors(), {})
        claim.action_submit()
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(len(claim.old_part_ids), 1)

    def test_not_covered_by_mileage(self):
        claim = self.make_claim(odometer=150000)
        self.assert_refused(claim, "is not covered (Whole Vehicle)")

    def test_not_covered_by_date(self):
        # Head office corrects the network vehicle's sale date.
        self.vehicle_a.kia_vehicle_id.with_user(self.reviewer).sale_date = "2021-01-01"
        claim = self.make_claim()
        self.assert_refused(claim, "is not covered")

    def test_wear_item_excluded(self):
        claim = self.make_claim(causal_product_id=self.part_pad.id)
        self.assertEqual(claim.coverage_category, "wear")
        self.assert_refused(claim, "is not covered (Wear Items)")

    def test_powertrain_longer_than_vehicle(self):
        self.vehicle_a.kia_vehicle_id.with_user(self.reviewer).sale_date = "2022-06-01"
        claim = self.make_claim(causal_product_id=self.part_gearbox.id, odometer=50000)
        self.assertEqual(claim.coverage_category, "powertrain")
        self.assertEqual(claim._kia_precheck_errors(), {})
        self.assertFalse(self.make_claim(odometer=50000)._kia_precheck_errors() == {})

    def test_duplicate_at_other_dealer(self):
        # The same VIN on file at dealer B, with an open claim dealer A cannot read.
        vehicle_b = self.create_vehicle(
            self.advisor_b, self.customer_b, 101, kia_sale_date="2025-06-01"
        )
        other = self.make_claim(user=self.wadmin_b, vehicle=vehicle_b)
        other.action_submit()
        claim = self.make_claim()
        self.assertFalse(
            self.env["kia.warranty.claim"].with_user(self.wadmin_a).search([("id", "=", other.id)])
        )
        self.assert_refused(claim, f"Claim {other.name} for the same VIN and causal part")

    def test_deadline_passed(self):
        claim = self.make_claim(repair_date="2026-01-01")
        self.assert_refused(claim, "submission deadline of 8 days")

    def test_documents_missing(self):
        claim = self.make_claim(attach=False)
        self.assert_refused(claim, "Attach at least 1 document")

    def test_hooks_stop_submission(self):
        claim = self.make_claim()
        for hook in ("_kia_check_clocked_hours", "_kia_check_certification"):
            with patch.object(KiaWarrantyClaim, hook, lambda self: {claim.id: ["Hook says no."]}):
                self.assert_refused(claim, "Hook says no.")

    def test_first_maintenance_out_of_window(self):
        claim = self.make_claim(
            claim_type="first_maintenance", causal_product_id=False, odometer=4000
        )
        self.assert_refused(claim, "first free maintenance window")

    def test_message_in_chinese(self):
        claim = self.make_claim(attach=False)
        with self.assertRaises(UserError) as error:
            claim.with_context(lang="zh_CN").action_submit()
        self.assertIn("附件", str(error.exception))

    def test_precheck_query_count_flat(self):
        one = self.make_claim()
        many = one
        for serial in range(2, 21):
            vehicle = self.create_vehicle(
                self.advisor_a, self.customer_a, 200 + serial, kia_sale_date="2025-06-01"
            )
            many |= self.make_claim(vehicle=vehicle)
        for records in (one, many):  # warm-up: ormcache, registry, translations
            self.env.invalidate_all()
            records._kia_precheck_errors()
        # 9, and 3 for head office's prior authorisation rules (the rules, their thresholds,
        # the claims' repair orders and amounts), whatever the number of claims.
        self.env.invalidate_all()
        with self.assertQueryCount(12):
            self.assertEqual(one._kia_precheck_errors(), {})
        self.env.invalidate_all()
        with self.assertQueryCount(12):
            self.assertEqual(many._kia_precheck_errors(), {})


@tagged("post_install", "-at_install")
@freeze_time("2026-01-12")
class TestClaimLife(KiaWarrantyCase):
    def test_whole_life_partial_approval_settlement_chargeback(self):
        claim = self.make_claim()
        self.assertEqual(claim.amount_total, 980.0)
        claim.action_submit()
        claim_hq = claim.with_user(self.reviewer)
        labor = claim_hq.line_ids.filtered(lambda line: line.line_type == "labor")
        labor.approved_amount = 120.0
        claim_hq.action_approve()
        self.assertEqual(claim.state, "approved")
        self.assertEqual(claim.amount_approved, 920.0)
        self.assertEqual(claim.reviewer_id, self.reviewer)

        # nothing cached, as in a request of the dealer's user
        self.env.invalidate_all()
        claim.with_user(self.wadmin_a).action_settle()
        invoice = claim.invoice_id
        self.assertEqual(claim.state, "settled")
        self.assertEqual(invoice.state, "posted")
        self.assertEqual(invoice.move_type, "out_invoice")
        self.assertEqual(invoice.company_id, self.dealer_a)
        self.assertEqual(invoice.partner_id, self.hq.partner_id)
        # The approved amount is VAT included (l10n_cn's 13 % sales VAT, 价税合计).
        self.assertEqual(invoice.amount_total, claim.amount_approved)
        self.assertEqual(invoice.amount_untaxed, round(920.0 / 1.13, 2))
        self.assertEqual(invoice.amount_tax, round(920.0 - round(920.0 / 1.13, 2), 2))
        receivable = invoice.line_ids.filtered(
            lambda line: line.account_id.account_type == "asset_receivable"
        )
        self.assertEqual(receivable.debit, 920.0)

        claim_hq.chargeback_amount = 200.0
        claim_hq.action_chargeback()
        refund = claim.chargeback_move_id
        self.assertEqual(claim.state, "charged_back")
        self.assertEqual((refund.move_type, refund.state), ("out_refund", "posted"))
        self.assertEqual(refund.amount_total, 200.0)
        self.assertEqual(refund.amount_tax, 23.01)
        self.assertEqual(refund.reversed_entry_id, invoice)
        # What HQ owes the dealer in the dealer's books equals approved minus chargeback.
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", self.dealer_a.id),
                ("partner_id", "=", self.hq.partner_id.id),
                ("account_id.account_type", "=", "asset_receivable"),
                ("parent_state", "=", "posted"),
            ]
        )
        self.assertEqual(sum(lines.mapped("balance")), 720.0)
        self.assertEqual(claim.amount_approved - claim.chargeback_amount, 720.0)
        # Head office's books mirror it (OCA account_invoice_inter_company).
        bills = self.env["account.move"].search(
            [("company_id", "=", self.hq.id), ("move_type", "in", ("in_invoice", "in_refund"))]
        )
        self.assertEqual(sum(bills.mapped("amount_total_signed")), -720.0)

    def test_return_and_resubmit(self):
        claim = self.make_claim()
        claim.action_submit()
        claim_hq = claim.with_user(self.reviewer)
        with self.assertRaises(UserError):
            claim_hq.action_return()
        self.assertEqual(claim.state, "submitted")
        claim_hq.action_return(note="Add the odometer photo.")
        self.assertEqual(claim.state, "returned")
        claim.odometer = 12001
        claim.action_submit()
        self.assertEqual(claim.state, "submitted")
        self.assertEqual(len(claim.old_part_ids), 1)

    def test_reject_needs_reason(self):
        claim = self.make_claim()
        claim.action_submit()
        claim_hq = claim.with_user(self.reviewer)
        with self.assertRaises(UserError):
            claim_hq.action_reject()
        self.assertEqual(claim.state, "submitted")
        claim_hq.action_reject(reason_id=self.reason.id)
        self.assertEqual(claim.state, "rejected")
        self.assertEqual(claim.amount_approved, 0.0)

    def test_claim_from_repair_order(self):
        repair = (
            self.env["repair.order"]
            .with_company(self.dealer_a)
            .create(
                {
                    "vehicle_id": self.vehicle_a.id,
                    "partner_id": self.customer_a.id,
                    "company_id": self.dealer_a.id,
                    "kia_wty_claim_type": "warranty",
                    "kia_payment_type": "warranty",
                    "move_ids": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.part_pump.id,
                                "product_uom_qty": 1,
                                "repair_line_type": "add",
                            },
                        )
                    ],
                }
            )
        )
        self.assertEqual(repair._kia_warranty_claim_type(), "warranty")
        action = repair.with_user(self.wadmin_a).action_kia_wty_create_claim()
        claim = self.env["kia.warranty.claim"].browse(action["res_id"])
        self.assertEqual(claim.vehicle_id, self.vehicle_a)
        self.assertEqual(claim.causal_product_id, self.part_pump)
        self.assertEqual(claim.line_ids.product_id, self.part_pump)
        self.assertEqual(claim.amount_total, 800.0)
        plain = repair.copy({"kia_wty_claim_type": False})
        with self.assertRaises(UserError):
            plain.with_user(self.wadmin_a).action_kia_wty_create_claim()
        self.assertFalse(plain.kia_wty_claim_ids)


@tagged("post_install", "-at_install")
@freeze_time("2026-01-12")
class TestClaimAccess(KiaWarrantyCase):
    def test_other_dealer_cannot_see_or_touch(self):
        claim = self.make_claim()
        Claim_b = self.env["kia.warranty.claim"].with_user(self.wadmin_b)
        self.assertFalse(Claim_b.search([]))
        with self.assertRaises(AccessError):
            Claim_b.browse(claim.id).read(["name"])
        with self.assertRaises(AccessError):
            Claim_b.browse(claim.id).write({"odometer": 1})
        self.assertEqual(claim.odometer, 12000)
        # Head office sees every dealer's claims.
        self.assertIn(claim, self.env["kia.warranty.claim"].with_user(self.reviewer).search([]))

    def test_dealer_cannot_approve(self):
        claim = self.make_claim()
        claim.action_submit()
        for user in (self.wadmin_a, self.reviewer_a, self.manager_a):
            with self.assertRaises(AccessError):
                claim.with_user(user).action_approve()
        with self.assertRaises(AccessError):
            claim.with_user(self.wadmin_a).write({"state": "approved"})
        with self.assertRaises(AccessError):
            claim.line_ids[0].with_user(self.wadmin_a).approved_amount = 1.0
        self.assertEqual(claim.state, "submitted")
        self.assertFalse(claim.amount_approved)
        self.assertFalse(claim.line_ids.filtered("approved_set"))

    def test_submitted_claim_locked(self):
        claim = self.make_claim()
        claim.action_submit()
        with self.assertRaises(UserError):
            claim.with_user(self.wadmin_a).write({"odometer": 5})
        with self.assertRaises(UserError):
            claim.line_ids[0].with_user(self.wadmin_a).write({"hours": 9})
        with self.assertRaises(UserError):
            claim.with_user(self.wadmin_a).unlink()
        self.assertEqual(claim.odometer, 12000)
        self.assertEqual(claim.line_ids[0].hours, 1.5)

    def test_advisor_reads_own_dealer_only(self):
        claim = self.make_claim()
        self.assertEqual(self.env["kia.warranty.claim"].with_user(self.advisor_a).search([]), claim)
        self.assertFalse(self.env["kia.warranty.claim"].with_user(self.advisor_b).search([]))
        self.assertTrue(make_vin(serial=101))
