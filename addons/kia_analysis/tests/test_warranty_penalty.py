from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.kia_warranty.tests.common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestWarrantyLateReturnPenalty(KiaWarrantyCase):
    """Late old-part returns cost the dealer head office's penalty on its parts deposit,
    once per part."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer_a.kia_wty_late_return_penalty = 150.0
        with freeze_time("2026-01-12"):
            claim = cls.make_claim()
            claim.action_submit()
            vehicle = cls.create_vehicle(
                cls.advisor_a, cls.customer_a, 303, kia_sale_date="2025-06-01"
            )
            other = cls.make_claim(vehicle=vehicle)
            other.action_submit()
        cls.late = claim.old_part_ids.with_env(cls.env)
        cls.on_time = other.old_part_ids.with_env(cls.env)
        with freeze_time("2026-02-01"):
            (cls.late | cls.on_time).with_user(cls.reviewer).action_request_return()
        Return = cls.env["kia.warranty.part.return"].with_user(cls.wadmin_a)
        with freeze_time("2026-02-10"):
            Return.create({"old_part_ids": [(6, 0, cls.on_time.ids)]}).action_ship()

    def test_penalty_posted_once(self):
        Part = self.env["kia.warranty.old.part"]
        with freeze_time("2026-02-16"):
            self.assertFalse(Part._kia_penalise_late_returns(), "not late on its due date")
        with freeze_time("2026-02-20"):
            lines = Part._kia_penalise_late_returns()
        self.assertEqual(len(lines), 1)
        self.assertEqual(
            (lines.company_id, lines.line_type, lines.amount), (self.dealer_a, "penalty", 150.0)
        )
        self.assertIn(self.late.name, lines.note)
        self.assertEqual(self.late.kia_penalty_line_id, lines)
        self.assertFalse(self.on_time.kia_penalty_line_id)
        # The dealer paid nothing into its deposit here: the penalty waits in draft for head
        # office's parts officer, with the reason on it.
        self.assertEqual(lines.state, "draft")
        self.assertTrue(lines.message_ids)
        # Shipped late later, run again: no second penalty.
        with freeze_time("2026-02-25"):
            self.env["kia.warranty.part.return"].with_user(self.wadmin_a).create(
                {"old_part_ids": [(6, 0, self.late.ids)]}
            ).action_ship()
            self.assertFalse(Part._kia_penalise_late_returns())
        self.assertEqual(
            self.env["kia.parts.deposit.line"].search_count(
                [("company_id", "=", self.dealer_a.id), ("line_type", "=", "penalty")]
            ),
            1,
        )

    def test_dealer_cannot_clear_penalty_link(self):
        with freeze_time("2026-02-20"):
            line = self.env["kia.warranty.old.part"]._kia_penalise_late_returns()
        for user in (self.wadmin_a, self.reviewer_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.late.with_user(user).write({"kia_penalty_line_id": False})
        self.assertEqual(self.late.kia_penalty_line_id, line)
