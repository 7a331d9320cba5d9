from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestPaidParts(KiaWarrantyCase):
    """A genuine part the customer pays for at dealer A (like SH001) is fitted at delivery; its
    paid-parts warranty (head office's policy: 12 months / 20,000 km from fitting) is claimed
    at dealer A or at dealer B (like SZ101)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_workshop()
        cls.policy = cls.env.ref("kia_warranty.coverage_paid_parts")
        repair = cls.make_repair(
            services=[(cls.op_wash, "customer")],
            kia_ro_type="general",
            kia_payment_type="customer",
            kia_odometer_in=15000,
        )
        cls.run_repair(repair, "2026-01-07 09:00", "2026-01-07 11:00")
        repair.with_user(cls.advisor_a).write({"kia_old_parts": "returned"})
        # The customer's share leaves on credit (paid later at the cashier).
        repair.with_user(cls.manager_a).action_kia_approve_credit("other", "月结")
        with freeze_time("2026-01-07 12:00"):
            repair.with_user(cls.advisor_a).action_kia_deliver()
        cls.repair = repair
        cls.fitting = repair.kia_wty_fitted_part_ids

    def paid_claim(self, user=None, vehicle=None, **vals):
        values = {
            "causal_product_id": self.part_seal.id,
            "repair_date": "2026-06-01",
            "odometer": 20000,
            "line_ids": [
                Command.create(
                    {
                        "line_type": "labor",
                        "name": "Replace seal",
                        "operation_code": "2510A01",
                        "hours": 1.0,
                        "price_unit": 120.0,
                    }
                ),
                Command.create(
                    {
                        "line_type": "part",
                        "name": "Water pump seal",
                        "product_id": self.part_seal.id,
                        "quantity": 1,
                        "price_unit": 80.0,
                        "is_causal": True,
                        "kia_paid_part": True,
                    }
                ),
            ],
        }
        values.update(vals)
        return self.make_claim(user=user, vehicle=vehicle, **values)

    def assert_refused(self, claim, user, *texts):
        part_line = claim.line_ids.filtered("kia_paid_part")
        with self.assertRaises(UserError) as refused:
            claim.with_user(user).action_submit()
        message = str(refused.exception)
        for text in texts:
            self.assertIn(text, message)
        self.assertEqual(claim.state, "draft")
        self.assertFalse(claim.submit_date)
        self.assertFalse(part_line.fitted_part_id)
        self.assertFalse(part_line.fitted_date)
        return message

    def test_fitting_recorded_at_delivery(self):
        self.assertEqual(len(self.fitting), 1, "the customer's part, not the labour")
        self.assertEqual(self.fitting.product_id, self.part_seal)
        self.assertEqual(str(self.fitting.fitted_date), "2026-01-07")
        self.assertEqual(self.fitting.fitted_km, 15000)
        self.assertEqual(self.fitting.kia_vehicle_id, self.vehicle_a.kia_vehicle_id)
        self.assertEqual(self.fitting.company_id, self.dealer_a)
        # The vehicle form lists it while the part is in its window, and only then.
        with freeze_time("2026-03-01"):
            html = str(self.vehicle_a.with_user(self.advisor_a).kia_wty_paid_parts_html)
            self.assertIn("Water pump seal", html)
            self.assertIn("2027-01-07", html)
            self.assertIn("35000", html)
        with freeze_time("2027-01-08"):
            self.vehicle_a.invalidate_recordset(["kia_wty_paid_parts_html"])
            self.assertFalse(self.vehicle_a.with_user(self.advisor_a).kia_wty_paid_parts_html)

    def test_claim_within_window_accepted(self):
        claim = self.paid_claim()
        with freeze_time("2026-06-03"):
            claim.with_user(self.wadmin_a).action_submit()
        self.assertEqual(claim.state, "submitted")
        line = claim.line_ids.filtered("kia_paid_part")
        self.assertEqual(line.fitted_part_id, self.fitting)
        self.assertEqual(str(line.fitted_date), "2026-01-07")
        self.assertEqual(line.fitted_km, 15000)
        self.assertEqual(line.fitted_dealer, self.dealer_a.kia_dealer_code or self.dealer_a.name)
        # Head office's reviewer reads the fitting the line is accepted on.
        self.assertEqual(line.with_user(self.reviewer).fitted_km, 15000)

    def test_claim_after_twelve_months_refused(self):
        claim = self.paid_claim(repair_date="2027-02-01", odometer=21000)
        with freeze_time("2027-02-03"):
            self.assert_refused(claim, self.wadmin_a, "2026-01-07", "15000", "2027-01-07", "12")

    def test_claim_after_twenty_thousand_km_refused(self):
        claim = self.paid_claim(odometer=35001)
        with freeze_time("2026-06-03"):
            self.assert_refused(claim, self.wadmin_a, "2026-01-07", "15000", "35000", "20000")

    def test_window_comes_from_head_office_policy(self):
        self.policy.write({"months": 24, "km": 40000})
        claim = self.paid_claim(repair_date="2027-02-01", odometer=35001)
        with freeze_time("2027-02-03"):
            claim.with_user(self.wadmin_a).action_submit()
        self.assertEqual(claim.state, "submitted")
        # Dealers do not change head office's policy.
        with self.assertRaises(AccessError):
            self.policy.with_user(self.wadmin_a).write({"months": 99})
        self.assertEqual(self.policy.months, 24)

    def test_no_fitting_refused(self):
        claim = self.paid_claim(causal_product_id=self.part_pump.id)
        claim.line_ids.filtered("kia_paid_part").product_id = self.part_pump
        with freeze_time("2026-06-03"):
            self.assert_refused(claim, self.wadmin_a, "No paid fitting", "Water pump")

    def test_fitted_at_one_dealer_claimed_at_another(self):
        vehicle_b = self.create_vehicle(self.advisor_b, self.customer_b, 101)
        self.assertEqual(vehicle_b.kia_vehicle_id, self.vehicle_a.kia_vehicle_id)
        # Dealer B does not read dealer A's fitting record, only what the network shows.
        with self.assertRaises(AccessError):
            self.fitting.with_user(self.advisor_b).read(["fitted_date"])
        with freeze_time("2026-03-01"):
            html = str(vehicle_b.with_user(self.advisor_b).kia_wty_paid_parts_html)
        self.assertIn("Water pump seal", html)
        self.assertNotIn(self.customer_a.name, html)
        self.assertNotIn("80.0", html)
        claim = self.paid_claim(user=self.wadmin_b, vehicle=vehicle_b)
        with freeze_time("2026-06-03"):
            claim.with_user(self.wadmin_b).action_submit()
        self.assertEqual(claim.state, "submitted")
        line = claim.line_ids.filtered("kia_paid_part")
        self.assertEqual(str(line.fitted_date), "2026-01-07")
        self.assertEqual(line.fitted_dealer, self.dealer_a.kia_dealer_code or self.dealer_a.name)

    def test_fitting_facts_only_from_delivery(self):
        for user in (self.advisor_a, self.manager_a, self.wadmin_a):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    self.fitting.with_user(user).write(
                        {"fitted_date": "2026-06-01", "fitted_km": 30000}
                    )
                with self.assertRaises(AccessError):
                    self.env["kia.warranty.fitted.part"].with_user(user).create(
                        {
                            "company_id": self.dealer_a.id,
                            "repair_id": self.repair.id,
                            "kia_vehicle_id": self.vehicle_a.kia_vehicle_id.id,
                            "product_id": self.part_pump.id,
                            "fitted_date": "2026-06-01",
                        }
                    )
                with self.assertRaises(AccessError):
                    self.fitting.with_user(user).unlink()
        self.assertEqual(str(self.fitting.fitted_date), "2026-01-07")
        self.assertEqual(self.fitting.fitted_km, 15000)
        # Nor does the warranty administrator stamp a fitting on a claim line by hand.
        claim = self.paid_claim()
        line = claim.line_ids.filtered("kia_paid_part")
        with self.assertRaises(AccessError):
            line.with_user(self.wadmin_a).write({"fitted_date": "2026-05-01", "fitted_km": 1})
        self.assertFalse(line.fitted_date)

    def test_fitting_record_queries_flat(self):
        """Recording the fittings at delivery costs the same for 1 and for 20 paid parts."""
        counts = []
        for size in (1, 20, 1, 20):  # the first pair warms the caches
            repair = self.make_repair(
                services=[(self.op_wash, "customer")],
                parts=[self.part_seal] * size,
                kia_ro_type="general",
                kia_payment_type="customer",
                kia_odometer_in=15000 + size,
            )
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            fittings = self.env["kia.warranty.fitted.part"].sudo()._kia_record_delivery(repair)
            self.env.flush_all()
            counts.append(self.cr.sql_log_count - before)
            self.assertEqual(len(fittings), size)
        self.assertEqual(counts[2], counts[3])
