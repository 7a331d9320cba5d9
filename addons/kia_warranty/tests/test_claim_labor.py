from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestClaimLabor(KiaWarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_workshop()

    def claim_of(self, repair):
        action = repair.with_user(self.wadmin_a).action_kia_wty_create_claim()
        claim = self.env["kia.warranty.claim"].browse(action["res_id"])
        self.attach(claim)
        return claim

    def test_lines_from_repair_order(self):
        repair = self.make_repair(services=[(self.op_pump, "warranty"), (self.op_wash, "customer")])
        self.run_repair(repair, "2026-01-05 01:00", "2026-01-05 02:36")
        claim = self.claim_of(repair)
        labor = claim.line_ids.filtered(lambda line: line.line_type == "labor")
        self.assertEqual(len(labor), 1, "only the warranty-paid labour line is claimed")
        self.assertEqual(labor.operation_code, "2510A01")
        self.assertEqual(labor.labor_operation_id, self.op_pump)
        self.assertEqual(labor.repair_service_id.kia_payer, "warranty")
        self.assertEqual(labor.standard_hours, 1.5, "the model's flat-rate hours")
        self.assertEqual(labor.hours, 1.5)
        self.assertAlmostEqual(labor.clocked_hours, 1.6)
        self.assertEqual(labor.price_unit, self.dealer_a.kia_wty_labor_rate)
        part = claim.line_ids.filtered(lambda line: line.line_type == "part")
        self.assertEqual(part.product_id, self.part_seal)
        self.assertEqual(claim.causal_product_id, self.part_seal)
        self.assertEqual(claim.amount_total, 1.5 * 120.0 + 80.0)
        self.assertEqual(str(claim.repair_date), "2026-01-05")
        with freeze_time("2026-01-06"):
            self.assertEqual(claim._kia_precheck_errors(), {})
            claim.action_submit()
        self.assertEqual(claim.state, "submitted")

    def test_parts_only_when_paid_by_warranty(self):
        repair = self.make_repair(kia_payment_type="customer")
        claim = self.env["kia.warranty.claim"].create(repair._kia_wty_claim_vals())
        self.assertEqual(claim.line_ids.mapped("line_type"), ["labor"])

    def test_customer_paid_part_on_warranty_order_not_claimed(self):
        """Each part's own payer decides: a part the customer pays on a warranty RO (e.g. an
        accessory fitted on the same visit) stays off the claim."""
        repair = self.make_repair(parts=self.part_seal + self.part_seal)
        customer_move = repair.move_ids[1]
        customer_move.kia_payer = "customer"
        claim = self.env["kia.warranty.claim"].create(repair._kia_wty_claim_vals())
        parts = claim.line_ids.filtered(lambda line: line.line_type == "part")
        self.assertEqual(len(parts), 1, "only the warranty-paid part is claimed")
        self.assertEqual(repair._kia_wty_part_moves(), repair.move_ids[0])

    def test_clocked_hours_out_of_tolerance(self):
        repair = self.make_repair()
        self.run_repair(repair, "2026-01-05 01:00", "2026-01-05 03:30")
        claim = self.claim_of(repair)
        with freeze_time("2026-01-06"):
            errors = claim._kia_precheck_errors()
            self.assertEqual(len(errors[claim.id]), 1, "the clocked hours check fails alone")
            self.assertIn("[2510A01] Replace water pump", errors[claim.id][0])
            self.assertIn("2.50 hours clocked", errors[claim.id][0])
            self.assertIn("20%", errors[claim.id][0])
            with self.assertRaisesRegex(UserError, "hours clocked"):
                claim.with_user(self.wadmin_a).action_submit()
            self.assertEqual(claim.state, "draft")
            self.assertFalse(claim.old_part_ids)
            with self.assertRaises(UserError) as error:
                claim.with_user(self.wadmin_a).with_context(lang="zh_CN").action_submit()
            self.assertIn("工时", str(error.exception))
            # Too few hours clocked fails as well; a wider tolerance lets both pass.
            self.dealer_a.kia_wty_clocked_tolerance = 70.0
            self.assertEqual(claim._kia_precheck_errors(), {})
            claim.with_user(self.wadmin_a).action_submit()
        self.assertEqual(claim.state, "submitted")

    def test_too_few_hours_clocked(self):
        repair = self.make_repair()
        self.run_repair(repair, "2026-01-05 01:00", "2026-01-05 01:30")
        claim = self.claim_of(repair)
        with freeze_time("2026-01-06"):
            self.assertIn("0.50 hours clocked", claim._kia_precheck_errors()[claim.id][0])
