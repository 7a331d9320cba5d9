from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.kia_service.tests.service_common import warm_assets
from odoo.addons.kia_service.tests.tour_screenshot import TourScreenshotMixin

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestWarrantyTour(TourScreenshotMixin, KiaWarrantyCase, HttpCase):
    """A claim in Chromium: the dealer's warranty administrator makes it from the repair order
    and submits it, head office's reviewer approves it, the dealer settles it."""

    TIMEOUT = 240

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_workshop()
        # The steps read English labels.
        cls.env["res.lang"]._activate_lang("en_US")
        (cls.wadmin_a | cls.reviewer).write({"lang": "en_US"})

    def test_claim_to_settlement(self):
        now = fields.Datetime.now()
        repair = self.make_repair()
        # clocked 1.6 h for the model's 1.5 flat-rate hours: within the claim's tolerance
        start = now - timedelta(hours=3)
        self.run_repair(repair, start, start + timedelta(minutes=96))
        warm_assets(self, "t_wadmin_a", "/odoo")
        self.start_tour(
            f"/odoo/action-kia_service.repair_order_action/{repair.id}",
            "kia_warranty_claim_from_repair",
            login="t_wadmin_a",
            timeout=self.TIMEOUT,
        )
        claim = repair.kia_wty_claim_ids
        self.assertEqual(len(claim), 1)
        self.assertEqual(claim.state, "draft")
        self.assertEqual(
            claim.line_ids.filtered(lambda line: line.line_type == "labor").labor_operation_id,
            self.op_pump,
        )
        # the odometer photo, taken at reception, goes with the claim
        self.attach(claim)

        claims = "/odoo/action-kia_warranty.kia_warranty_claim_action"
        self.start_tour_with_screenshots(
            f"{claims}/{claim.id}", "kia_warranty_claim_submit", "t_wadmin_a", timeout=self.TIMEOUT
        )
        self.assertEqual(claim.state, "submitted")

        self.start_tour_with_screenshots(
            f"{claims}/{claim.id}",
            "kia_warranty_hq_review",
            "t_reviewer",
            timeout=self.TIMEOUT,
            # head office works with the dealer's company active, as its switcher does
            cookies={"cids": f"{self.hq.id}-{self.dealer_a.id}"},
        )
        self.assertEqual(claim.state, "approved")
        self.assertEqual(claim.reviewer_id, self.reviewer)
        self.assertEqual(claim.amount_approved, claim.amount_total)

        self.start_tour(
            f"{claims}/{claim.id}",
            "kia_warranty_claim_settle",
            login="t_wadmin_a",
            timeout=self.TIMEOUT,
        )
        self.assertEqual(claim.state, "settled")
        self.assertEqual(claim.invoice_id.state, "posted")
        self.assertEqual(claim.invoice_id.company_id, self.dealer_a)
