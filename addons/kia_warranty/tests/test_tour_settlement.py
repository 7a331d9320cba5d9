from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.kia_service.tests.service_common import warm_assets

from .test_settlement import KiaSettlementCase


@tagged("post_install", "-at_install")
class TestSettlementTour(KiaSettlementCase, HttpCase):
    """Head office's accountant in Chromium opens a dealer's statement of settled claims,
    confirms it and pays it in one payment; the dealer's accountant then receives it."""

    TIMEOUT = 240

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The steps read English labels.
        cls.env["res.lang"]._activate_lang("en_US")
        (cls.hq_acc | cls.acc_a).write({"lang": "en_US"})

    def test_hq_accountant_pays_statement(self):
        today = fields.Date.context_today(self.env["kia.warranty.settlement"])
        claims = self.settle(2, repair_date=today - timedelta(days=2))
        statement = self.statement(date_from=today - timedelta(days=30), date_to=today)
        self.assertEqual(statement.state, "draft")
        warm_assets(self, "t_hq_acc", "/odoo")
        self.start_tour(
            "/odoo/action-kia_warranty.kia_warranty_settlement_action",
            "kia_warranty_settlement_pay",
            login="t_hq_acc",
            timeout=self.TIMEOUT,
        )
        statement.invalidate_recordset()
        self.assertEqual(statement.state, "paid")
        self.assertEqual(statement.confirmed_by_id, self.hq_acc)
        bills = statement.line_ids.hq_move_id
        self.assertEqual(
            bills,
            self.env["account.move"].search([("auto_invoice_id", "in", claims.invoice_id.ids)]),
        )
        self.assertEqual(len(bills), 2)
        payment = statement.payment_id
        total = sum(claims.invoice_id.mapped("amount_total"))
        self.assertEqual(len(payment), 1)
        self.assertEqual(
            (payment.company_id, payment.partner_id, payment.payment_type),
            (self.hq, self.dealer_a.partner_id, "outbound"),
        )
        self.assertEqual(payment.amount, total)
        self.assertEqual(statement.amount_total, total)
        self.assertTrue(all(bill.payment_state in ("paid", "in_payment") for bill in bills))
        self.assertFalse(sum(bills.mapped("amount_residual")))
        # The dealer's accountant receives the payment: one inbound payment for every invoice.
        statement.with_user(self.acc_a).action_receive()
        receipt = statement.dealer_payment_id
        self.assertEqual(statement.state, "received")
        self.assertEqual(
            (receipt.company_id, receipt.partner_id, receipt.payment_type, receipt.amount),
            (self.dealer_a, self.hq.partner_id, "inbound", total),
        )
        invoices = claims.invoice_id
        self.assertTrue(all(inv.payment_state in ("paid", "in_payment") for inv in invoices))
        self.assertFalse(sum(invoices.mapped("amount_residual")))
