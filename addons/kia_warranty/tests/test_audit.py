from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestClaimAudit(KiaWarrantyCase):
    """Head office's audit list: rules select claims of the last months with their reason; the
    outcome is confirmed or a chargeback through the claim's own flow."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["kia.warranty.audit.rule"]
        Rule.search([]).action_archive()
        cls.rule = Rule.with_user(cls.reviewer).create(
            {
                "name": "Vehicle above 1,500",
                "rule_type": "vehicle_cost",
                "months": 6,
                "amount_threshold": 1500.0,
            }
        )
        # Two approved claims of the same car (980 each): 1,960 in the window.
        cls.claims = cls.env["kia.warranty.claim"]
        for day, part in (("2026-01-12", cls.part_pump), ("2026-01-14", cls.part_pad)):
            with freeze_time(day):
                claim = cls.make_claim(causal_product_id=cls.part_pump.id)
                if part == cls.part_pad:
                    claim.line_ids.filtered(lambda line: line.line_type == "part").write(
                        {"product_id": cls.part_gearbox.id}
                    )
                    claim.causal_product_id = cls.part_gearbox
                claim.action_submit()
                claim.with_user(cls.reviewer).action_approve()
            cls.claims |= claim

    def generate(self, day="2026-03-01"):
        with freeze_time(day):
            return self.env["kia.warranty.audit"].with_user(self.reviewer)._kia_generate()

    def test_rule_selects_with_reason_once(self):
        audits = self.generate()
        self.assertEqual(audits.claim_id, self.claims)
        self.assertEqual(audits.company_id, self.dealer_a)
        self.assertIn(self.claims[0].vin, audits[0].reason)
        self.assertIn("1,960.00", audits[0].reason)
        self.assertFalse(self.generate(), "a claim is selected by a rule only once")
        # Out of the window six months later.
        self.env["kia.warranty.audit"].search([]).unlink()
        self.assertFalse(self.generate("2026-08-01"))

    def test_dealer_outlier(self):
        self.rule.active = False
        self.env["kia.warranty.audit.rule"].with_user(self.reviewer).create(
            {"name": "Outlier", "rule_type": "dealer_outlier", "outlier_factor": 1.2}
        )
        # Dealer B: one cheap claim on another car; the network average per vehicle drops.
        vehicle_b = self.create_vehicle(
            self.advisor_b, self.customer_b, 404, kia_sale_date="2025-06-01"
        )
        self.env["fleet.vehicle.odometer"].create(
            {"vehicle_id": vehicle_b.id, "value": 12000, "date": "2026-01-05"}
        )
        with freeze_time("2026-01-12"):
            cheap = self.make_claim(user=self.wadmin_b, vehicle=vehicle_b)
            cheap.line_ids.filtered(lambda line: line.line_type == "part").price_unit = 20.0
            cheap.action_submit()
            cheap.with_user(self.reviewer).action_approve()
        audits = self.generate()
        # Network: (980 + 980 + 200) / 2 cars = 1,080 per car, 720 per claim; dealer A 1,960
        # per car > 1.2 × 1,080: its claims above 720 are audited, dealer B's are not.
        self.assertEqual(audits.claim_id, self.claims)
        self.assertIn("1,080.00", audits[0].reason)
        self.assertIn("720.00", audits[0].reason)

    def test_only_head_office_audits(self):
        audits = self.generate()
        for user in (self.wadmin_a, self.reviewer_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["kia.warranty.audit"].with_user(user).action_generate()
            with self.assertRaises(AccessError):
                audits.with_user(user).action_confirm()
        with self.assertRaises(AccessError):
            self.env["kia.warranty.audit"].with_user(self.wadmin_a).search([])
        for vals in ({"state": "confirmed"}, {"reason": "nothing"}, {"claim_id": False}):
            with self.assertRaises(AccessError):
                audits.with_user(self.reviewer).write(vals)
        self.assertEqual(set(audits.mapped("state")), {"open"})
        audits[0].with_user(self.reviewer).outcome_note = "Old part checked, right."
        audits[0].with_user(self.reviewer).action_confirm()
        self.assertEqual((audits[0].state, audits[0].auditor_id), ("confirmed", self.reviewer))
        with self.assertRaises(UserError):
            audits[0].with_user(self.reviewer).write({"outcome_note": "changed"})

    def test_chargeback_reverses_claim(self):
        audit = self.generate()[0]
        claim = audit.claim_id
        # Not settled yet: the chargeback is refused, nothing changes.
        audit.with_user(self.reviewer).write({"outcome_note": "No fault", "chargeback_amount": 980})
        with self.assertRaises(UserError):
            audit.with_user(self.reviewer).action_chargeback()
        self.assertEqual((audit.state, claim.state), ("open", "approved"))
        claim.with_user(self.wadmin_a).action_settle()
        audit.with_user(self.reviewer).action_chargeback()
        self.assertEqual(audit.state, "chargeback")
        self.assertEqual(claim.state, "charged_back")
        self.assertEqual(claim.chargeback_move_id.state, "posted")
        self.assertEqual(claim.chargeback_move_id.amount_total, 980.0)
        self.assertEqual(claim.invoice_id.state, "posted", "the settlement is not edited")
