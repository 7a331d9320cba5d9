import base64

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestClaimReject(KiaPartsCase):
    """Head office rejects a parts claim only with a reason, asked by a small wizard."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.pay_deposit(cls.dealer_a, 100000.0)

    def _submitted_claim(self):
        order = self.make_order(self.clerk_a, [(self.oil_filter, 10, 30.0)])
        order.with_user(self.clerk_a).button_confirm()
        picking = order.picking_ids.with_user(self.clerk_a)
        picking.move_ids.quantity = 10
        picking.move_ids.picked = True
        picking.kia_discrepancy_ids = [
            (0, 0, {"product_id": self.oil_filter.id, "discrepancy_type": "damaged", "quantity": 1})
        ]
        picking.button_validate()
        claim = picking.kia_claim_ids
        self.env["ir.attachment"].create(
            {
                "name": "filter.jpg",
                "datas": base64.b64encode(b"photo"),
                "res_model": claim._name,
                "res_id": claim.id,
            }
        )
        claim.with_user(self.clerk_a).action_submit()
        self.assertEqual(claim.state, "submitted")
        return claim.with_user(self.hq_parts).with_context(
            allowed_company_ids=[self.hq.id, self.dealer_a.id]
        )

    def test_reject_without_reason_refused(self):
        claim = self._submitted_claim()
        for reason in (None, "", "   "):
            with self.assertRaises(UserError):
                claim.action_reject(reason=reason)
            self.assertEqual(claim.state, "submitted")
            self.assertFalse(claim.decision_note)

    def test_reject_wizard_records_the_reason(self):
        claim = self._submitted_claim()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_parts.kia_parts_claim_reject_action"
        )
        self.assertEqual(action["res_model"], "kia.parts.claim.reject")
        wizard_env = claim.with_context(active_ids=claim.ids, default_claim_ids=claim.ids).env
        with Form(wizard_env["kia.parts.claim.reject"]) as form:
            form.reason = "Damage caused at the dealer's unloading, not in transport."
        self.assertTrue(form.record.action_reject())
        self.assertEqual(claim.state, "rejected")
        self.assertEqual(
            claim.decision_note, "Damage caused at the dealer's unloading, not in transport."
        )

    def test_dealer_cannot_reject(self):
        claim = (
            self._submitted_claim()
            .with_user(self.clerk_a)
            .with_context(allowed_company_ids=self.dealer_a.ids)
        )
        with self.assertRaises(UserError):
            claim.action_reject(reason="We changed our mind")
        self.assertEqual(claim.state, "submitted")
        self.assertFalse(claim.decision_note)
