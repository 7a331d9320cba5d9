from lxml import etree

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .service_common import KiaServiceProcessCase


@tagged("post_install", "-at_install")
class TestWorkshopAuthority(KiaServiceProcessCase):
    """The workshop floor: a job's state, checks and rework change only through the clock and
    check buttons, its technician only through the foreman's dispatch; time logs only through
    the clock; the final inspection's results only by a QC inspector who did not do the work."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.qc2_a = cls.make_user("t_qc2_a", "kia_base.group_qc_inspector", cls.dealer_a)
        cls.writers = {
            "technician": cls.technician_a,
            "qc_inspector": cls.qc_a,
            "foreman": cls.foreman_a,
            "advisor": cls.advisor_a,
            "service_manager": cls.manager_a,
        }

    def _confirmed_repair(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        return repair

    def _snapshot(self, records, fnames):
        records.invalidate_recordset()
        return records.read(fnames)

    def assertRefused(self, records, vals, action_words):
        """``vals`` written by each dealer role is refused naming the action; nothing moves."""
        before = self._snapshot(records, list(vals))
        for role, user in self.writers.items():
            with self.subTest(role=role, vals=vals):
                with self.assertRaises(AccessError) as err:
                    records.with_user(user).write(vals)
                self.assertIn(action_words, str(err.exception))
                self.assertEqual(self._snapshot(records, list(vals)), before)

    # Jobs -------------------------------------------------------------------------------

    def test_job_state_and_checks_refused_for_every_role(self):
        repair = self._confirmed_repair()
        job = repair.kia_job_ids
        job.with_user(self.foreman_a).write({"technician_id": self.technician_a.id})
        now = fields.Datetime.now()
        cases = [
            ({"state": "done"}, "Start, Pause and Finish"),
            ({"state": "in_progress"}, "Start, Pause and Finish"),
            ({"self_check_user_id": self.technician_a.id}, "Start, Pause and Finish"),
            ({"self_check_date": now}, "Start, Pause and Finish"),
            ({"foreman_check_user_id": self.foreman_a.id}, "Check OK and Send Back"),
            ({"foreman_check_date": now}, "Check OK and Send Back"),
            ({"rework_count": 3}, "Check OK and Send Back"),
            ({"rework_reason": "redo"}, "Send Back and Fail Inspection"),
        ]
        for vals, words in cases:
            self.assertRefused(job, vals, words)
        self.assertEqual(job.state, "ready")
        self.assertFalse(job.time_ids)

    def test_job_created_with_protected_values_refused(self):
        repair = self._confirmed_repair()
        Job = self.env["kia.repair.job"].with_user(self.advisor_a)
        base = {"name": "Extra", "repair_id": repair.id, "company_id": self.dealer_a.id}
        for vals in ({"state": "done"}, {"foreman_check_date": fields.Datetime.now()}):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                Job.create(dict(base, **vals))
        with self.assertRaisesRegex(AccessError, "Workshop Foreman"):
            Job.create(dict(base, technician_id=self.technician_a.id))
        self.assertEqual(len(repair.kia_job_ids), 1)

    def test_technician_cannot_finish_without_clocking(self):
        repair = self._confirmed_repair()
        job = repair.kia_job_ids
        job.with_user(self.foreman_a).write({"technician_id": self.technician_a.id})
        with self.assertRaisesRegex(AccessError, "Start, Pause and Finish"):
            job.with_user(self.technician_a).write({"state": "done"})
        with self.assertRaises(UserError):
            job.with_user(self.technician_a).action_finish()
        job.invalidate_recordset()
        self.assertEqual(job.state, "ready")
        self.assertFalse(job.self_check_user_id)
        self.assertFalse(job.time_ids)

    def test_waiting_job_follows_customer_approval_only(self):
        repair = self._confirmed_repair()
        extra = self.env["repair.service"].create(
            {"repair_id": repair.id, "kia_labor_operation_id": self.op_oil.id}
        )
        job = extra.kia_job_ids
        self.assertEqual(job.state, "waiting_approval")
        for user in (self.technician_a, self.foreman_a, self.advisor_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                job.with_user(user).write({"state": "ready"})
        self.assertEqual(job.state, "waiting_approval")
        extra.with_user(self.advisor_a).action_kia_approve()
        self.assertEqual(job.state, "ready")

    def test_kanban_not_draggable(self):
        view = self.env.ref("kia_service.kia_repair_job_view_kanban")
        kanban = etree.fromstring(view.arch)
        self.assertEqual(kanban.get("default_group_by"), "state")
        self.assertEqual(kanban.get("records_draggable"), "0")

    def test_dispatch_by_foreman_or_manager_only(self):
        repair = self._confirmed_repair()
        job = repair.kia_job_ids
        for user in (self.technician_a, self.qc_a, self.advisor_a):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(AccessError, "dispatch"):
                    job.with_user(user).write({"technician_id": user.id})
                with self.assertRaisesRegex(AccessError, "dispatch"):
                    job.with_user(user).write({"bay_id": self.bay_a.id})
                job.invalidate_recordset()
                self.assertFalse(job.technician_id)
                self.assertFalse(job.bay_id)
        job.with_user(self.foreman_a).write({"technician_id": self.technician2_a.id})
        job.with_user(self.manager_a).write(
            {"technician_id": self.technician_a.id, "bay_id": self.bay_a.id}
        )
        self.assertEqual(job.technician_id, self.technician_a)
        job.with_user(self.technician_a).action_start()
        with self.assertRaisesRegex(UserError, "no longer change"):
            job.with_user(self.foreman_a).write({"technician_id": self.technician2_a.id})
        self.assertEqual(job.technician_id, self.technician_a)

    def test_qc_inspector_cannot_reassign_and_pass_own_work(self):
        """The QC inspector who did the job may neither give it to someone else nor pass it."""
        repair = self._confirmed_repair()
        job = repair.kia_job_ids
        job.with_user(self.foreman_a).write({"technician_id": self.qc_a.id})
        job.with_user(self.qc_a).action_start()
        job.with_user(self.qc_a).action_finish()
        job.with_user(self.foreman_a).action_foreman_check()
        repair.with_user(self.qc_a).action_kia_start_qc()
        self.answer_qc(repair, self.qc2_a)
        with self.assertRaisesRegex(AccessError, "dispatch"):
            job.with_user(self.qc_a).write({"technician_id": self.technician_a.id})
        job.invalidate_recordset()
        self.assertEqual(job.technician_id, self.qc_a)
        with self.assertRaises(UserError):
            repair.with_user(self.qc_a).action_kia_qc_pass()
        self.assertEqual(repair.kia_qc_state, "pending")
        # Nor may the foreman hand the finished job to someone else afterwards.
        with self.assertRaisesRegex(UserError, "no longer change"):
            job.with_user(self.foreman_a).write({"technician_id": self.technician_a.id})
        # Another inspector passes it.
        repair.with_user(self.qc2_a).action_kia_qc_pass()
        self.assertEqual(repair.kia_qc_state, "passed")

    # Time logs ---------------------------------------------------------------------------

    def test_time_logs_written_only_by_the_clock(self):
        repair = self._confirmed_repair()
        job = repair.kia_job_ids
        job.with_user(self.foreman_a).write({"technician_id": self.technician_a.id})
        job.with_user(self.technician_a).action_start()
        job.with_user(self.technician_a).action_finish()
        log = job.time_ids
        self.assertEqual(len(log), 1)
        fnames = ["date_start", "date_stop", "duration", "user_id", "job_id", "pause_reason"]
        before = self._snapshot(log, fnames)
        earlier = fields.Datetime.subtract(log.date_start, hours=3)
        cases = [
            {"date_start": earlier},
            {"date_stop": fields.Datetime.add(log.date_stop, hours=5)},
            {"duration": 8.0},
            {"user_id": self.technician2_a.id},
            {"pause_reason": "parts"},
        ]
        for user in (self.technician_a, self.manager_a):
            for vals in cases:
                with self.subTest(user=user.login, vals=vals):
                    with self.assertRaisesRegex(AccessError, "Start, Pause and Finish"):
                        log.with_user(user).write(vals)
                    self.assertEqual(self._snapshot(log, fnames), before)
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["kia.repair.job.time"].with_user(user).create(
                    {"job_id": job.id, "user_id": user.id, "date_start": earlier}
                )
        with self.assertRaises(AccessError):
            log.with_user(self.manager_a).unlink()
        self.assertEqual(job.time_ids, log)
        self.assertEqual(self._snapshot(log, fnames), before)

    # Final inspection ---------------------------------------------------------------------

    def _worked_repair(self):
        repair = self._confirmed_repair()
        self.work_repair(repair)
        repair.with_user(self.qc_a).action_kia_start_qc()
        self.answer_qc(repair, self.qc_a)
        return repair

    def test_technician_cannot_record_inspection_results(self):
        repair = self._worked_repair()
        line = repair.kia_qc_check_ids[:1]
        line.with_user(self.qc_a).write({"result": "fail", "note": "Pads rattle"})
        for user in (self.technician_a, self.advisor_a, self.foreman_a):
            with self.subTest(user=user.login):
                with self.assertRaisesRegex(AccessError, "QC Inspector"):
                    line.with_user(user).write({"result": "ok"})
                with self.assertRaises(AccessError):
                    line.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    self.env["kia.repair.check"].with_user(user).create(
                        {"repair_id": repair.id, "kind": "qc", "name": "x", "result": "fail"}
                    )
        with self.assertRaises(AccessError):
            line.with_user(self.qc_a).write({"kind": "walkaround"})
        line.invalidate_recordset()
        self.assertEqual((line.result, line.note, line.kind), ("fail", "Pads rattle", "qc"))

    def test_worker_cannot_record_own_inspection(self):
        repair = self._confirmed_repair()
        job = repair.kia_job_ids
        job.with_user(self.foreman_a).write({"technician_id": self.qc_a.id})
        job.with_user(self.qc_a).action_start()
        job.with_user(self.qc_a).action_finish()
        repair.with_user(self.qc2_a).action_kia_start_qc()
        self.answer_qc(repair, self.qc2_a)
        line = repair.kia_qc_check_ids[:1]
        with self.assertRaisesRegex(AccessError, "another QC inspector"):
            line.with_user(self.qc_a).write({"result": "remark"})
        self.assertEqual(line.result, "ok")
        line.with_user(self.qc2_a).write({"result": "remark"})
        self.assertEqual(line.result, "remark")

    def test_passed_inspection_is_final(self):
        repair = self._worked_repair()
        repair.with_user(self.qc_a).action_kia_qc_pass()
        line = repair.kia_qc_check_ids[:1]
        with self.assertRaisesRegex(UserError, "final"):
            line.with_user(self.qc2_a).write({"result": "fail"})
        self.assertEqual(line.result, "ok")

    def test_advisor_records_walkaround(self):
        repair = self.create_repair()
        line = repair.kia_walkaround_ids[:1]
        line.with_user(self.advisor_a).write({"result": "remark", "note": "Scratch, rear door"})
        self.assertEqual(line.result, "remark")

    # Checklist templates ------------------------------------------------------------------

    def test_kia_checklists_are_head_office_s(self):
        template = self.env.ref("kia_service.checklist_template_qc")
        item = template.item_ids[:1]
        self.assertFalse(template.company_id)
        for vals in ({"name": "Mine"}, {"active": False}, {"company_id": self.dealer_a.id}):
            with self.subTest(vals=vals), self.assertRaisesRegex(AccessError, "head office"):
                template.with_user(self.manager_a).write(vals)
        with self.assertRaises(AccessError):
            item.with_user(self.manager_a).write({"name": "Skip it"})
        with self.assertRaises(AccessError):
            item.with_user(self.manager_a).unlink()
        with self.assertRaises(AccessError):
            self.env["kia.checklist.template.item"].with_user(self.manager_a).create(
                {"template_id": template.id, "name": "Extra"}
            )
        with self.assertRaises(AccessError):
            template.with_user(self.manager_a).unlink()
        self.assertTrue(template.active)
        self.assertTrue(item.exists())
        # A dealer adds its own, in its own company; head office edits Kia's.
        own = (
            self.env["kia.checklist.template"]
            .with_user(self.manager_a)
            .create({"name": "Dealer A QC", "kind": "qc", "item_ids": [(0, 0, {"name": "Horn"})]})
        )
        self.assertEqual(own.company_id, self.dealer_a)
        own.item_ids.with_user(self.manager_a).write({"name": "Horn and lights"})
        template.with_user(self.hq_manager).write({"sequence": 5})

    def test_walkaround_template_follows_changes(self):
        """The template an RO loads is looked up once and remembered: a dealer's own template
        takes over from the next RO on, and archiving it hands back to head office's."""
        shared = self.create_repair().kia_walkaround_ids.mapped("name")
        self.assertTrue(shared)
        own = (
            self.env["kia.checklist.template"]
            .with_user(self.manager_a)
            .create(
                {
                    "name": "Dealer A walk-around",
                    "kind": "walkaround",
                    "item_ids": [(0, 0, {"name": "Dashcam card"})],
                }
            )
        )
        self.assertEqual(self.create_repair().kia_walkaround_ids.mapped("name"), ["Dashcam card"])
        own.item_ids.with_user(self.manager_a).write({"name": "Dashcam card removed"})
        self.assertEqual(
            self.create_repair().kia_walkaround_ids.mapped("name"), ["Dashcam card removed"]
        )
        own.with_user(self.manager_a).write({"active": False})
        self.assertEqual(self.create_repair().kia_walkaround_ids.mapped("name"), shared)

    # Each role walks its own part ---------------------------------------------------------

    def test_technician_walk(self):
        repair = self._confirmed_repair()
        job = repair.kia_job_ids
        job.with_user(self.foreman_a).write({"technician_id": self.technician_a.id})
        job = job.with_user(self.technician_a)
        job.action_start()
        self.assertEqual(job.state, "in_progress")
        job.action_pause("parts")
        self.assertEqual(job.state, "paused")
        job.action_start()
        self.assertIs(job.action_finish(), True)
        self.assertEqual(job.state, "done")
        self.assertEqual(job.self_check_user_id, self.technician_a)
        self.assertEqual(len(job.time_ids), 2)
        self.assertTrue(all(log.date_stop for log in job.time_ids))

    def test_foreman_walk(self):
        repair = self._confirmed_repair()
        job = repair.kia_job_ids.with_user(self.foreman_a)
        job.write({"technician_id": self.technician_a.id, "bay_id": self.bay_a.id})
        job.with_user(self.technician_a).action_start()
        job.with_user(self.technician_a).action_finish()
        wizard = (
            self.env["kia.repair.job.reject"]
            .with_user(self.foreman_a)
            .create({"job_ids": [(6, 0, job.ids)], "reason": "Torque not checked"})
        )
        wizard.action_apply()
        self.assertEqual((job.state, job.rework_count), ("ready", 1))
        self.assertEqual(job.rework_reason, "Torque not checked")
        job.with_user(self.technician_a).action_start()
        job.with_user(self.technician_a).action_finish()
        self.assertIs(job.action_foreman_check(), True)
        self.assertEqual(job.foreman_check_user_id, self.foreman_a)

    def test_qc_inspector_walk(self):
        repair = self._worked_repair()
        lines = repair.kia_qc_check_ids.with_user(self.qc_a)
        lines[:1].write({"result": "fail", "note": "Brake pedal soft"})
        wizard = (
            self.env["repair.order.qc.fail"]
            .with_user(self.qc_a)
            .create({"repair_ids": [(6, 0, repair.ids)], "reason": "Brake pedal soft"})
        )
        wizard.action_apply()
        self.assertEqual(repair.kia_qc_state, "failed")
        self.assertEqual(repair.kia_job_ids.state, "ready")
        self.work_repair(repair)
        lines[:1].write({"result": "ok", "note": False})
        repair.with_user(self.qc_a).action_kia_qc_pass()
        self.assertEqual(repair.kia_qc_state, "passed")
