from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import MONTH, KiaAnalysisCase

MONTH_END = date(2026, 3, 31)


@tagged("post_install", "-at_install")
class TestAssessment(KiaAnalysisCase):
    """Dealer assessment on the hand-made month of KiaAnalysisCase: dealer A, March 2026, has
    on-time delivery 75 % and comeback rate 25 % (see common.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.grade_a = cls.env.ref("kia_analysis.kia_assessment_grade_a")
        cls.grade_c = cls.env.ref("kia_analysis.kia_assessment_grade_c")
        cls.grade_d = cls.env.ref("kia_analysis.kia_assessment_grade_d")
        cls.template = cls.make_template("Test 4S card")

    @classmethod
    def make_template(cls, name, weights=(40.0, 30.0, 30.0), vetoes=()):
        on_time, comeback, audit = weights
        criteria = [
            Command.create(
                {
                    "name": "On-time delivery",
                    "source": "kpi",
                    "kpi_id": cls.env.ref("kia_analysis.kia_kpi_on_time_rate").id,
                    "target": 95.0,
                    "floor": 55.0,
                    "weight": on_time,
                }
            ),
            Command.create(
                {
                    "name": "Comeback rate",
                    "source": "kpi",
                    "kpi_id": cls.env.ref("kia_analysis.kia_kpi_comeback_rate").id,
                    "target": 0.0,
                    "floor": 50.0,
                    "weight": comeback,
                }
            ),
            Command.create({"name": "Process audit", "source": "audit", "weight": audit}),
        ]
        criteria += [Command.create(dict(veto, source="audit", is_veto=True)) for veto in vetoes]
        return (
            cls.env["kia.assessment.template"]
            .with_user(cls.hq_manager)
            .create({"name": name, "dealer_type": "dealer_4s", "criterion_ids": criteria})
        )

    def make_card(self, template=None, user=None):
        return (
            self.env["kia.assessment"]
            .with_user(user or self.hq_officer)
            .create(
                {
                    "company_id": self.dealer_a.id,
                    "template_id": (template or self.template).id,
                    "date_from": MONTH,
                    "date_to": MONTH_END,
                }
            )
        )

    def fill(self, card, audit=100.0, veto="pass"):
        card.action_fill_kpi()
        for line in card.line_ids.filtered(lambda line: line.source == "audit"):
            if line.is_veto:
                line.veto_result = veto
            else:
                line.audit_percent = audit
        return card

    def test_weights_must_sum_to_100(self):
        Template = self.env["kia.assessment.template"]
        with (
            self.assertRaisesRegex(ValidationError, "must sum to 100, not 90"),
            self.cr.savepoint(),
        ):
            self.make_template("Bad card", weights=(40.0, 30.0, 20.0))
        self.assertFalse(Template.search([("name", "=", "Bad card")]))
        line = self.template.criterion_ids[0]
        with self.assertRaises(ValidationError):
            line.with_user(self.hq_manager).weight = 50.0
        self.assertEqual(line.weight, 40.0)
        # Several lines changed in one save are checked together.
        with Form(self.template.with_user(self.hq_manager)) as form:
            with form.criterion_ids.edit(0) as first:
                first.weight = 50.0
            with form.criterion_ids.edit(1) as second:
                second.weight = 20.0
        self.assertEqual(self.template.weight_total, 100.0)
        self.assertEqual(self.template.criterion_ids.mapped("weight")[:2], [50.0, 20.0])

    def test_weights_error_in_chinese(self):
        Template = self.env["kia.assessment.template"].with_context(lang="zh_CN")
        with self.assertRaisesRegex(ValidationError, "权重.*100"), self.cr.savepoint():
            Template.with_user(self.hq_manager).create(
                {
                    "name": "Bad card",
                    "dealer_type": "dealer_4s",
                    "criterion_ids": [
                        Command.create({"name": "Audit", "source": "audit", "weight": 60.0})
                    ],
                }
            )
        self.assertFalse(Template.search([("name", "=", "Bad card")]))

    def test_kpi_criteria_filled_and_scored(self):
        card = self.fill(self.make_card())
        on_time, comeback, audit = card.line_ids
        self.assertAlmostEqual(on_time.kpi_value, 75.0)
        self.assertAlmostEqual(comeback.kpi_value, 25.0)
        # 75 % between 55 (nothing) and 95 (full) earns half of 40; 25 % comebacks between 50
        # (nothing) and 0 (full) earns half of 30; the audit found everything: 30.
        self.assertAlmostEqual(on_time.score, 20.0)
        self.assertAlmostEqual(comeback.score, 15.0)
        self.assertAlmostEqual(audit.score, 30.0)
        card.action_score()
        self.assertEqual(card.state, "scored")
        self.assertAlmostEqual(card.score, 65.0)
        self.assertEqual(card.grade_id, self.grade_c)
        self.assertFalse(card.vetoed)

    def test_veto_zeroes_or_caps(self):
        template = self.make_template(
            "Veto card",
            weights=(0.0, 0.0, 100.0),
            vetoes=[
                {"name": "No claim fraud", "veto_effect": "zero"},
                {
                    "name": "Certified technicians",
                    "veto_effect": "cap",
                    "veto_grade_id": self.grade_c.id,
                },
            ],
        )
        card = self.fill(self.make_card(template), audit=100.0)
        self.assertAlmostEqual(card.score, 100.0)
        self.assertEqual(card.grade_id, self.grade_a)
        fraud, certified = card.line_ids.filtered("is_veto")
        certified.veto_result = "fail"
        self.assertTrue(card.vetoed)
        self.assertAlmostEqual(card.score, 100.0)
        self.assertEqual(card.grade_id, self.grade_c, "a failed veto item caps the grade")
        fraud.veto_result = "fail"
        self.assertAlmostEqual(card.score, 0.0)
        self.assertEqual(card.grade_id, self.grade_d, "a failed veto item zeroes the score")

    def test_veto_result_needed_to_score(self):
        template = self.make_template(
            "Veto card", vetoes=[{"name": "No claim fraud", "veto_effect": "zero"}]
        )
        card = self.make_card(template)
        with self.assertRaisesRegex(UserError, "No claim fraud"):
            card.action_score()
        self.assertEqual(card.state, "draft")

    def test_closed_period_refused(self):
        card = self.fill(self.make_card())
        card.action_score()
        with self.assertRaises(AccessError):
            card.action_approve()
        self.assertEqual(card.state, "scored")
        card.with_user(self.hq_manager).action_approve()
        card.with_user(self.hq_manager).action_close()
        self.assertEqual(card.state, "closed")
        Assessment = self.env["kia.assessment"]
        with self.assertRaisesRegex(UserError, "is closed"):
            self.make_card()
        self.assertEqual(Assessment.search_count([("company_id", "=", self.dealer_a.id)]), 1)
        with self.assertRaisesRegex(UserError, "is closed"):
            card.with_user(self.hq_manager).action_score()
        with self.assertRaises(UserError):
            card.line_ids[2].audit_percent = 10.0
        self.assertAlmostEqual(card.score, 65.0)
        with self.assertRaisesRegex(UserError, "已关闭"):
            card.with_context(lang="zh_CN").with_user(self.hq_manager).action_fill_kpi()

    def test_isolation(self):
        card = self.fill(self.make_card())
        card.action_score()
        # Not approved yet: the dealer does not see it.
        Assessment = self.env["kia.assessment"]
        self.assertFalse(Assessment.with_user(self.manager_a).search([]))
        card.with_user(self.hq_manager).action_approve()
        self.assertEqual(Assessment.with_user(self.manager_a).search([]), card)
        self.assertEqual(
            self.env["kia.assessment.line"].with_user(self.manager_a).search_count([]), 3
        )
        self.assertFalse(Assessment.with_user(self.manager_b).search([]))
        with self.assertRaises(AccessError):
            card.with_user(self.manager_b).read(["score"])
        with self.assertRaises(AccessError):
            card.with_user(self.manager_a).write({"note": "<p>better</p>"})
        with self.assertRaises(AccessError):
            card.with_user(self.manager_a).action_close()
        self.assertEqual(card.state, "approved")
        with self.assertRaises(AccessError):
            self.make_card(user=self.manager_a)

    def test_dealer_type_must_match(self):
        with self.assertRaisesRegex(ValidationError, "another dealer type"), self.cr.savepoint():
            self.env["kia.assessment"].with_user(self.hq_officer).create(
                {
                    "company_id": self.dealer_b.id,
                    "template_id": self.template.id,
                    "date_from": MONTH,
                    "date_to": MONTH_END,
                }
            )
        self.assertFalse(self.env["kia.assessment"].search([("company_id", "=", self.dealer_b.id)]))

    def test_return_to_draft_needs_reason(self):
        card = self.fill(self.make_card())
        card.action_score()
        Wizard = self.env["kia.assessment.return"].with_user(self.hq_officer)
        form = Form(Wizard.with_context(default_assessment_ids=card.ids))
        with self.assertRaises(AssertionError):
            form.save()
        form.reason = "  "
        wizard = form.save()
        with self.assertRaises(UserError) as error:
            wizard.action_reset_draft()
        self.assertIn("reason", str(error.exception))
        with self.assertRaises(UserError):
            card.action_reset_draft()
        self.assertEqual(card.state, "scored")
        self.assertFalse(card.return_reason)
        with self.assertRaises(AccessError):
            card.with_user(self.manager_a).action_reset_draft(reason="mine")
        form = Form(Wizard.with_context(default_assessment_ids=card.ids))
        form.reason = "Audit evidence of the process audit missing"
        self.assertTrue(form.save().action_reset_draft())
        self.assertEqual(card.state, "draft")
        self.assertEqual(card.return_reason, "Audit evidence of the process audit missing")
