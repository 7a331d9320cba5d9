from freezegun import freeze_time

from odoo.tests import tagged

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
@freeze_time("2026-01-12")
class TestReports(KiaWarrantyCase):
    def test_claim_form_and_excel(self):
        claim = self.make_claim()
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("kia_warranty.report_claim_document", claim.ids)[0]
            .decode()
        )
        self.assertIn("索赔申请单", html)
        self.assertIn(claim.name, html)
        for report in ("kia_warranty.claim_list_xlsx", "kia_warranty.settlement_xlsx"):
            content, kind = self.env["ir.actions.report"]._render(report, claim.ids)
            self.assertEqual(kind, "xlsx")
            self.assertTrue(content.startswith(b"PK"))
