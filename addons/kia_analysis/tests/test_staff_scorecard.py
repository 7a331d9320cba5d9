from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MONTH, KiaAnalysisCase


@tagged("post_install", "-at_install")
class TestStaffScorecard(KiaAnalysisCase):
    """The dealer's staff per month, read from their work (KiaAnalysisCase's March): the
    advisor's four delivered repair orders (RO1–RO4), one with a comeback (RO3 of RO1) and one
    warranty claim (RO4, approved); the technician's four jobs, 4.0 h clocked, one on RO1."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        (cls.ro1 | cls.ro2 | cls.ro3 | cls.ro4 | cls.ro5).write({"user_id": cls.advisor_a.id})

    def rows(self, user=None, **domain):
        Scorecard = self.env["kia.staff.scorecard"].with_user(user or self.manager_a)
        return Scorecard.search([("month", "=", MONTH)] + [(k, "=", v) for k, v in domain.items()])

    def test_figures_from_work(self):
        advisor = self.rows(role="advisor", user_id=self.advisor_a.id)
        self.assertEqual(
            (
                advisor.work_count,
                advisor.comeback_count,
                advisor.claim_count,
                advisor.claim_bad_count,
            ),
            (4, 1, 1, 0),
        )
        self.assertAlmostEqual(advisor.comeback_rate, 25.0)
        technician = self.rows(role="technician", user_id=self.technician_a.id)
        self.assertEqual((technician.work_count, technician.comeback_count), (4, 1))
        self.assertAlmostEqual(technician.hours_clocked, 4.0)
        # RO5 was delivered in February: its own month.
        february = self.env["kia.staff.scorecard"].search(
            [("user_id", "=", self.advisor_a.id), ("month", "=", "2026-02-01")]
        )
        self.assertEqual(february.work_count, 1)

    def test_parts_clerk_figures(self):
        """A parts clerk's month: the transfers he finished and the parts claims he raised, one
        rejected; a transfer of April, or not done, counts elsewhere or not at all; a user
        without the parts clerk's role has no parts row."""
        clerk = self.make_user("t_parts_clerk_a", "kia_parts.group_parts_clerk", self.dealer_a)
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.dealer_a.id)], limit=1
        )

        def transfer(user, done_at=None):
            picking = self.env["stock.picking"].create(
                {
                    "picking_type_id": warehouse.int_type_id.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "location_dest_id": warehouse.lot_stock_id.id,
                    "company_id": self.dealer_a.id,
                    "user_id": user.id,
                }
            )
            if done_at:
                picking.write({"state": "done", "date_done": done_at})
            return picking

        receipts = transfer(clerk, self.at(3)) | transfer(clerk, self.at(28))
        transfer(clerk, self.at(2, month=date(2026, 4, 1)))
        transfer(clerk)
        transfer(self.advisor_a, self.at(4))
        Claim = self.env["kia.parts.claim"].with_user(clerk).sudo()  # raised by the clerk
        for receipt, state in zip(receipts, ("rejected", "draft"), strict=True):
            claim = Claim.create(
                {"company_id": self.dealer_a.id, "picking_id": receipt.id, "receipt_date": MONTH}
            )
            claim.write({"state": state})

        row = self.rows(role="parts", user_id=clerk.id)
        self.assertEqual((row.work_count, row.claim_count, row.claim_bad_count), (2, 2, 1), "March")
        april = self.env["kia.staff.scorecard"].search(
            [("user_id", "=", clerk.id), ("month", "=", "2026-04-01")]
        )
        self.assertEqual(april.work_count, 1)
        self.assertFalse(self.rows(role="parts", user_id=self.advisor_a.id))
        # The dealer's manager reads it, the other dealer does not.
        self.assertFalse(self.rows(user=self.manager_b, user_id=clerk.id))

    def test_dealer_reads_own_staff_only_and_writes_nothing(self):
        self.assertFalse(self.rows(user=self.manager_b, user_id=self.advisor_a.id))
        self.assertTrue(self.rows(user=self.hq_officer, user_id=self.advisor_a.id))
        row = self.rows(role="advisor", user_id=self.advisor_a.id)
        for user in (self.manager_a, self.hq_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                row.with_user(user).write({"work_count": 99})
        self.assertEqual(row.work_count, 4)
