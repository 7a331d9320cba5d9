import uuid
from contextlib import contextmanager

from psycopg2 import errors

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from odoo.addons.kia_base.tests.common import KiaRaceCase

from .common import KiaFacilityCase


class RefusedMixin:
    @contextmanager
    def assertRefused(self, text, msg=None):
        """An AccessError naming ``text``, with everything rolled back (Odoo's assertRaises
        takes a savepoint, unittest's assertRaisesRegex does not)."""
        with self.assertRaises(AccessError, msg=msg) as err:
            yield err
        self.assertIn(text, str(err.exception))


@tagged("post_install", "-at_install")
class TestAuditAuthority(RefusedMixin, KiaFacilityCase):
    """Head office's audits, checklists and standards are head office's; the state and the
    scores of an audit change only through its Close and Reopen buttons."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.template = cls.env["kia.audit.template"].create(
            {
                "name": "Network facility audit",
                "criterion_ids": [
                    (0, 0, {"name": "Workshop 5S", "points": 10}),
                    (0, 0, {"name": "Fire extinguishers", "points": 5, "is_veto": True}),
                ],
            }
        )
        cls.hq_audit = (
            cls.env["kia.audit"]
            .with_user(cls.hq_officer)
            .create(
                {
                    "company_id": cls.dealer_a.id,
                    "template_id": cls.template.id,
                    "audit_type": "hq",
                }
            )
        )
        cls.hq_audit.line_ids[0].with_user(cls.hq_officer).score = 6
        cls.dealer_roles = (cls.manager_a, cls.foreman_a, cls.technician_a, cls.advisor_a)

    def self_audit(self):
        return (
            self.env["kia.audit"]
            .with_user(self.manager_a)
            .create({"template_id": self.template.id})
        )

    def test_dealer_cannot_change_hq_audit(self):
        audit = self.hq_audit
        for user in self.dealer_roles:
            for vals in ({"date": "2020-01-01"}, {"state": "done"}, {"audit_type": "self"}):
                with self.assertRaises(AccessError, msg=f"{user.login} {vals}"):
                    audit.with_user(user).write(vals)
            with self.assertRaises(AccessError):
                audit.line_ids[0].with_user(user).write({"score": 10})
            with self.assertRaises(AccessError):
                audit.with_user(user).unlink()
            with self.assertRaises(AccessError):
                audit.with_user(user).action_done()
        audit.invalidate_recordset()
        self.assertEqual(audit.state, "draft")
        self.assertEqual(audit.audit_type, "hq")
        self.assertEqual(audit.line_ids[0].score, 6)
        self.assertTrue(audit.exists())

    def test_hq_audit_message_names_head_office(self):
        with self.assertRefused("head office"):
            self.hq_audit.with_user(self.manager_a).write({"date": "2020-01-01"})

    def test_dealer_cannot_open_hq_audit(self):
        with self.assertRefused("open a head-office audit"):
            self.env["kia.audit"].with_user(self.manager_a).create(
                {"template_id": self.template.id, "audit_type": "hq"}
            )
        self.assertFalse(
            self.env["kia.audit"].search(
                [("company_id", "=", self.dealer_a.id), ("id", "!=", self.hq_audit.id)]
            )
        )

    def test_state_and_scores_only_through_actions(self):
        audit = self.self_audit()
        for user in (self.manager_a, self.hq_officer):
            for fname, value in (
                ("state", "done"),
                ("score", 99),
                ("max_points", 1),
                ("score_percent", 100),
                ("vetoed", True),
                ("auditor_id", self.hq_officer.id),
            ):
                with self.assertRaises(AccessError, msg=f"{user.login} {fname}") as err:
                    audit.with_user(user).write({fname: value})
                self.assertIn("changes only through", str(err.exception))
        audit.invalidate_recordset()
        self.assertEqual(audit.state, "draft")
        self.assertEqual(audit.score, 0)
        self.assertEqual(audit.auditor_id, self.manager_a)
        with self.assertRefused("Close and Reopen"):
            self.env["kia.audit"].with_user(self.manager_a).create(
                {"template_id": self.template.id, "state": "done"}
            )

    def test_closed_audit_reopened_only_by_hq(self):
        audit = self.self_audit()
        audit.line_ids[0].score = 7
        self.assertIs(audit.with_user(self.manager_a).action_done(), True)
        for user in self.dealer_roles:
            with self.assertRaises(AccessError):
                audit.with_user(user).action_reset()
            with self.assertRefused("Close and Reopen"):
                audit.with_user(user).write({"state": "draft"})
            with self.assertRaises(ValidationError):
                audit.with_user(user).write({"date": "2020-01-01"})
        with self.assertRaises(ValidationError):
            audit.line_ids[0].with_user(self.manager_a).write({"score": 10})
        with self.assertRaises(ValidationError):
            audit.line_ids[0].with_user(self.manager_a).unlink()
        audit.invalidate_recordset()
        self.assertEqual(audit.state, "done")
        self.assertEqual(audit.line_ids[0].score, 7)
        self.assertIs(audit.with_user(self.hq_officer).action_reset(), True)
        self.assertEqual(audit.state, "draft")

    def grant_rights(self, user, *models):
        """Give ``user`` full rights on ``models``: the head-office guard, not the ACL, must
        refuse."""
        user.groups_id += self.env["res.groups"].create(
            {
                "name": "Test catalogue editors",
                "model_access": [
                    (
                        0,
                        0,
                        {
                            "name": f"test editors {model}",
                            "model_id": self.env["ir.model"]._get(model).id,
                            "perm_read": True,
                            "perm_write": True,
                            "perm_create": True,
                            "perm_unlink": True,
                        },
                    )
                    for model in models
                ],
            }
        )

    def test_hq_catalogues_read_only_to_dealers(self):
        self.grant_rights(
            self.manager_a,
            "kia.audit.template",
            "kia.audit.criterion",
            "kia.facility.standard",
            "kia.tool.requirement",
        )
        standard = self.env["kia.facility.standard"].search([], limit=1)
        requirement = self.env["kia.tool.requirement"].create(
            {"dealer_type": "dealer_4s", "tool_code": "T-AUTH-1", "name": "Tester"}
        )
        criterion = self.template.criterion_ids[0]
        minimum = standard.min_area_m2
        for record, vals in (
            (self.template, {"name": "Mine"}),
            (criterion, {"points": 1}),
            (standard, {"min_area_m2": minimum + 1}),
            (requirement, {"quantity": 9}),
        ):
            with self.assertRefused("head office", msg=record._name):
                record.with_user(self.manager_a).write(vals)
        for record in (self.template, criterion, standard, requirement):
            with self.assertRefused("head office", msg=record._name):
                record.with_user(self.manager_a).unlink()
        with self.assertRefused("head office"):
            self.env["kia.tool.requirement"].with_user(self.manager_a).create(
                {"dealer_type": "dealer_4s", "tool_code": "T-AUTH-2", "name": "Mine"}
            )
        with self.assertRefused("head office"):
            self.env["kia.audit.criterion"].with_user(self.manager_a).create(
                {"template_id": self.template.id, "name": "Mine", "points": 1}
            )
        self.assertEqual(self.template.name, "Network facility audit")
        self.assertEqual(criterion.points, 10)
        self.assertEqual(
            self.env["kia.audit.criterion"].search_count([("template_id", "=", self.template.id)]),
            2,
        )
        self.assertEqual(standard.min_area_m2, minimum)
        self.assertEqual(requirement.quantity, 1)
        # a dealer keeps its own checklist next to Kia's
        own = (
            self.env["kia.audit.template"]
            .with_user(self.manager_a)
            .create({"name": "Own checklist", "company_id": self.dealer_a.id})
        )
        own.with_user(self.manager_a).name = "Own checklist v2"
        self.assertEqual(own.name, "Own checklist v2")

    def test_hq_officer_edits_network_checklist(self):
        self.template.with_user(self.hq_officer).name = "Network facility audit v2"
        self.assertEqual(self.template.name, "Network facility audit v2")

    def test_service_manager_walks_self_audit(self):
        audit = self.self_audit()
        lines = audit.line_ids.with_user(self.manager_a)
        lines[0].score = 9
        lines[1].score = 5
        self.assertEqual(audit.score, 14)
        self.assertIs(audit.with_user(self.manager_a).action_done(), True)
        self.assertEqual(audit.state, "done")

    def test_hq_officer_walks_hq_audit(self):
        audit = self.hq_audit.with_user(self.hq_officer)
        audit.line_ids[1].veto_failed = True
        self.assertTrue(audit.vetoed)
        self.assertIs(audit.action_done(), True)
        self.assertIs(audit.action_reset(), True)
        self.assertIs(audit.action_done(), True)
        self.assertEqual(audit.state, "done")
        self.assertEqual(audit.score, 0)


@tagged("post_install", "-at_install")
class TestToolAuthority(RefusedMixin, KiaFacilityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tool = (
            cls.env["maintenance.equipment"]
            .with_user(cls.foreman_a)
            .create(
                {
                    "name": "Auth GDS",
                    "kia_is_special_tool": True,
                    "kia_calibration_months": 12,
                    "kia_last_calibration_date": "2025-01-15",
                }
            )
        )
        cls.team = cls.env["maintenance.team"].create(
            {"name": "Auth tool room", "company_id": cls.dealer_a.id}
        )

    def test_loan_state_and_return_only_through_return(self):
        with self.assertRefused("Return button"):
            self.env["kia.tool.loan"].with_user(self.technician_a).create(
                {"equipment_id": self.tool.id, "state": "returned"}
            )
        loan = (
            self.env["kia.tool.loan"]
            .with_user(self.technician_a)
            .create({"equipment_id": self.tool.id})
        )
        for user in (self.technician_a, self.foreman_a, self.manager_a):
            for vals in ({"state": "returned"}, {"date_returned": "2025-01-01 10:00:00"}):
                with self.assertRefused("Return button"):
                    loan.with_user(user).write(vals)
        loan.invalidate_recordset()
        self.assertEqual(loan.state, "out")
        self.assertFalse(loan.date_returned)
        with self.assertRaises(AccessError):
            loan.with_user(self.advisor_a).action_return()
        self.assertEqual(loan.state, "out")

    def test_technician_walks_loan(self):
        Loan = self.env["kia.tool.loan"].with_user(self.technician_a)
        loan = Loan.create({"equipment_id": self.tool.id})
        self.assertIs(loan.action_return(), True)
        self.assertEqual(loan.state, "returned")
        self.assertTrue(loan.date_returned)
        self.assertEqual(Loan.create({"equipment_id": self.tool.id}).state, "out")

    def test_calibration_date_only_through_its_request(self):
        for user in (self.foreman_a, self.manager_a):
            with self.assertRefused("calibration request"):
                self.tool.with_user(user).write({"kia_last_calibration_date": "2030-01-01"})
        with self.assertRaises(AccessError):
            self.env["maintenance.equipment"].with_user(self.technician_a).create(
                {"name": "Mine", "kia_last_calibration_date": "2030-01-01"}
            )
        self.assertEqual(str(self.tool.kia_last_calibration_date), "2025-01-15")
        # a technician who finishes a calibration request does not record the calibration
        done_stage = self.env["maintenance.stage"].search([("done", "=", True)], limit=1)
        request = self.env["maintenance.request"].create(
            {
                "name": "Calibrate",
                "equipment_id": self.tool.id,
                "kia_is_calibration": True,
                "company_id": self.dealer_a.id,
                "maintenance_team_id": self.team.id,
            }
        )
        with self.assertRaises(AccessError):
            request.with_user(self.technician_a).stage_id = done_stage
        self.assertEqual(str(self.tool.kia_last_calibration_date), "2025-01-15")

    def test_foreman_walks_calibration(self):
        done_stage = self.env["maintenance.stage"].search([("done", "=", True)], limit=1)
        request = (
            self.env["maintenance.request"]
            .with_user(self.foreman_a)
            .create(
                {
                    "name": "Calibrate",
                    "equipment_id": self.tool.id,
                    "kia_is_calibration": True,
                    "company_id": self.dealer_a.id,
                    "maintenance_team_id": self.team.id,
                }
            )
        )
        request.stage_id = done_stage
        self.assertEqual(self.tool.kia_last_calibration_date, request.close_date)


@tagged("post_install", "-at_install")
class TestToolLoanRace(KiaRaceCase):
    """The last free tool goes to one of two technicians lending it at the same moment."""

    def setUp(self):
        super().setUp()
        tag = uuid.uuid4().hex[:8]
        with self.committed() as env:
            company = env.ref("base.main_company")
            user = new_test_user(
                env,
                login=f"t_race_tool_tech_{tag}",
                groups="kia_base.group_technician",
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
            )
            tool = env["maintenance.equipment"].create(
                {"name": f"Race GDS {tag}", "company_id": company.id, "kia_is_special_tool": True}
            )
            self.created += [user, tool]
            self.user, self.tool_id = user, tool.id
        self.addCleanup(self._delete_loans)

    def _delete_loans(self):
        with self.committed() as env:
            env["kia.tool.loan"].search([("equipment_id", "=", self.tool_id)]).write(
                {"state": "returned"}
            )
            env["kia.tool.loan"].search([("equipment_id", "=", self.tool_id)]).unlink()

    def test_second_loan_on_a_stale_snapshot_is_retried(self):
        """The second request read before the first committed: it fails with a serialization
        failure (Odoo retries it, and the retry sees the tool out), not with a duplicate-key
        crash nor a second loan."""
        with self.transaction(user=self.user) as env2:
            env2.cr.execute("SELECT 1 FROM maintenance_equipment LIMIT 1")  # snapshot taken
            with self.transaction(user=self.user) as env1:
                env1["kia.tool.loan"].create({"equipment_id": self.tool_id})
                env1.cr.commit()
            with self.assertRaises(errors.SerializationFailure):
                env2["kia.tool.loan"].create({"equipment_id": self.tool_id})

    def test_second_loan_while_first_open(self):
        with self.transaction(user=self.user) as env1, self.transaction(user=self.user) as env2:
            env1["kia.tool.loan"].create({"equipment_id": self.tool_id})
            with self.assertRaises(errors.LockNotAvailable):
                env2["kia.tool.loan"].create({"equipment_id": self.tool_id})

    def test_retry_sees_the_tool_out(self):
        with self.transaction(user=self.user) as env1:
            env1["kia.tool.loan"].create({"equipment_id": self.tool_id})
            env1.cr.commit()
        with self.transaction(user=self.user) as env2, self.assertRaises(UserError):
            env2["kia.tool.loan"].create({"equipment_id": self.tool_id})


@tagged("post_install", "-at_install")
class TestWorkNormCheckAuthority(RefusedMixin, KiaFacilityCase):
    """A dealer's daily checklist stays the dealer's; it is done only through its Done button,
    by its responsible person (or a service manager)."""

    def test_checklist_done_only_through_done_by_its_owner(self):
        norm = (
            self.env["kia.work.norm"]
            .with_user(self.manager_a)
            .create(
                {"name": "Morning meeting", "user_id": self.foreman_a.id, "photo_required": False}
            )
        )
        check = self.env["kia.work.norm.check"].create(
            {
                "norm_id": norm.id,
                "company_id": self.dealer_a.id,
                "user_id": self.foreman_a.id,
                "date": "2026-03-01",
            }
        )
        for user in (self.foreman_a, self.technician_a, self.manager_a):
            for vals in ({"state": "done"}, {"done_date": "2026-03-01 08:00:00"}):
                with self.assertRefused("Done button", msg=f"{user.login} {vals}"):
                    check.with_user(user).write(vals)
        check.with_user(self.foreman_a).note = "All present."
        with self.assertRaises(AccessError):
            check.with_user(self.technician_a).action_done()
        self.assertEqual(check.state, "todo")
        self.assertFalse(check.done_date)
        self.assertIs(check.with_user(self.foreman_a).action_done(), True)
        self.assertEqual(check.state, "done")
