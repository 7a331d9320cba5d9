import json

from odoo.tests import tagged

from .common import HealthRecordCase


@tagged("post_install", "-at_install")
class TestHealthRecordCorrection(HealthRecordCase):
    """A customer-paid repair order settled by its invoice at delivery; a credit note sends an
    amended record to the platform's correction call, linked to the original."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.chart.template"].try_loading(
            "cn", company=cls.dealer_a, install_demo=False
        )
        cls.labor = cls.env["product.product"].create(
            {
                "name": "Labor A",
                "type": "service",
                "uom_id": cls.env.ref("uom.product_uom_hour").id,
                "uom_po_id": cls.env.ref("uom.product_uom_hour").id,
            }
        )
        cls.dealer_a.kia_labor_product_id = cls.labor
        cls.accountant = cls.make_user(
            "t_accountant_a", "account.group_account_invoice", cls.dealer_a
        )

    def invoiced_repair(self):
        repair = self.create_repair(odometer=40000)
        repair.with_user(self.advisor_a).action_validate()
        self.work_repair(repair)
        repair.with_user(self.qc_a).action_kia_qc_pass()
        repair.with_user(self.advisor_a).action_create_sale_order()
        repair.kia_sale_order_ids.with_user(self.advisor_a).action_confirm()
        self.assertFalse(repair.kia_health_record_ids, "not settled before delivery")
        # The customer's share leaves on credit: delivery posts the invoice, left open.
        repair.with_user(self.manager_a).action_kia_approve_credit("other", "月结")
        repair.with_user(self.advisor_a).action_kia_deliver()
        return repair

    def credit(self, invoice):
        """The accountant (no Kia role) credits the invoice through Odoo's wizard and posts."""
        reversal = (
            self.env["account.move.reversal"]
            .with_user(self.accountant)
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"reason": "配件退货", "journal_id": invoice.journal_id.id})
        )
        reversal.refund_moves()
        credit = invoice.reversal_move_ids
        self.assertEqual(credit.state, "draft")
        credit.with_user(self.accountant).action_post()
        return credit

    def test_invoice_at_delivery_settles_and_credit_note_corrects(self):
        repair = self.invoiced_repair()
        invoice = repair.kia_sale_order_ids.invoice_ids
        self.assertEqual(invoice.state, "posted")
        original = repair.kia_health_record_ids
        self.assertEqual(len(original), 1)
        self.assertEqual(original.kind, "original")
        self.send()
        self.assertEqual(original.state, "accepted")
        # The accountant credits the invoice: an amended record is queued.
        credit = self.credit(invoice)
        correction = repair.kia_health_record_ids - original
        self.assertEqual(len(correction), 1)
        self.assertEqual(correction.kind, "correction")
        self.assertEqual(correction.original_id, original)
        self.assertEqual(correction.revision, 1)
        self.assertIn(credit.name, correction.correction_reason)
        self.assertEqual(correction.settlement_number, original.settlement_number)
        self.assertEqual(json.loads(correction.payload)["revision"], 1)
        self.assertEqual(original.correction_ids, correction)
        self.send()
        self.assertEqual(correction.state, "accepted")
        self.assertEqual(original.state, "accepted")
        self.assertEqual(self.server.calls["correction"], 1)
        self.assertEqual(list(self.server.corrections), [(repair.name, 1)])
        self.assertEqual(self.server.stored[repair.name], 1, "the original is not sent again")

    def test_change_before_upload_rebuilds_the_record(self):
        """A record not yet on the platform is rebuilt, not corrected."""
        repair = self.invoiced_repair()
        record = repair.kia_health_record_ids
        invoice = repair.kia_sale_order_ids.invoice_ids
        self.credit(invoice)
        self.assertEqual(repair.kia_health_record_ids, record)
        self.assertEqual(record.state, "pending")

    def test_correction_waits_for_its_original(self):
        repair = self.invoiced_repair()
        original = repair.kia_health_record_ids
        self.server.faults.append("500")
        self.send()
        self.assertEqual(original.state, "retrying")
        self.credit(repair.kia_sale_order_ids.invoice_ids)
        correction = repair.kia_health_record_ids - original
        self.assertEqual(correction.kind, "correction", "the original may be on the platform")
        self.send()  # the original is not due yet, the correction waits for it
        self.assertEqual(self.server.calls["correction"], 0)
        self.assertEqual(correction.state, "pending")
