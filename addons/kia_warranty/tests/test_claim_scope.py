from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestClaimScope(KiaWarrantyCase):
    """Only an outlet head office authorised for warranty files claims."""

    @freeze_time("2026-01-12 02:00:00")
    def test_claim_outside_scope_refused(self):
        Claim = self.env["kia.warranty.claim"]
        draft = self.make_claim()
        self.dealer_a.with_user(self.hq_manager).write({"kia_scope_warranty": False})
        before = Claim.search_count([])
        with self.assertRaises(ValidationError) as refused:
            self.make_claim()
        self.assertIn("not authorised for warranty claims", str(refused.exception))
        self.assertEqual(Claim.search_count([]), before, "nothing written")
        # A claim drafted before the authorisation was withdrawn is not submitted.
        with self.assertRaisesRegex(ValidationError, "not authorised for warranty claims"):
            draft.with_user(self.wadmin_a).action_submit()
        self.assertEqual(draft.state, "draft")
        self.dealer_a.with_user(self.hq_manager).write({"kia_scope_warranty": True})
        draft.with_user(self.wadmin_a).action_submit()
        self.assertEqual(draft.state, "submitted")
