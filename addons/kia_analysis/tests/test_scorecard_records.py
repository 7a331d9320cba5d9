import base64
from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.kia_warranty.tests.common import KiaWarrantyCase

from .test_authority import AuthorityMixin

JAN = (date(2026, 1, 1), date(2026, 1, 31))


@tagged("post_install", "-at_install")
class TestScorecardFromRecords(AuthorityMixin, KiaWarrantyCase):
    """Criteria with records behind them are computed from the records (head office's facility
    audits, staffing, special tools, claim quality, the reporting calendar, daily work norms);
    non-money sanctions take effect; the reporting calendar is generated, submitted, late."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        network = cls.hq | cls.dealer_a | cls.dealer_b
        cls.hq_manager_2 = cls.make_user(
            "t_hq_manager_2", "kia_base.group_hq_manager,base.group_multi_company", cls.hq, network
        )
        cls.report_type = (
            cls.env["kia.report.type"]
            .with_user(cls.hq_manager)
            .create({"name": "Test statistics", "code": "T-STAT", "due_day": 5})
        )
        # Only this report type is owed in the tests (the shipped ones are archived here).
        cls.env["kia.report.type"].search([("id", "!=", cls.report_type.id)]).active = False

    # -- helpers --------------------------------------------------------------------------

    def make_template(self, criteria):
        return (
            self.env["kia.assessment.template"]
            .with_user(self.hq_manager)
            .create(
                {
                    "name": "Records card",
                    "dealer_type": "dealer_4s",
                    "criterion_ids": [Command.create(vals) for vals in criteria],
                }
            )
        )

    def make_card(self, template, period=JAN):
        return (
            self.env["kia.assessment"]
            .with_user(self.hq_officer)
            .create(
                {
                    "company_id": self.dealer_a.id,
                    "template_id": template.id,
                    "date_from": period[0],
                    "date_to": period[1],
                }
            )
        )

    def file(self, name="report.xlsx"):
        return (
            self.env["ir.attachment"]
            .with_user(self.manager_a)
            .create({"name": name, "datas": base64.b64encode(b"figures")})
        )

    def make_claims(self):
        """Four claims of dealer A submitted in January: one approved, one returned, one
        rejected, one waiting; a draft one does not count."""
        claims = self.env["kia.warranty.claim"]
        with freeze_time("2026-01-15"):
            for serial in range(201, 205):
                vehicle = self.create_vehicle(
                    self.advisor_a, self.customer_a, serial, kia_sale_date="2025-06-01"
                )
                self.env["fleet.vehicle.odometer"].create(
                    {"vehicle_id": vehicle.id, "value": 12000, "date": "2026-01-05"}
                )
                claim = self.make_claim(vehicle=vehicle)
                claim.with_user(self.wadmin_a).action_submit()
                claims |= claim
        self.make_claim()
        claims[0].with_user(self.reviewer).action_approve()
        claims[1].with_user(self.reviewer).action_return(note="Photo of the odometer missing")
        claims[2].with_user(self.reviewer).action_reject(reason_id=self.reason.id)
        return claims

    def make_audits(self):
        """Head office's audit of dealer A (every criterion at 1 point) and a self-audit at full
        marks, which does not count."""
        template = self.env.ref("kia_facility.audit_template_facility")
        Audit = self.env["kia.audit"]
        hq_audit = Audit.with_user(self.hq_officer).create(
            {
                "company_id": self.dealer_a.id,
                "template_id": template.id,
                "audit_type": "hq",
                "date": date(2026, 1, 20),
            }
        )
        hq_audit.line_ids.write({"score": 1.0})
        hq_audit.with_user(self.hq_officer).action_done()
        self_audit = Audit.create(
            {
                "company_id": self.dealer_a.id,
                "template_id": template.id,
                "audit_type": "self",
                "date": date(2026, 1, 10),
            }
        )
        for line in self_audit.line_ids:
            line.score = line.points
        self_audit.action_done()
        return hq_audit

    def make_norm_checks(self):
        """Three checklists of January: two done in time, one missed; one to do is not
        counted yet."""
        norm = self.env["kia.work.norm"].create(
            {"name": "Workshop 5S", "company_id": self.dealer_a.id, "user_id": self.manager_a.id}
        )
        Check = self.env["kia.work.norm.check"]
        common = {"norm_id": norm.id, "company_id": self.dealer_a.id, "user_id": self.manager_a.id}
        Check.create(
            [
                dict(
                    common, date=date(2026, 1, 5), state="done", done_date=datetime(2026, 1, 5, 9)
                ),
                dict(
                    common, date=date(2026, 1, 6), state="done", done_date=datetime(2026, 1, 6, 9)
                ),
                dict(common, date=date(2026, 1, 7), state="missed"),
                dict(common, date=date(2026, 1, 30), state="todo"),
            ]
        )

    def make_reports(self):
        """December's report of dealer A is due on 5 January: submitted late on the 10th.
        November's (due 5 December) is outside January; a second January-due report of
        another type is never sent."""
        Submission = self.env["kia.report.submission"]
        with freeze_time("2025-12-01"):
            Submission._kia_generate(date(2025, 11, 1))
            Submission._kia_generate(date(2025, 12, 1))
        other = (
            self.env["kia.report.type"]
            .with_user(self.hq_manager)
            .create({"name": "Parts test", "code": "T-PRT", "due_day": 8})
        )
        Submission._kia_generate(date(2025, 12, 1))
        december = Submission.search(
            [("company_id", "=", self.dealer_a.id), ("period", "=", date(2025, 12, 1))]
        )
        self.assertEqual(len(december), 2)
        self.assertEqual(set(december.mapped("date_due")), {date(2026, 1, 5), date(2026, 1, 8)})
        stats = december.filtered(lambda s: s.report_type_id == self.report_type)
        stats.with_user(self.manager_a).attachment_ids = [Command.link(self.file().id)]
        with freeze_time("2026-01-10"):
            stats.with_user(self.manager_a).action_submit()
        self.assertTrue(stats.is_late)
        self.assertEqual(stats.days_late, 5)
        return december, other

    # -- tests ----------------------------------------------------------------------------

    @freeze_time("2026-02-10")
    def test_scorecard_computed_from_records(self):
        self.make_claims()
        hq_audit = self.make_audits()
        self.make_norm_checks()
        self.make_reports()
        requirement = self.env["kia.tool.requirement"].create(
            {
                "dealer_type": "dealer_4s",
                "tool_code": "T-09-001",
                "name": "Test puller",
                "quantity": 2,
            }
        )
        self.env["maintenance.equipment"].create(
            {"name": "Puller", "company_id": self.dealer_a.id, "kia_tool_code": "T-09-001"}
        )
        tool_reqs = self.env["kia.tool.requirement"].search([("dealer_type", "=", "dealer_4s")])
        staffing_reqs = self.env["kia.staffing.requirement"].search(
            [("dealer_type", "=", "dealer_4s")]
        )
        template = self.make_template(
            [
                {"name": "Facility", "source": "facility_audit", "weight": 20.0},
                {"name": "Claims", "source": "claims", "weight": 20.0},
                {"name": "Reports", "source": "reporting", "weight": 20.0},
                {"name": "Norms", "source": "norms", "weight": 20.0},
                {"name": "Tools", "source": "tools", "weight": 5.0},
                {"name": "Staffing", "source": "staffing", "weight": 5.0},
                {"name": "Process", "source": "audit", "weight": 10.0},
            ]
        )
        card = self.make_card(template)
        self.assertTrue(card.with_user(self.hq_officer).action_fill_kpi())
        got = {line.source: (round(line.kpi_value, 2), line.record_count) for line in card.line_ids}
        self.assertEqual(got["facility_audit"], (round(hq_audit.score_percent, 2), 1))
        self.assertAlmostEqual(hq_audit.score_percent, 100.0 * 10 / 70, places=2)
        self.assertEqual(got["claims"], (50.0, 4))
        self.assertEqual(got["reporting"], (0.0, 2))
        self.assertEqual(got["norms"], (round(200.0 / 3, 2), 3))
        required = sum(tool_reqs.mapped("quantity"))
        self.assertIn(requirement, tool_reqs)
        self.assertEqual(got["tools"], (round(100.0 / required, 2), len(tool_reqs)))
        # Nobody at dealer A holds a certification: every required head is missing.
        required_staff = sum(staffing_reqs.mapped("min_headcount"))
        self.assertEqual(got["staffing"], (0.0, len(staffing_reqs) if required_staff else 0))
        claims_line = card.line_ids.filtered(lambda line: line.source == "claims")
        self.assertIn("2 of 4", claims_line.basis)
        # Linear between the zero point (0) and the target (100): the score follows the value.
        self.assertAlmostEqual(claims_line.score, 10.0)
        card.line_ids.filtered(lambda line: line.source == "audit").with_user(
            self.hq_officer
        ).audit_percent = 100.0
        expected = sum(
            line.weight * line.kpi_value / 100.0 for line in card.line_ids if line.source != "audit"
        )
        self.assertAlmostEqual(card.score, expected + 10.0, places=4)

    @freeze_time("2026-02-10")
    def test_claim_audit_veto_read_from_audits(self):
        """The veto item 'no claim fraud' reads head office's claim audits closed in the period:
        a claim charged back fails it (and zeroes the score); a confirmed audit, or none, passes;
        nobody types its result."""
        claims = self.make_claims()
        template = self.make_template(
            [
                {"name": "Claims", "source": "claims", "weight": 100.0},
                {
                    "name": "No claim fraud",
                    "source": "claim_audit",
                    "is_veto": True,
                    "veto_effect": "zero",
                    "weight": 0.0,
                },
            ]
        )
        rule = self.env["kia.warranty.audit.rule"].create(
            {"name": "Cost", "rule_type": "vehicle_cost", "months": 6, "amount_threshold": 1.0}
        )
        other_rule = rule.copy({"name": "Cost 2"})
        Audit = self.env["kia.warranty.audit"]

        def audit(claim, state, day, audit_rule=rule):
            # As head office's Confirm / Charge Back leave them (kia_warranty tests those).
            return Audit.create(
                {
                    "company_id": claim.company_id.id,
                    "claim_id": claim.id,
                    "rule_id": audit_rule.id,
                    "reason": "Selected",
                    "state": state,
                    "audit_date": day,
                }
            )

        def veto_line():
            card = self.make_card(template)
            card.with_user(self.hq_officer).action_fill_kpi()
            return card, card.line_ids.filtered(lambda line: line.source == "claim_audit")

        # No audit closed in January: nothing against the dealer.
        audit(claims[0], "open", False)
        card, line = veto_line()
        self.assertEqual((line.kpi_value, line.record_count, line.veto_failed), (100.0, 0, False))
        # One claim confirmed by two rules counts once; another charged back fails the veto;
        # a charge back of February (outside the period) is not read.
        audit(claims[0], "confirmed", date(2026, 1, 20), other_rule)
        audit(claims[3], "confirmed", date(2026, 1, 21))
        audit(claims[2], "chargeback", date(2026, 2, 2))
        card, line = veto_line()
        self.assertEqual((line.kpi_value, line.record_count, line.veto_failed), (100.0, 2, False))
        self.assertGreater(card.score, 0.0)
        audit(claims[1], "chargeback", date(2026, 1, 25))
        card, line = veto_line()
        self.assertAlmostEqual(line.kpi_value, 100.0 * 2 / 3)
        self.assertEqual(line.record_count, 3)
        self.assertIn("1 of 3", line.basis)
        self.assertTrue(line.veto_failed)
        self.assertEqual(card.score, 0.0)
        # Its result is the records': head office cannot type it, a dealer even less.
        with self.assertRaises(ValidationError):
            line.with_user(self.hq_officer).veto_result = "pass"
        with self.assertRaises(AccessError):
            line.with_user(self.manager_a).write({"kpi_value": 100.0})
        self.assertTrue(line.veto_failed)

    @freeze_time("2026-02-10")
    def test_measured_values_are_not_typed(self):
        self.make_claims()
        template = self.make_template(
            [
                {"name": "Claims", "source": "claims", "weight": 60.0},
                {"name": "Process", "source": "audit", "weight": 40.0},
            ]
        )
        card = self.make_card(template)
        card.with_user(self.hq_officer).action_fill_kpi()
        claims_line = card.line_ids.filtered(lambda line: line.source == "claims")
        self.assertRefused(
            claims_line,
            (self.hq_officer, self.hq_manager, self.manager_a),
            [
                ({"kpi_value": 100.0}, "Compute from Records"),
                ({"record_count": 99}, "Compute from Records"),
                ({"basis": "typed"}, "Compute from Records"),
            ],
        )
        with self.assertRaisesRegex(ValidationError, "computed from the dealer's records"):
            with self.cr.savepoint():
                claims_line.with_user(self.hq_officer).audit_percent = 100.0
        self.assertEqual(claims_line.audit_percent, 0.0)
        self.assertAlmostEqual(claims_line.kpi_value, 50.0)
        # The dealer computes nothing of its own scorecard.
        with self.assertRaises(AccessError):
            card.with_user(self.manager_a).action_fill_kpi()

    def propose(self, sanction_type, company=None, amount=0.0):
        sanction = (
            self.env["kia.assessment.sanction"]
            .with_user(self.hq_officer)
            .create(
                {
                    "company_id": (company or self.dealer_a).id,
                    "sanction_type": sanction_type,
                    "amount": amount,
                    "reason": "Claims charged back after the audit",
                }
            )
        )
        sanction.action_submit()
        sanction.with_user(self.hq_manager).action_approve()
        return sanction

    def test_suspension_blocks_claim_submission(self):
        claim = self.make_claim(repair_date=date.today())
        suspension = self.propose("suspension")
        self.assertFalse(self.dealer_a.kia_warranty_suspended)
        suspension.with_user(self.hq_manager_2).action_post()
        self.assertEqual(suspension.state, "posted")
        self.assertTrue(self.dealer_a.kia_warranty_suspended)
        self.assertFalse(self.dealer_b.kia_warranty_suspended)
        with self.assertRaisesRegex(UserError, "suspended by head office"):
            claim.with_user(self.wadmin_a).action_submit()
        self.assertEqual((claim.state, claim.submit_date), ("draft", False))
        # Lifting: head office's managers only, with a reason; a penalty is never lifted.
        with self.assertRaises(AccessError):
            suspension.with_user(self.hq_officer).action_lift(reason="ok")
        with self.assertRaises(AccessError):
            suspension.with_user(self.manager_a).action_lift(reason="ok")
        with self.assertRaisesRegex(UserError, "reason"):
            suspension.with_user(self.hq_manager).action_lift(reason="")
        self.assertEqual(suspension.state, "posted")
        self.assertTrue(
            suspension.with_user(self.hq_manager).action_lift(reason="Claims re-audited")
        )
        self.assertEqual((suspension.state, suspension.lifted_by_id), ("lifted", self.hq_manager))
        self.assertFalse(self.dealer_a.kia_warranty_suspended)
        self.assertTrue(claim.with_user(self.wadmin_a).action_submit())
        self.assertEqual(claim.state, "submitted")

    def test_authority_check_query_count_flat(self):
        """The suspension check at submission costs the same for 1 and 20 claims."""
        one = self.make_claim(repair_date=date.today())
        many = one
        for serial in range(301, 320):
            vehicle = self.create_vehicle(
                self.advisor_a, self.customer_a, serial, kia_sale_date="2025-06-01"
            )
            many |= self.make_claim(vehicle=vehicle, repair_date=date.today())
        for claims in (one, many):  # warm-up
            self.env.invalidate_all()
            claims.company_id._kia_check_warranty_authority()
        for claims in (one, many):
            self.env.invalidate_all()
            with self.assertQueryCount(2):
                claims.company_id._kia_check_warranty_authority()

    def test_warning_and_end_of_status(self):
        with self.assertRaisesRegex(ValidationError, "carries no amount"):
            with self.cr.savepoint():
                self.propose("warning", amount=100.0)
        warning = self.propose("warning")
        warning.with_user(self.hq_manager_2).action_post()
        self.assertEqual(warning.state, "posted")
        self.assertFalse(self.dealer_a.kia_warranty_suspended)
        # The dealer is told in its company's language.
        self.assertEqual(self.dealer_a.partner_id.lang, "zh_CN")
        self.assertTrue(any("警告已生效" in str(m.body) for m in warning.message_ids))
        termination = self.propose("termination", company=self.dealer_b)
        termination.with_user(self.hq_manager_2).action_post()
        self.assertTrue(self.dealer_b.kia_authorisation_ended)
        with self.assertRaisesRegex(UserError, "authorised status"):
            self.dealer_b._kia_check_warranty_authority()
        self.assertFalse(self.dealer_a.kia_authorisation_ended)

    def test_dealer_cannot_sanction_nor_lift_its_flags(self):
        Sanction = self.env["kia.assessment.sanction"]
        with self.assertRaises(AccessError):
            Sanction.with_user(self.manager_a).create(
                {"company_id": self.dealer_a.id, "sanction_type": "warning", "reason": "x"}
            )
        suspension = self.propose("suspension")
        suspension.with_user(self.hq_manager_2).action_post()
        self.assertRefused(
            suspension,
            (self.hq_officer, self.manager_a),
            [
                ({"state": "lifted"}, "Lift"),
                ({"lifted_by_id": self.hq_officer.id}, "Lift"),
                ({"lift_reason": "x"}, "Lift"),
            ],
        )
        # The dealer's standing follows head office's sanctions only: not even the dealer's
        # own administrator, who manages its company, changes it.
        admin_a = self.make_user("t_admin_a", "base.group_erp_manager", self.dealer_a)
        for user in (self.manager_a, self.hq_officer, admin_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.dealer_a.with_user(user).write({"kia_warranty_suspended": False})
        self.assertTrue(self.dealer_a.kia_warranty_suspended)
        self.assertEqual(suspension.state, "posted")

    def test_reporting_calendar(self):
        Submission = self.env["kia.report.submission"]
        with freeze_time("2026-03-01"):
            generated = Submission._kia_generate(date(2026, 3, 17))
            self.assertFalse(Submission._kia_generate(date(2026, 3, 2)), "generated once a month")
        mine = generated.filtered(lambda s: s.company_id == self.dealer_a)
        self.assertEqual(len(mine), 1)
        self.assertEqual((mine.period, mine.date_due), (date(2026, 3, 1), date(2026, 4, 5)))
        self.assertIn(self.dealer_b, generated.company_id)
        self.assertNotIn(self.hq, generated.company_id)
        generated = generated.filtered(lambda s: s.company_id in self.dealer_a | self.dealer_b)
        # The dealer sees its own, not another dealer's; head office sees both.
        self.assertEqual(
            Submission.with_user(self.manager_a).search([("id", "in", generated.ids)]), mine
        )
        self.assertEqual(
            Submission.with_user(self.hq_officer).search([("id", "in", generated.ids)]), generated
        )
        # Nobody at the dealer adds, removes or back-dates what it owes.
        with self.assertRaises(AccessError):
            Submission.with_user(self.manager_a).create(
                {
                    "company_id": self.dealer_a.id,
                    "report_type_id": self.report_type.id,
                    "period": date(2026, 4, 1),
                    "date_due": date(2026, 5, 5),
                }
            )
        self.assertRefused(
            mine,
            (self.manager_a, self.hq_officer),
            [
                ({"state": "received"}, "Submit to Head Office"),
                ({"received_date": "2026-04-01"}, "Submit to Head Office"),
                ({"received_by_id": self.manager_a.id}, "Submit to Head Office"),
                ({"date_due": "2026-12-31"}, "reporting calendar"),
            ],
        )
        # Head office's catalogue of reports: the dealer reads it, never changes it.
        for user in (self.manager_a, self.hq_officer):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.report_type.with_user(user).write({"due_day": 28})
        self.assertEqual(self.report_type.due_day, 5)
        with self.assertRaisesRegex(ValidationError, "between 1 and 28"):
            with self.cr.savepoint():
                self.report_type.with_user(self.hq_manager).write({"due_day": 31})
        with self.assertRaisesRegex(UserError, "Attach the report file"):
            mine.with_user(self.manager_a).action_submit()
        with self.assertRaises(AccessError):
            mine.with_user(self.advisor_a).action_submit()
        with freeze_time("2026-04-06"):
            late = Submission._kia_mark_late()
        self.assertIn(mine, late)
        self.assertEqual(mine.state, "late")
        # The dealer's service manager is asked to send it.
        self.assertEqual(mine.activity_ids.user_id, self.manager_a)
        self.assertIn("Test statistics", mine.activity_ids.summary)
        self.assertTrue(mine.is_late)
        self.assertIn(mine, Submission.with_user(self.hq_officer).search([("is_late", "=", True)]))
        mine.with_user(self.manager_a).attachment_ids = [Command.link(self.file().id)]
        with freeze_time("2026-04-08"):
            self.assertTrue(mine.with_user(self.manager_a).action_submit())
        self.assertEqual(
            (mine.state, mine.received_date, mine.received_by_id, mine.days_late, mine.is_late),
            ("received", date(2026, 4, 8), self.manager_a, 3, True),
        )
        with self.assertRaisesRegex(UserError, "received already"):
            mine.with_user(self.manager_a).action_submit()
        with self.assertRaises(AccessError):
            mine.with_user(self.manager_a).unlink()
        self.assertTrue(mine.exists())
