from odoo.tests import TransactionCase, tagged

from odoo.addons.kia_analysis.models.kia_assessment_criterion import COMPUTED_SOURCES


@tagged("post_install", "-at_install")
class TestDemoHeadOffice(TransactionCase):
    """What head office's officer finds in the demo: an authorised repair and one waiting, an
    audited claim, a late old-part return penalised, safety reports escalated, the month's
    technical report and scorecards computed from the dealers' records."""

    def test_prior_authorisation(self):
        approved = self.env["kia.warranty.pwa"].search(
            [("repair_id", "=", self.env.ref("kia_warranty.repair_pwa_sh_demo").id)]
        )
        self.assertEqual(approved.mapped("state"), ["approved"])
        self.assertEqual(approved.reviewer_id, self.env.ref("kia_base.user_hq_officer_demo"))
        waiting = self.env["kia.warranty.pwa"].search(
            [("repair_id", "=", self.env.ref("kia_warranty.repair_pwa_sz_demo").id)]
        )
        self.assertEqual(waiting.mapped("state"), ["requested"])
        self.assertTrue(waiting.deadline)

    def test_audited_claim(self):
        audits = self.env["kia.warranty.audit"].search(
            [("claim_id", "=", self.env.ref("kia_warranty.claim_sh_2_demo").id)]
        )
        self.assertTrue(all(audits.mapped("reason")), "each rule that selected it says why")
        confirmed = audits.filtered(lambda audit: audit.state == "confirmed")
        self.assertTrue(confirmed)
        self.assertEqual(confirmed.auditor_id, self.env.ref("kia_base.user_hq_officer_demo"))

    def test_late_old_part_return_penalised(self):
        part = self.env.ref("kia_warranty.old_part_sz_3_demo")
        line = part.kia_penalty_line_id
        self.assertEqual(line.line_type, "penalty")
        self.assertEqual(line.company_id, part.company_id)
        self.assertEqual(line.amount, part.company_id.kia_wty_late_return_penalty)
        self.assertGreater(line.amount, 0)

    def test_safety_reports_escalated(self):
        hq_officer = self.env.ref("kia_base.user_hq_officer_demo")
        for xmlid in (
            "kia_customer_care.kia_quality_feedback_sh_3_demo",
            "kia_customer_care.kia_quality_feedback_sz_3_demo",
        ):
            with self.subTest(report=xmlid):
                report = self.env.ref(xmlid)
                self.assertTrue(report.kia_safety_notified_date)
                self.assertGreater(report.kia_safety_deadline, report.kia_safety_notified_date)
                self.assertIn(hq_officer, report.activity_ids.user_id)

    def test_technical_report_of_the_month(self):
        report = self.env.ref("kia_customer_care.kia_technical_report_current_demo")
        self.assertTrue(report.generated_date)
        self.assertTrue(report.line_ids)
        self.assertEqual(
            report.line_ids,
            report.failure_line_ids | report.repeat_line_ids | report.model_line_ids,
        )

    def test_scorecards_computed_from_records(self):
        for xmlid in ("kia_analysis.kia_assessment_sh_demo", "kia_analysis.kia_assessment_sz_demo"):
            with self.subTest(assessment=xmlid):
                lines = self.env.ref(xmlid).line_ids
                computed = lines.filtered(lambda line: line.source in COMPUTED_SOURCES)
                self.assertGreater(len(computed), len(lines - computed))
                self.assertTrue(computed.filtered(lambda line: line.source != "kpi"))
                self.assertTrue(all(line.basis for line in computed if line.source != "kpi"))
