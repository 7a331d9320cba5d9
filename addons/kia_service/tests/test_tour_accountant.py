from odoo import fields
from odoo.tests import HttpCase, tagged

from .service_common import warm_assets
from .test_repair_settlement import RepairSettlementCase


@tagged("post_install", "-at_install")
class TestAccountantTour(RepairSettlementCase, HttpCase):
    """The dealer accountant's day in Chromium: post the draft invoice of a settled repair
    order, collect the customer's payment, record the fapiao; then the car can leave."""

    TIMEOUT = 240

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        (cls.accountant_a | cls.advisor_a).write({"lang": "en_US"})
        cls.dealer_a.kia_ro_invoice_auto_post = False

    def test_accountant_day(self):
        repair = self._customer_repair()
        repair.with_user(self.advisor_a).action_kia_settle()
        invoice = self._invoices(repair, self.customer_a)
        self.assertEqual(invoice.state, "draft")
        self.assertEqual(repair.kia_payment_state, "draft")
        url = f"/odoo/action-account.action_move_out_invoice_type/{invoice.id}"
        warm_assets(self, "t_accountant_a", "/odoo")
        self.start_tour(url, "kia_accountant_day", login="t_accountant_a", timeout=self.TIMEOUT)
        self.assertEqual(invoice.state, "posted")
        self.assertIn(invoice.payment_state, ("paid", "in_payment"))
        self.assertEqual(invoice.kia_fapiao_type, "general")
        self.assertEqual(invoice.kia_fapiao_number, "26312000000000004321")
        self.assertEqual(invoice.kia_fapiao_date, fields.Date.to_date("2026-12-01"))
        payment = invoice.matched_payment_ids or invoice._get_reconciled_payments()
        self.assertEqual(payment.partner_id, self.customer_a)
        self.assertAlmostEqual(sum(payment.mapped("amount")), 460.0)
        self.assertEqual(repair.kia_payment_state, "paid")
        repair.with_user(self.advisor_a).action_kia_deliver()
        self.assertTrue(repair.kia_delivery_date)
