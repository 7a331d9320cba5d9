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

    def test_dealer_reads_own_staff_only_and_writes_nothing(self):
        self.assertFalse(self.rows(user=self.manager_b, user_id=self.advisor_a.id))
        self.assertTrue(self.rows(user=self.hq_officer, user_id=self.advisor_a.id))
        row = self.rows(role="advisor", user_id=self.advisor_a.id)
        for user in (self.manager_a, self.hq_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                row.with_user(user).write({"work_count": 99})
        self.assertEqual(row.work_count, 4)
