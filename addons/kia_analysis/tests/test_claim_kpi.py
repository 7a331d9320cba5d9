from datetime import date

from odoo.tests import tagged

from .common import MONTH, KiaAnalysisCase


@tagged("post_install", "-at_install")
class TestClaimKpi(KiaAnalysisCase):
    """Claim quality KPIs per dealer and month: the claim rejection rate (claims head office
    rejected out of those it decided on, by the month of its review) and the warranty cost per
    vehicle serviced (the ledger's warranty revenue over the distinct vehicles of the month's
    finished repair orders)."""

    def decided_claim(self, vehicle, state, review_date):
        claim = self.env["kia.warranty.claim"].create(
            {
                "company_id": vehicle.company_id.id,
                "vehicle_id": vehicle.id,
                "repair_date": date(2026, 3, 2),
            }
        )
        # As head office's review leaves them (set up as the superuser: the tests of the
        # review itself are kia_warranty's).
        claim.write({"state": state, "review_date": review_date})
        return claim

    def kpis(self, user, companies, month=MONTH):
        end = {3: date(2026, 3, 31), 4: date(2026, 4, 30)}[month.month]
        return self.env["kia.kpi"].with_user(user)._kia_values(companies, month, end)

    def test_rejection_rate_and_cost_per_vehicle(self):
        second = self.create_vehicle(self.advisor_a, self.customer_a, 803)
        # A second vehicle serviced in March; a repair order still open adds no vehicle.
        self.make_ro(second, [(self.op_oil, "customer")], self.at(22), kia_on_time=True)
        third = self.create_vehicle(self.advisor_a, self.customer_a, 804)
        self.make_ro(third, [(self.op_oil, "customer")])
        # RO4's claim approved on 18 March; in March head office also rejects one, charges one
        # back; one waits for its review; one more is rejected in April.
        self.claim.write({"review_date": date(2026, 3, 18)})
        self.decided_claim(second, "rejected", date(2026, 3, 20))
        self.decided_claim(second, "charged_back", date(2026, 3, 25))
        self.decided_claim(second, "submitted", False)
        self.decided_claim(third, "rejected", date(2026, 4, 2))
        # Dealer B: one claim decided in March, approved.
        self.decided_claim(self.vehicle_b, "approved", date(2026, 3, 10))

        values = self.kpis(self.hq_manager, self.dealer_a | self.dealer_b)
        march_a, march_b = values[self.dealer_a.id], values[self.dealer_b.id]
        self.assertAlmostEqual(march_a["claim_rejection_rate"], 1 / 3 * 100, places=6)
        self.assertAlmostEqual(march_b["claim_rejection_rate"], 0.0, places=6)
        # The warranty revenue is RO4's claim settled for 800 (VAT included) in March.
        self.assertAlmostEqual(
            march_a["warranty_cost_per_vehicle"], self.net(self.dealer_a, 800) / 2, places=6
        )
        self.assertAlmostEqual(march_b["warranty_cost_per_vehicle"], 0.0, places=6)
        april_a = self.kpis(self.hq_manager, self.dealer_a, month=date(2026, 4, 1))
        self.assertAlmostEqual(april_a[self.dealer_a.id]["claim_rejection_rate"], 100.0)

        # The dealer reads its own figures, the same as head office's.
        own = self.kpis(self.manager_a, self.dealer_a)[self.dealer_a.id]
        self.assertAlmostEqual(own["claim_rejection_rate"], march_a["claim_rejection_rate"])
        self.assertAlmostEqual(
            own["warranty_cost_per_vehicle"], march_a["warranty_cost_per_vehicle"]
        )
        # ... and not the other dealer's rows of the report.
        rows = self.env["kia.kpi.report"].with_user(self.manager_a).search([])
        self.assertFalse(rows.filtered(lambda r: r.company_id == self.dealer_b))
