"""Authority over the parts money and stock: every state, stamp, posted amount and head-office
decision changes only through its action, by the role that owns it; a direct write or create
as a dealer's user is refused and changes nothing."""

import base64

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KiaPartsCase


class KiaPartsAuthorityCase(KiaPartsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer_roles = {
            "clerk": cls.clerk_a,
            "parts manager": cls.parts_manager_a,
            "accountant": cls.accountant_a,
        }
        cls.hq_env_companies = (cls.hq | cls.dealer_a | cls.dealer_b).ids

    def as_hq(self, records):
        return records.with_user(self.hq_parts).with_context(
            allowed_company_ids=self.hq_env_companies
        )

    def assertRefused(self, record, vals, *words, user=None):
        """``record.write(vals)`` as ``user`` is refused, the message holds ``words``, and the
        record reads as before."""
        record.invalidate_recordset()
        before = record.read(list(vals))[0]
        with self.assertRaises(AccessError) as error:
            if user:
                record = record.with_user(user).with_context(
                    allowed_company_ids=user.company_ids.ids
                )
            record.write(vals)
        for word in words:
            self.assertIn(word, str(error.exception))
        record.invalidate_recordset()
        self.assertEqual(record.read(list(vals))[0], before)
        return error.exception


@tagged("post_install", "-at_install")
class TestDepositAuthority(KiaPartsAuthorityCase):
    def test_dealer_payment_is_a_declaration_until_hq_confirms(self):
        self.pay_deposit(self.dealer_a, 1000.0)
        line = (
            self.env["kia.parts.deposit.line"]
            .with_user(self.accountant_a)
            .create({"company_id": self.dealer_a.id, "amount": 99999.0})
        )
        # the dealer's accountant declares the payment, not its parts staff
        for user in (self.parts_manager_a, self.clerk_a):
            with self.assertRaises(AccessError):
                line.with_user(user).action_post()
            self.assertEqual(line.state, "draft")
        line.action_post()
        self.assertEqual(line.state, "declared")
        self.assertEqual(line.declared_by_id, self.accountant_a)
        self.assertFalse(line.move_id)
        self.dealer_a.invalidate_recordset()
        self.assertEqual(self.dealer_a.kia_parts_deposit_balance, 1000.0)
        self.assertEqual(self.dealer_a.kia_parts_credit_open, 2000.0)
        # the dealer cannot confirm its own payment
        with self.assertRaises(AccessError):
            line.action_confirm_receipt()
        self.assertEqual(line.state, "declared")
        self.as_hq(line).action_confirm_receipt()
        self.assertEqual(line.state, "posted")
        self.assertEqual(line.confirmed_by_id, self.hq_parts)
        self.assertEqual(line.move_id.state, "posted")
        self.dealer_a.invalidate_recordset()
        self.assertEqual(self.dealer_a.kia_parts_deposit_balance, 100999.0)

    def test_dealer_cannot_create_posted_or_hq_lines(self):
        Line = self.env["kia.parts.deposit.line"]
        for role, user in (("parts manager", self.parts_manager_a), ("acc", self.accountant_a)):
            with self.subTest(role=role):
                for vals, word in (
                    ({"state": "posted"}, "Post"),
                    ({"confirmed_by_id": self.hq_parts.id}, "Confirm Receipt"),
                    ({"move_id": self.env["account.move"].search([], limit=1).id}, "Post"),
                ):
                    with self.assertRaises(AccessError) as error:
                        Line.with_user(user).create(
                            dict(vals, company_id=self.dealer_a.id, amount=5000.0)
                        )
                    self.assertIn(word, str(error.exception))
                for line_type in ("penalty", "deduction", "refund"):
                    with self.assertRaises(AccessError):
                        Line.with_user(user).create(
                            {"company_id": self.dealer_a.id, "amount": 1.0, "line_type": line_type}
                        )
        self.assertFalse(Line.search([("company_id", "=", self.dealer_a.id)]))

    def test_posted_line_is_immutable_and_reversed(self):
        line = self.pay_deposit(self.dealer_a, 1000.0, user=self.accountant_a)
        for role, user in self.dealer_roles.items():
            with self.subTest(role=role):
                for vals in (
                    {"amount": 100000.0},
                    {"line_type": "refund"},
                    {"date": "2020-01-01"},
                    {"state": "cancel"},
                    {"state": "draft"},
                    {"confirmed_by_id": user.id},
                    {"confirmed_date": "2020-01-01 00:00:00"},
                    {"signed_amount": 50.0},
                ):
                    self.assertRefused(line, vals, user=user)
        # head office does not edit a posted line either: it reverses it
        self.assertRefused(self.as_hq(line), {"amount": 1.0}, "reversing line")
        with self.assertRaises(UserError):
            line.with_user(self.accountant_a).action_cancel()
        for user in (self.parts_manager_a, self.accountant_a):
            with self.assertRaises(AccessError):
                line.with_user(user).action_reverse()
        self.assertEqual(line.state, "posted")
        self.as_hq(line).action_reverse()
        reversal = line.reversed_by_id
        self.assertEqual(reversal.reversal_of_id, line)
        self.assertEqual(reversal.signed_amount, -1000.0)
        self.assertEqual(reversal.state, "posted")
        self.assertEqual(line.state, "posted")
        self.assertEqual(reversal.move_id.reversed_entry_id, line.move_id)
        self.dealer_a.invalidate_recordset()
        self.assertEqual(self.dealer_a.kia_parts_deposit_balance, 0.0)
        with self.assertRaises(UserError):
            self.as_hq(line).action_reverse()

    def test_dealer_cannot_cancel_or_edit_hq_penalty(self):
        self.pay_deposit(self.dealer_a, 1000.0)
        draft_penalty = self.as_hq(self.env["kia.parts.deposit.line"]).create(
            {"company_id": self.dealer_a.id, "amount": 300.0, "line_type": "penalty"}
        )
        penalty = self.pay_deposit(self.dealer_a, 200.0, "penalty")
        for role, user in (("pm", self.parts_manager_a), ("acc", self.accountant_a)):
            with self.subTest(role=role):
                for record in (draft_penalty, penalty):
                    with self.assertRaises(AccessError):
                        record.with_user(user).action_cancel()
                    self.assertRefused(record, {"note": "not ours"}, user=user)
                self.assertRefused(draft_penalty, {"amount": 1.0}, "head office", user=user)
                with self.assertRaises(AccessError):
                    draft_penalty.with_user(user).action_post()
        self.assertEqual(draft_penalty.state, "draft")
        self.assertEqual(penalty.state, "posted")
        self.dealer_a.invalidate_recordset()
        self.assertEqual(self.dealer_a.kia_parts_deposit_balance, 800.0)

    def test_refusal_in_chinese(self):
        line = self.pay_deposit(self.dealer_a, 10.0)
        error = self.assertRefused(
            line.with_context(lang="zh_CN"), {"state": "cancel"}, user=self.parts_manager_a
        )
        self.assertRegex(str(error), "[\u4e00-\u9fff]")


@tagged("post_install", "-at_install")
class TestOrderAuthority(KiaPartsAuthorityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.settings(cls.hq).action_kia_parts_setup_intercompany(cls.hq_parts)
        cls.pay_deposit(cls.dealer_a, 1000.0)  # credit 2000

    def _hq_sale(self, order):
        return (
            self.env["sale.order"]
            .with_context(active_test=False)
            .search([("auto_purchase_order_id", "=", order.id)])
        )

    def test_clerk_cannot_write_release_stamps(self):
        order = self.make_order(self.clerk_a, [(self.bumper, 2, 2000.0)])
        for role, user in self.dealer_roles.items():
            with self.subTest(role=role):
                for vals, word in (
                    ({"kia_credit_released_by_id": self.hq_parts.id}, "Release Credit"),
                    ({"kia_credit_released_date": "2026-01-01 00:00:00"}, "Release Credit"),
                    ({"kia_credit_checked_date": "2026-01-01 00:00:00"}, "Confirm Order"),
                    ({"state": "purchase"}, "Confirm Order"),
                ):
                    self.assertRefused(order, vals, word, user=user)
        with self.assertRaises(AccessError):
            self.make_order(
                self.clerk_a,
                [(self.bumper, 2, 2000.0)],
                kia_credit_released_by_id=self.hq_parts.id,
            )
        with self.assertRaises(UserError):
            order.with_user(self.clerk_a).button_confirm()
        self.assertEqual(order.state, "draft")

    def test_button_approve_runs_the_credit_gate(self):
        order = self.make_order(self.clerk_a, [(self.bumper, 2, 2000.0)])
        with self.assertRaises(UserError) as error:
            order.with_user(self.clerk_a).button_approve()
        self.assertIn("exceeds the open parts credit", str(error.exception))
        self.assertEqual(order.state, "draft")
        self.assertFalse(self._hq_sale(order))
        self.assertFalse(order.picking_ids)

    def test_dealer_typed_price_does_not_reach_hq(self):
        order = self.make_order(self.clerk_a, [(self.bumper, 2, 1.0)])
        order.order_line.taxes_id = False
        # at head office's price the order (4000) is beyond the credit (2000)
        with self.assertRaises(UserError):
            order.with_user(self.clerk_a).button_confirm()
        self.assertFalse(self._hq_sale(order))
        self.pay_deposit(self.dealer_a, 10000.0)
        order.with_user(self.clerk_a).button_confirm()
        self.assertEqual(order.state, "purchase")
        self.assertEqual(order.order_line.price_unit, 2000.0)
        sale = self._hq_sale(order)
        self.assertEqual(sale.order_line.price_unit, self.bumper.kia_dealer_price)
        self.assertEqual(sale.order_line.discount, 0.0)

    def test_surcharge_at_hq_prices(self):
        self.pay_deposit(self.dealer_a, 10000.0)
        order = self.make_order(self.clerk_a, [(self.brake_pad, 1, 1.0)], order_type="emergency")
        order.with_user(self.clerk_a).action_kia_add_surcharge()
        order.order_line.taxes_id = False
        order.with_user(self.clerk_a).button_confirm()
        sale = self._hq_sale(order)
        surcharge = self.env.ref("kia_parts.product_parts_surcharge")
        self.assertEqual(
            sale.order_line.filtered(lambda line: line.product_id == surcharge).price_unit,
            400.0 * order.kia_surcharge_pct / 100.0,
        )


@tagged("post_install", "-at_install")
class TestStocktakeAuthority(KiaPartsAuthorityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.put_in_stock(cls.brake_pad, cls.stock_a, 10)

    def _stocktake(self):
        stocktake = (
            self.env["kia.parts.stocktake"]
            .with_user(self.clerk_a)
            .create({"location_id": self.stock_a.id})
        )
        stocktake.action_start()
        return stocktake

    def test_clerk_cannot_write_book_quantity(self):
        stocktake = self._stocktake()
        line = stocktake.line_ids
        self.assertEqual(line.theoretical_qty, 10.0)
        line.counted_qty = 5
        for role, user in self.dealer_roles.items():
            with self.subTest(role=role):
                self.assertRefused(line, {"theoretical_qty": 5.0}, "Start", user=user)
                self.assertRefused(line, {"over_tolerance": False}, user=user)
                self.assertRefused(line, {"variance_qty": 0.0}, user=user)
        self.assertTrue(line.over_tolerance)
        with self.assertRaises(AccessError):
            self.env["kia.parts.stocktake.line"].with_user(self.clerk_a).create(
                {
                    "stocktake_id": stocktake.id,
                    "product_id": self.oil_filter.id,
                    "location_id": self.stock_a.id,
                    "theoretical_qty": 7.0,
                    "counted_qty": 7.0,
                }
            )
        with self.assertRaises(AccessError):
            line.with_user(self.clerk_a).product_id = self.oil_filter
        stocktake.with_user(self.clerk_a).action_submit()
        self.assertEqual(stocktake.state, "to_approve")

    def test_states_and_stamps_only_through_actions(self):
        stocktake = self._stocktake()
        stocktake.line_ids.counted_qty = 5
        for role, user in self.dealer_roles.items():
            with self.subTest(role=role):
                for vals in (
                    {"state": "done"},
                    {"state": "to_approve"},
                    {"approved_by_id": self.parts_manager_a.id},
                    {"submitted_by_id": self.parts_manager_a.id},
                ):
                    self.assertRefused(stocktake, vals, user=user)
        with self.assertRaises(AccessError):
            self.env["kia.parts.stocktake"].with_user(self.clerk_a).create(
                {"location_id": self.stock_a.id, "state": "done"}
            )
        stocktake.with_user(self.clerk_a).action_submit()
        self.assertEqual(stocktake.submitted_by_id, self.clerk_a)
        # the counts are frozen once submitted: the clerk cannot lower the variance
        with self.assertRaises(AccessError):
            stocktake.line_ids.with_user(self.clerk_a).counted_qty = 10
        with self.assertRaises(AccessError):
            stocktake.line_ids.with_user(self.clerk_a).unlink()
        self.assertEqual(stocktake.line_ids.counted_qty, 5)
        with self.assertRaises(AccessError):
            stocktake.with_user(self.clerk_a).action_approve()
        with self.assertRaises(UserError):
            stocktake.with_user(self.clerk_a).action_cancel()
        stocktake.with_user(self.parts_manager_a).action_approve()
        self.assertEqual(stocktake.state, "done")
        self.assertEqual(self.brake_pad.with_company(self.dealer_a).qty_available, 5)


@tagged("post_install", "-at_install")
class TestStocktakeContextKey(KiaPartsAuthorityCase):
    """The context key a client sends no longer drops a picking's valuation entry."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_accounts(
            cls.dealer_a,
            kia_parts_stock_account_id=("140500", "Merchandise Inventory", "asset_current"),
            kia_parts_stock_input_account_id=("140200", "Materials in Transit", "asset_current"),
            kia_parts_stock_output_account_id=("640100", "Main Costs", "expense_direct_cost"),
            kia_parts_count_account_id=("190101", "Pending Gains and Losses", "asset_current"),
        )
        cls.settings(cls.dealer_a).action_kia_parts_setup_valuation()
        cls.part = cls.make_part("T28113-F2000", "Air filter", "maintenance", 30.0)
        cls.pay_deposit(cls.dealer_a, 100000.0)

    def test_receipt_with_stocktake_context_keeps_its_entry(self):
        stocktake = (
            self.env["kia.parts.stocktake"]
            .with_user(self.clerk_a)
            .create({"location_id": self.stock_a.id})
        )
        order = self.make_order(self.clerk_a, [(self.part, 10, 30.0)])
        order.with_user(self.clerk_a).button_confirm()
        receipt = order.picking_ids.with_user(self.clerk_a).with_context(
            kia_stocktake_id=stocktake.id
        )
        receipt.move_ids.quantity = 10
        receipt.move_ids.picked = True
        receipt.button_validate()
        layer = receipt.move_ids.stock_valuation_layer_ids
        self.assertEqual(layer.value, 300.0)
        self.assertTrue(layer.account_move_id, "the receipt's valuation entry was dropped")
        self.assertEqual(layer.account_move_id.state, "posted")
        self.assertFalse(receipt.move_ids.kia_stocktake_id)


@tagged("post_install", "-at_install")
class TestClaimAuthority(KiaPartsAuthorityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pay_deposit(cls.dealer_a, 100000.0)

    def _claim(self):
        order = self.make_order(self.clerk_a, [(self.oil_filter, 10, 30.0)])
        order.with_user(self.clerk_a).button_confirm()
        picking = order.picking_ids.with_user(self.clerk_a)
        picking.move_ids.quantity = 8
        picking.move_ids.picked = True
        picking.kia_discrepancy_ids = [
            (0, 0, {"product_id": self.oil_filter.id, "discrepancy_type": "short", "quantity": 2})
        ]
        picking.with_context(cancel_backorder=True)._action_done()
        return picking.kia_claim_ids.with_user(self.clerk_a)

    def test_dealer_cannot_decide_or_settle(self):
        claim = self._claim()
        for role, user in self.dealer_roles.items():
            with self.subTest(role=role):
                for vals, word in (
                    ({"state": "approved"}, "decision"),
                    ({"state": "submitted"}, "Submit"),
                    ({"decided_by_id": self.hq_parts.id}, "Approve"),
                    ({"amount": 99999.0}, "draft claim"),
                    ({"receipt_date": "2099-01-01"}, "receipt"),
                    ({"decision_note": "we approve ourselves"}, "head office"),
                ):
                    self.assertRefused(claim, vals, word, user=user)
        # settle needs head office, and an approved claim
        with self.assertRaises(AccessError):
            claim.action_settle()
        claim.action_submit()
        with self.assertRaises(AccessError):
            claim.action_approve()
        with self.assertRaises(AccessError):
            claim.write({"settlement_type": "replacement"})
        hq_claim = self.as_hq(claim)
        hq_claim.settlement_type = "replacement"
        with self.assertRaises(UserError):
            hq_claim.action_settle()
        self.assertEqual(claim.state, "submitted")
        self.assertFalse(claim.replacement_order_id)
        # the lines head office decides on are frozen
        with self.assertRaises(AccessError):
            claim.discrepancy_ids.with_user(self.clerk_a).quantity = 20
        with self.assertRaises(AccessError):
            claim.discrepancy_ids.with_user(self.clerk_a).price_unit = 999.0
        self.assertEqual(claim.amount, 60.0)
        hq_claim.action_approve()
        self.assertEqual(claim.decided_by_id, self.hq_parts)
        hq_claim.action_settle()
        replacement = claim.replacement_order_id
        self.assertEqual(replacement.kia_claim_id, claim)
        self.assertEqual(replacement.amount_total, 0.0)
        self.assertRefused(claim, {"settlement_type": "credit_note"})
        with self.assertRaises(AccessError):
            replacement.with_user(self.clerk_a).kia_claim_id = False
        # the free replacement stays free at head office's prices
        replacement.with_user(self.clerk_a).button_confirm()
        self.assertEqual(replacement.amount_total, 0.0)


@tagged("post_install", "-at_install")
class TestToleranceAuthority(KiaPartsAuthorityCase):
    def test_network_tolerance_is_head_offices(self):
        Tolerance = self.env["kia.parts.variance.tolerance"]
        network = Tolerance.create(
            {"company_id": False, "part_category": "repair", "tolerance_pct": 3.0}
        )
        with self.assertRaises(AccessError):
            network.with_user(self.parts_manager_a).tolerance_pct = 50.0
        with self.assertRaises(AccessError):
            network.with_user(self.parts_manager_a).unlink()
        with self.assertRaises(AccessError):
            Tolerance.with_user(self.parts_manager_a).create(
                {"company_id": False, "part_category": "body", "tolerance_pct": 50.0}
            )
        self.assertEqual(network.tolerance_pct, 3.0)
        # a dealer's own tolerance may only be stricter than head office's
        with self.assertRaises(ValidationError):
            Tolerance.with_user(self.parts_manager_a).create(
                {"company_id": self.dealer_a.id, "part_category": "repair", "tolerance_pct": 9.0}
            )
        own = Tolerance.with_user(self.parts_manager_a).create(
            {"company_id": self.dealer_a.id, "part_category": "repair", "tolerance_pct": 1.0}
        )
        self.assertEqual(
            Tolerance._kia_tolerances(self.dealer_a | self.dealer_b),
            {self.dealer_a.id: {"repair": 1.0}, self.dealer_b.id: {"repair": 3.0}},
        )
        self.as_hq(network).tolerance_pct = 4.0
        self.assertEqual(own.tolerance_pct, 1.0)


@tagged("post_install", "-at_install")
class TestPartsRoleWalks(KiaPartsAuthorityCase):
    """What each parts role may do, through the actions, as that user."""

    def test_clerk_counts_orders_and_claims(self):
        self.pay_deposit(self.dealer_a, 100000.0)
        self.put_in_stock(self.oil_filter, self.stock_a, 50)
        stocktake = (
            self.env["kia.parts.stocktake"]
            .with_user(self.clerk_a)
            .create({"location_id": self.stock_a.id})
        )
        stocktake.action_start()
        stocktake.line_ids.action_count_as_book()
        stocktake.action_submit()
        self.assertEqual(stocktake.state, "done")
        order = self.make_order(self.clerk_a, [(self.oil_filter, 10, 30.0)])
        self.assertTrue(order.with_user(self.clerk_a).button_confirm())
        picking = order.picking_ids.with_user(self.clerk_a)
        picking.move_ids.quantity = 9
        picking.move_ids.picked = True
        picking.kia_discrepancy_ids = [
            (0, 0, {"product_id": self.oil_filter.id, "discrepancy_type": "short", "quantity": 1})
        ]
        picking.with_context(cancel_backorder=True)._action_done()
        claim = picking.kia_claim_ids.with_user(self.clerk_a)
        self.assertTrue(claim.action_submit())
        self.assertEqual(claim.state, "submitted")
        # the clerk reads the ledger, does not write it
        with self.assertRaises(AccessError):
            self.env["kia.parts.deposit.line"].with_user(self.clerk_a).create(
                {"company_id": self.dealer_a.id, "amount": 1.0}
            )

    def test_accountant_declares_payments_parts_manager_approves_variances(self):
        Line = self.env["kia.parts.deposit.line"].with_user(self.accountant_a)
        line = Line.create({"company_id": self.dealer_a.id, "amount": 5000.0})
        self.assertTrue(line.action_post())
        withdrawn = Line.create({"company_id": self.dealer_a.id, "amount": 10.0})
        withdrawn.action_post()
        self.assertTrue(withdrawn.action_cancel())
        self.assertEqual(withdrawn.state, "cancel")
        self.put_in_stock(self.brake_pad, self.stock_a, 10)
        stocktake = (
            self.env["kia.parts.stocktake"]
            .with_user(self.clerk_a)
            .create({"location_id": self.stock_a.id})
        )
        stocktake.action_start()
        stocktake.line_ids.counted_qty = 8
        stocktake.action_submit()
        self.assertTrue(stocktake.with_user(self.parts_manager_a).action_approve())
        self.assertEqual(stocktake.approved_by_id, self.parts_manager_a)

    def test_hq_parts_officer_confirms_releases_decides(self):
        line = (
            self.env["kia.parts.deposit.line"]
            .with_user(self.accountant_a)
            .create({"company_id": self.dealer_a.id, "amount": 500.0})
        )
        line.action_post()
        self.assertTrue(self.as_hq(line).action_confirm_receipt())
        penalty = self.as_hq(self.env["kia.parts.deposit.line"]).create(
            {"company_id": self.dealer_a.id, "amount": 100.0, "line_type": "penalty"}
        )
        self.assertTrue(penalty.action_post())
        self.assertTrue(penalty.action_reverse())
        order = self.make_order(self.clerk_a, [(self.bumper, 2, 2000.0)])
        self.assertTrue(self.as_hq(order).action_kia_release_credit())
        self.assertEqual(order.kia_credit_released_by_id, self.hq_parts)
        self.assertTrue(order.with_user(self.clerk_a).button_confirm())
        self.assertEqual(order.state, "purchase")


@tagged("post_install", "-at_install")
class TestClaimEvidence(KiaPartsAuthorityCase):
    def test_attachment_on_draft_claim_still_allowed(self):
        self.pay_deposit(self.dealer_a, 100000.0)
        order = self.make_order(self.clerk_a, [(self.oil_filter, 2, 30.0)])
        order.with_user(self.clerk_a).button_confirm()
        picking = order.picking_ids.with_user(self.clerk_a)
        picking.move_ids.quantity = 2
        picking.move_ids.picked = True
        picking.kia_discrepancy_ids = [
            (
                0,
                0,
                {
                    "product_id": self.oil_filter.id,
                    "discrepancy_type": "wrong",
                    "quantity": 1,
                    "received_product_id": self.brake_pad.id,
                },
            )
        ]
        picking.button_validate()
        claim = picking.kia_claim_ids.with_user(self.clerk_a)
        self.env["ir.attachment"].with_user(self.clerk_a).create(
            {
                "name": "wrong.jpg",
                "datas": base64.b64encode(b"x"),
                "res_model": claim._name,
                "res_id": claim.id,
            }
        )
        self.assertTrue(claim.action_submit())
