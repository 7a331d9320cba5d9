from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common import KiaFacilityCase


@tagged("post_install", "-at_install")
class TestAudit(KiaFacilityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env["kia.audit.template"].create(
            {
                "name": "Test facility audit",
                "criterion_ids": [
                    (0, 0, {"name": "Workshop 5S", "points": 10}),
                    (0, 0, {"name": "Parts store area", "points": 5}),
                    (0, 0, {"name": "Fire extinguishers", "points": 5, "is_veto": True}),
                ],
            }
        )

    def test_hq_audits_a_dealer(self):
        with Form(self.env["kia.audit"].with_user(self.hq_officer)) as form:
            form.company_id = self.dealer_a
            form.template_id = self.template
            form.audit_type = "hq"
        audit = form.record
        self.assertEqual(len(audit.line_ids), 3)
        self.assertEqual(audit.max_points, 20)
        lines = audit.line_ids
        lines[0].score = 8
        lines[1].score = 5
        lines[2].score = 5
        self.assertEqual(audit.score, 18)
        self.assertEqual(audit.score_percent, 90)
        lines[2].veto_failed = True
        self.assertTrue(audit.vetoed)
        self.assertEqual(audit.score, 0)
        audit.action_done()
        with self.assertRaises(ValidationError):
            lines[0].score = 10
        self.assertEqual(lines[0].score, 8)
        with self.assertRaises(UserError):
            audit.action_done()
        # the dealer's manager reads the result; the other dealer does not
        self.assertEqual(
            self.env["kia.audit"].with_user(self.manager_a).search([("id", "=", audit.id)]),
            audit,
        )
        self.assertFalse(self.env["kia.audit"].with_user(self.advisor_b).search([]))

    def test_bad_scores_refused(self):
        audit = (
            self.env["kia.audit"]
            .with_user(self.manager_a)
            .create({"template_id": self.template.id})
        )
        line = audit.line_ids[0]
        with self.assertRaises(ValidationError):
            line.score = 11
        self.assertEqual(line.score, 0)
        with self.assertRaises(ValidationError):
            audit.line_ids[1].veto_failed = True
        self.assertFalse(audit.line_ids[1].veto_failed)
        with self.assertRaises(AccessError):
            self.env["kia.audit"].with_user(self.technician_a).create(
                {"template_id": self.template.id}
            )
