import base64
from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import KiaFacilityCase


@tagged("post_install", "-at_install")
class TestWorkNorm(KiaFacilityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Norm = cls.env["kia.work.norm"].with_user(cls.manager_a)
        cls.five_s = Norm.create(
            {
                "name": "5S workshop inspection",
                "kind": "workshop_5s",
                "role_id": cls.env.ref("kia_base.group_foreman").id,
                "user_id": cls.foreman_a.id,
                "next_date": "2026-03-01",
            }
        )
        cls.car_check = Norm.create(
            {
                "name": "Service car check",
                "kind": "service_car_check",
                "user_id": cls.foreman_a.id,
                "interval_type": "week",
                "next_date": "2026-03-02",
                "photo_required": False,
            }
        )

    def _generate(self, day):
        with freeze_time(day):
            checks = self.env["kia.work.norm"]._cron_generate_checks()
        return checks.filtered(lambda c: c.company_id == self.dealer_a)

    def test_checklists_generated_on_schedule(self):
        checks = self._generate("2026-03-02")
        five_s = checks.filtered(lambda c: c.norm_id == self.five_s)
        self.assertEqual(five_s.mapped("date"), [date(2026, 3, 1), date(2026, 3, 2)])
        self.assertEqual(five_s.user_id, self.foreman_a)
        self.assertEqual(five_s.activity_ids.user_id, self.foreman_a)
        self.assertEqual(self.five_s.next_date, date(2026, 3, 3))
        weekly = checks.filtered(lambda c: c.norm_id == self.car_check)
        self.assertEqual(weekly.date, date(2026, 3, 2))
        self.assertEqual(self.car_check.next_date, date(2026, 3, 9))
        # the same day again: nothing new
        self.assertFalse(self._generate("2026-03-02"))
        # the weekly one comes back a week later
        later = self._generate("2026-03-09")
        self.assertEqual(len(later.filtered(lambda c: c.norm_id == self.car_check)), 1)
        self.assertEqual(len(later.filtered(lambda c: c.norm_id == self.five_s)), 7)

    def test_done_needs_note_and_photo(self):
        check = self._generate("2026-03-01").filtered(lambda c: c.norm_id == self.five_s)
        check = check.with_user(self.foreman_a)
        with freeze_time("2026-03-01 17:00:00"):
            with self.assertRaises(UserError):
                check.action_done()
            self.assertEqual(check.state, "todo")
            check.note = "Bay 3 floor oily, cleaned."
            with self.assertRaises(UserError) as error:
                check.with_context(lang="en_US").action_done()
            self.assertIn("photo", str(error.exception))
            self.assertEqual(check.state, "todo")
            self.env["ir.attachment"].with_user(self.foreman_a).create(
                {
                    "name": "bay3.jpg",
                    "datas": base64.b64encode(b"jpeg"),
                    "res_model": check._name,
                    "res_id": check.id,
                }
            )
            check.invalidate_recordset(["attachment_count"])
            check.action_done()
        self.assertEqual(check.state, "done")
        self.assertTrue(check.on_time)
        self.assertEqual(check.compliance, 100.0)
        self.assertFalse(check.activity_ids)
        with self.assertRaises(UserError):
            check.action_done()

    def test_missed_after_grace_and_compliance(self):
        self._generate("2026-03-01")
        checks = self._generate("2026-03-04")
        self.assertTrue(checks)
        all_checks = self.env["kia.work.norm.check"].search([("norm_id", "=", self.five_s.id)])
        missed = all_checks.filtered(lambda c: c.state == "missed")
        # grace of one day: 1 and 2 March are missed on the 4th, 3 and 4 March still to do
        self.assertEqual(missed.mapped("date"), [date(2026, 3, 2), date(2026, 3, 1)])
        self.assertEqual(set(missed.mapped("compliance")), {0.0})
        groups = self.env["kia.work.norm.check"]._read_group(
            [("norm_id", "=", self.five_s.id), ("state", "!=", "todo")],
            ["company_id"],
            ["compliance:avg"],
        )
        self.assertEqual(groups, [(self.dealer_a, 0.0)])

    def test_bad_norms_refused_and_access(self):
        Norm = self.env["kia.work.norm"].with_user(self.manager_a)
        count = Norm.search_count([])
        with self.assertRaises(ValidationError):
            Norm.create(
                {
                    "name": "Morning meeting",
                    "role_id": self.env.ref("kia_base.group_service_manager").id,
                    "user_id": self.technician_a.id,
                }
            )
        self.assertEqual(Norm.search_count([]), count)
        with self.assertRaises(AccessError):
            self.env["kia.work.norm"].with_user(self.technician_a).create(
                {"name": "Self-made", "user_id": self.technician_a.id}
            )
        self._generate("2026-03-01")
        self.assertFalse(
            self.env["kia.work.norm.check"]
            .with_user(self.advisor_b)
            .search([("company_id", "=", self.dealer_a.id)])
        )
