from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
@freeze_time("2026-01-12")
class TestClaimReasonWizards(KiaWarrantyCase):
    """Head office's return and rejection ask their reason in a wizard; the claim's action
    refuses to go on without one."""

    def submitted_claim(self):
        claim = self.make_claim()
        claim.action_submit()
        return claim

    def wizard_form(self, model, claim, user=None):
        """The wizard as the claim form's button opens it (its action's context)."""
        return Form(
            self.env[model]
            .with_user(user or self.reviewer)
            .with_context(
                active_model="kia.warranty.claim",
                active_ids=claim.ids,
                default_claim_ids=claim.ids,
            )
        )

    def assert_unreviewed(self, claim):
        self.assertEqual(claim.state, "submitted")
        self.assertFalse(claim.reviewer_id)
        self.assertFalse(claim.review_date)
        self.assertFalse(claim.review_note)
        self.assertFalse(claim.reject_reason_id)

    def test_buttons_open_the_wizards(self):
        Claim = self.env["kia.warranty.claim"].with_user(self.reviewer)
        arch = Claim.get_views([(False, "form")])["views"]["form"]["arch"]
        for xmlid in ("kia_warranty_claim_return_action", "kia_warranty_claim_reject_action"):
            action = self.env.ref(f"kia_warranty.{xmlid}")
            self.assertEqual(action.target, "new")
            self.assertIn("default_claim_ids", action.context)
            self.assertIn(f'name="{action.id}"', arch)
        self.assertNotIn('name="action_return"', arch)
        self.assertNotIn('name="action_reject"', arch)

    def test_return_needs_what_to_correct(self):
        claim = self.submitted_claim()
        form = self.wizard_form("kia.warranty.claim.return", claim)
        with self.assertRaises(AssertionError):
            form.save()
        blank = (
            self.env["kia.warranty.claim.return"]
            .with_user(self.reviewer)
            .create({"claim_ids": claim.ids, "review_note": "  "})
        )
        with self.assertRaises(UserError):
            blank.action_return_apply()
        with self.assertRaises(UserError) as error:
            claim.with_user(self.reviewer).with_context(lang="zh_CN").action_return()
        self.assertIn("请在审核意见中写明经销商需修改的内容", str(error.exception))
        self.assert_unreviewed(claim)

        form.review_note = "Add the odometer photo."
        self.assertTrue(form.save().action_return_apply())
        self.assertEqual(claim.state, "returned")
        self.assertEqual(claim.review_note, "Add the odometer photo.")
        self.assertEqual(claim.reviewer_id, self.reviewer)
        self.assertIn("Add the odometer photo.", claim.message_ids[0].body)
        # The dealer corrects and submits again.
        claim.odometer = 12001
        claim.action_submit()
        self.assertEqual(claim.state, "submitted")

    def test_reject_needs_reason(self):
        claim = self.submitted_claim()
        form = self.wizard_form("kia.warranty.claim.reject", claim)
        with self.assertRaises(AssertionError):
            form.save()
        with self.assertRaises(UserError) as error:
            claim.with_user(self.reviewer).with_context(lang="zh_CN").action_reject()
        self.assertIn("请先选择拒赔原因", str(error.exception))
        with self.assertRaises(UserError):
            claim.with_user(self.reviewer).action_reject(reason_id=self.code_failure.id)
        self.assert_unreviewed(claim)

        form.reject_reason_id = self.reason
        form.review_note = "Non-genuine coolant found in the system."
        self.assertTrue(form.save().action_reject_apply())
        self.assertEqual(claim.state, "rejected")
        self.assertEqual(claim.reject_reason_id, self.reason)
        self.assertEqual(claim.amount_approved, 0.0)
        self.assertEqual(claim.reviewer_id, self.reviewer)
        self.assertEqual(claim.review_note, "Non-genuine coolant found in the system.")
        self.assertIn("Non-genuine coolant", claim.message_ids[0].body)

    def test_dealer_cannot_use_the_wizards(self):
        claim = self.submitted_claim()
        for model, vals in (
            ("kia.warranty.claim.return", {"review_note": "Fix it."}),
            ("kia.warranty.claim.reject", {"reject_reason_id": self.reason.id}),
        ):
            with self.assertRaises(AccessError):
                self.env[model].with_user(self.wadmin_a).create({"claim_ids": claim.ids, **vals})
        # A dealer user holding the reviewer role reaches the wizard but not the decision.
        wizard = (
            self.env["kia.warranty.claim.reject"]
            .with_user(self.reviewer_a)
            .create({"claim_ids": claim.ids, "reject_reason_id": self.reason.id})
        )
        with self.assertRaises(AccessError):
            wizard.action_reject_apply()
        self.assert_unreviewed(claim)
