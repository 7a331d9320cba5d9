import json

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .portal_common import KiaPortalCase
from .service_common import customer_signature


@tagged("post_install", "-at_install")
class TestPortalSign(KiaPortalCase):
    """The customer signs and accepts the repair order (委托书) on the portal, as sale's
    quotations are signed; the signature and its stamp are kept on the repair order."""

    def _accept(self, repair, name="客户甲"):
        response = self.url_open(
            f"/my/repairs/{repair.id}/accept",
            data=json.dumps({"params": {"name": name, "signature": customer_signature().decode()}}),
            headers={"Content-Type": "application/json"},
        )
        return response.json()["result"]

    def test_customer_signs_on_the_portal(self):
        repair = self.create_repair(odometer=16000, sign=False)
        repair.with_user(self.advisor_a).kia_walkaround_ids.write({"result": "ok"})
        self.authenticate("t_portal_a", "t_portal_a")
        page = self.url_open(f"/my/repairs/{repair.id}").text
        self.assertIn("o_kia_sign_accept", page, "the page offers to sign and accept")
        self.assertIn(f"/my/repairs/{repair.id}/accept", page)

        result = self._accept(repair, name="客户甲本人")
        self.assertEqual(result.get("redirect_url"), f"/my/repairs/{repair.id}?message=signed")
        self.assertTrue(repair.kia_customer_signature)
        self.assertTrue(repair.kia_approved_date)
        self.assertEqual(repair.kia_signed_by, "客户甲本人")
        page = self.url_open(f"/my/repairs/{repair.id}?message=signed").text
        self.assertIn("o_kia_message_signed", page)
        self.assertNotIn("o_kia_sign_accept", page)
        # Signed once: a second signature is refused and the first kept.
        stamp = repair.kia_approved_date
        self.assertIn("error", self._accept(repair, name="别人"))
        self.assertEqual(repair.kia_signed_by, "客户甲本人")
        self.assertEqual(repair.kia_approved_date, stamp)
        # The workshop can start.
        repair.with_user(self.advisor_a).action_validate()
        self.assertEqual(repair.state, "confirmed")

    def test_other_customer_cannot_sign(self):
        repair = self.create_repair(odometer=16000, sign=False)
        self.authenticate("t_portal_other", "t_portal_other")
        self.assertIn("error", self._accept(repair, name="客户丙"))
        repair.invalidate_recordset()
        self.assertFalse(repair.kia_customer_signature)
        self.assertFalse(repair.kia_approved_date)

    def test_portal_customer_cannot_write_the_signature(self):
        repair = self.create_repair(odometer=16000, sign=False)
        with self.assertRaises(AccessError):
            repair.with_user(self.portal_a).write({"kia_customer_signature": customer_signature()})
        repair.invalidate_recordset()
        self.assertFalse(repair.kia_approved_date)
