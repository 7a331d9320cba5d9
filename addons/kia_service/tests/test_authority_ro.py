from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .portal_common import KiaPortalCase
from .service_common import KiaServiceProcessCase


@tagged("post_install", "-at_install")
class TestRepairOrderAuthority(KiaServiceProcessCase):
    """The repair order's state, inspection, delivery and follow-up, and the customer's
    approval of added work, change only through their actions, by the role that owns them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cr_a.write({"password": cls.cr_a.login})

    def _under_repair(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        jobs = repair.kia_job_ids.with_user(self.foreman_a)
        jobs.write({"technician_id": self.technician_a.id, "bay_id": self.bay_a.id})
        jobs.with_user(self.technician_a).action_start()
        return repair

    def _assert_refused(self, record, user, vals, action_words):
        before = record.read(list(vals))[0]
        with self.assertRaises(AccessError) as caught:
            record.with_user(user).write(vals)
        if action_words:
            self.assertIn(action_words, str(caught.exception))
        record.invalidate_recordset()
        self.assertEqual(record.read(list(vals))[0], before)

    def test_direct_writes_of_repair_order_refused(self):
        repair = self._under_repair()
        now = fields.Datetime.now()
        cases = [
            ({"state": "done"}, "End Repair"),
            ({"kia_done_date": now}, "End Repair"),
            ({"kia_qc_state": "passed"}, "Pass Inspection"),
            ({"kia_qc_user_id": self.qc_a.id}, "Pass Inspection"),
            ({"kia_rework_count": 3}, "Pass Inspection"),
            ({"kia_delivery_date": now}, "Deliver"),
            ({"kia_on_time": True}, "Deliver"),
            ({"kia_ready_date": now}, "Car Ready"),
            # Signed at reception (this very second): another stamp, another name.
            ({"kia_approved_date": fields.Datetime.subtract(now, days=1)}, "signature"),
            ({"kia_signed_by": "别人"}, "signature"),
            ({"kia_cancel_reason": "没来"}, "Cancel Repair"),
            ({"kia_followup_state": "done"}, "Follow-up Done"),
            ({"kia_unreachable_count": 2}, "Follow-up Done"),
            ({"kia_comeback_of_id": repair.id}, "confirming the repair order"),
        ]
        # Roles that write repair orders get the message naming the action; technicians and
        # foremen do not write repair orders at all.
        for user in (self.advisor_a, self.qc_a, self.cr_a, self.manager_a):
            for vals, words in cases:
                with self.subTest(user=user.login, vals=vals):
                    self._assert_refused(repair, user, vals, words)
        for user in (self.technician_a, self.foreman_a):
            for vals, _words in cases:
                with self.subTest(user=user.login, vals=vals):
                    self._assert_refused(repair, user, vals, None)
        self.assertEqual(repair.state, "under_repair")

    def test_create_with_protected_values_refused(self):
        Repair = self.env["repair.order"].with_user(self.advisor_a)
        for vals in (
            {"state": "done"},
            {"kia_qc_state": "passed"},
            {"kia_delivery_date": "2026-01-01"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                Repair.create(
                    dict(vals, vehicle_id=self.vehicle_a.id, partner_id=self.customer_a.id)
                )
        self.assertFalse(self.env["repair.order"].search([("vehicle_id", "=", self.vehicle_a.id)]))

    def test_added_work_approval_only_by_its_actions(self):
        repair = self._under_repair()
        line = (
            self.env["repair.service"]
            .with_user(self.advisor_a)
            .create({"repair_id": repair.id, "kia_labor_operation_id": self.op_oil.id})
        )
        self.assertEqual(line.kia_approval_state, "pending")
        self.assertTrue(line.kia_is_additional)
        for vals in (
            {"kia_approval_state": "approved"},
            {"kia_approval_date": fields.Datetime.now()},
            {"kia_approval_user_id": self.advisor_a.id},
        ):
            with self.subTest(vals=vals):
                self._assert_refused(line, self.advisor_a, vals, "Approve and Decline")
        self._assert_refused(line, self.advisor_a, {"kia_is_additional": False}, "adding work")
        with self.assertRaises(AccessError):
            self.env["repair.service"].with_user(self.advisor_a).create(
                {
                    "repair_id": repair.id,
                    "kia_labor_operation_id": self.op_brake.id,
                    "kia_approval_state": "declined",
                }
            )
        # Only the advisor records the customer's answer; the action answers True.
        with self.assertRaises(AccessError):
            line.with_user(self.technician_a).action_kia_approve()
        with self.assertRaises(AccessError):
            line.with_user(self.qc_a).action_kia_decline(reason="太贵")
        self.assertEqual(line.kia_approval_state, "pending")
        self.assertIs(line.with_user(self.advisor_a).action_kia_approve(), True)
        self.assertEqual(line.kia_approval_state, "approved")
        self.assertEqual(line.kia_approval_user_id, self.advisor_a)

    def test_decline_returns_true(self):
        repair = self._under_repair()
        line = (
            self.env["repair.service"]
            .with_user(self.advisor_a)
            .create({"repair_id": repair.id, "kia_labor_operation_id": self.op_oil.id})
        )
        self.assertIs(line.with_user(self.advisor_a).action_kia_decline(reason="下次再做"), True)
        self.assertEqual(line.kia_approval_state, "declined")

    def test_kia_actions_check_the_role(self):
        repair = self._under_repair()
        with self.assertRaises(AccessError):
            repair.with_user(self.technician_a).action_kia_start_qc()
        with self.assertRaises(AccessError):
            repair.with_user(self.advisor_a).action_kia_start_qc()
        self.assertFalse(repair.kia_qc_state)
        with self.assertRaises(AccessError):
            repair.with_user(self.qc_a).action_kia_cancel(reason="客户取消")
        with self.assertRaises(AccessError):
            repair.with_user(self.cr_a).action_kia_deliver()
        with self.assertRaises(AccessError):
            repair.with_user(self.advisor_a).action_kia_followup_unreachable()
        self.assertEqual(repair.state, "under_repair")
        self.assertFalse(repair.kia_cancel_reason)

    def test_negative_part_quantity_refused(self):
        repair = self.create_repair()
        move = repair.move_ids
        with self.assertRaises(ValidationError) as caught:
            move.with_user(self.advisor_a).write({"product_uom_qty": -2})
        self.assertIn("cannot be negative", str(caught.exception))
        move.invalidate_recordset()
        self.assertEqual(move.product_uom_qty, 1)
        repair_form = Form(repair.with_user(self.advisor_a))
        with repair_form.move_ids.new() as new_move:
            new_move.product_id = self.part_filter
            new_move.product_uom_qty = -1
        with self.assertRaises(ValidationError):
            repair_form.save()
        repair.invalidate_recordset()
        self.assertEqual(len(repair.move_ids), 1)
        # No quotation with a negative line can be made: the line never exists.
        self.assertFalse(repair.kia_sale_order_ids)

    def test_negative_labor_hours_refused(self):
        repair = self.create_repair()
        line = repair.repair_service_ids
        hours = line.product_uom_qty
        with self.assertRaises(ValidationError):
            line.with_user(self.advisor_a).write({"product_uom_qty": -1.5})
        line.invalidate_recordset()
        self.assertEqual(line.product_uom_qty, hours)

    def test_least_privilege(self):
        for user in (self.technician_a, self.foreman_a, self.qc_a, self.cr_a):
            self.assertFalse(user.has_group("stock.group_stock_user"), user.login)
        self.assertFalse(self.manager_a.has_group("account.group_account_invoice"))
        self.assertTrue(self.advisor_a.has_group("stock.group_stock_user"))
        repair = self.create_repair()
        # Workshop roles read their dealer's repair orders ...
        for user in (self.technician_a, self.foreman_a, self.qc_a, self.cr_a):
            self.assertEqual(repair.with_user(user).kia_customer_words, "刹车有异响")
        # ... technicians and foremen write none, nobody but reception creates or deletes one.
        for user in (self.technician_a, self.foreman_a):
            with self.assertRaises(AccessError):
                repair.with_user(user).write({"kia_customer_words": "改了"})
        for user in (self.technician_a, self.qc_a, self.cr_a):
            with self.assertRaises(AccessError):
                self.env["repair.order"].with_user(user).create(
                    {"vehicle_id": self.vehicle_a.id, "partner_id": self.customer_a.id}
                )
            with self.assertRaises(AccessError):
                repair.with_user(user).unlink()
        # A technician does not start a repair order that is not confirmed (it would confirm it).
        with self.assertRaises(AccessError):
            repair.with_user(self.technician_a).action_validate()
        with self.assertRaises(UserError):
            repair.with_user(self.technician_a).action_repair_start()
        self.assertEqual(repair.state, "draft")

    def test_inventory_user_keeps_odoo_repair_flow(self):
        """The good neighbour: an Inventory user outside Kia's roles runs Odoo's repair flow;
        only Kia's fields and actions are Kia's."""
        stock_user = self.make_user("t_stock_a", "stock.group_stock_user", self.dealer_a)
        Repair = self.env["repair.order"].with_user(stock_user)
        repair = Repair.create({"partner_id": self.customer_a.id})
        self.assertIs(repair.action_validate(), True)
        self.assertEqual(repair.state, "confirmed")
        repair.action_repair_start()
        self.assertEqual(repair.state, "under_repair")
        self.assertTrue(repair.kia_start_date)
        repair.action_repair_end()
        self.assertEqual(repair.state, "done")
        other = Repair.create({"partner_id": self.customer_a.id})
        other.action_repair_cancel()
        self.assertEqual(other.state, "cancel")
        other.action_repair_cancel_draft()
        self.assertEqual(other.state, "draft")
        with self.assertRaises(AccessError):
            repair.action_kia_deliver()
        with self.assertRaises(AccessError):
            repair.write({"kia_qc_state": "passed"})
        with self.assertRaises(AccessError):
            other.write({"state": "done"})

    # One walk per role: what the role may do, through its actions, as that user.

    def test_walk_advisor(self):
        repair = self.create_repair()
        advisor = repair.with_user(self.advisor_a)
        advisor.kia_customer_signature = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
        self.assertIs(advisor.action_kia_customer_approve(), True)
        self.assertTrue(repair.kia_approved_date)
        self.assertIs(advisor.action_validate(), True)
        self.assertEqual(repair.state, "confirmed")
        self.work_repair(repair)
        repair.with_user(self.qc_a).action_kia_start_qc()
        self.answer_qc(repair, self.qc_a)
        repair.with_user(self.qc_a).action_kia_qc_pass()
        self.assertIs(advisor.action_kia_deliver(), True)
        self.assertTrue(repair.kia_delivery_date)
        self.assertEqual(repair.kia_followup_state, "pending")
        other = self.create_repair()
        self.assertIs(other.with_user(self.advisor_a).action_kia_cancel(reason="客户不修了"), True)
        self.assertEqual(other.state, "cancel")
        self.assertEqual(other.kia_cancel_reason, "客户不修了")

    def test_walk_technician(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        jobs = repair.kia_job_ids
        jobs.with_user(self.foreman_a).write({"technician_id": self.technician_a.id})
        jobs.with_user(self.technician_a).action_start()
        self.assertEqual(repair.state, "under_repair")
        self.assertTrue(repair.kia_start_date)
        jobs.with_user(self.technician_a).action_finish()
        self.assertEqual(jobs.state, "done")

    def test_walk_qc_inspector(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        self.work_repair(repair)
        qc = repair.with_user(self.qc_a)
        self.assertIs(qc.action_kia_start_qc(), True)
        self.assertEqual(repair.kia_qc_state, "pending")
        # The inspector records the checklist and remarks on the form.
        qc.kia_qc_check_ids.write({"result": "ok"})
        qc.kia_qc_note = "刹车正常"
        self.assertIs(qc.action_kia_qc_pass(), True)
        self.assertEqual(repair.kia_qc_state, "passed")
        self.assertEqual(repair.kia_qc_user_id, self.qc_a)
        self.assertEqual(repair.state, "done")
        self.assertTrue(repair.kia_ready_date)

    def test_walk_customer_relations(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        self.work_repair(repair)
        repair.with_user(self.qc_a).action_kia_start_qc()
        self.answer_qc(repair, self.qc_a)
        repair.with_user(self.qc_a).action_kia_qc_pass()
        repair.with_user(self.advisor_a).action_kia_deliver()
        cr = repair.with_user(self.cr_a)
        self.assertIs(cr.action_kia_followup_unreachable(), True)
        self.assertEqual(repair.kia_unreachable_count, 1)
        cr.kia_satisfaction = "5"
        self.assertIs(cr.action_kia_followup_done(), True)
        self.assertEqual(repair.kia_followup_state, "done")


@tagged("post_install", "-at_install")
class TestRepairOrderPortalFields(KiaPortalCase):
    """A portal customer reads what a customer should see of their repair order, not the
    dealer's internal notes, inspection remarks, technicians or follow-up."""

    def test_portal_reads_no_internal_fields(self):
        repair = self.repair.with_user(self.portal_a)
        [values] = repair.read()
        for name in (
            "internal_notes",
            "kia_qc_note",
            "kia_job_ids",
            "kia_followup_note",
            "kia_satisfaction",
            "kia_rework_count",
            "kia_qc_user_id",
            "access_token",
        ):
            self.assertNotIn(name, values)
        self.assertEqual(values["name"], self.repair.name)
        self.assertIn("kia_customer_words", values)
        for name in ("internal_notes", "kia_qc_note", "kia_job_ids", "kia_satisfaction"):
            with self.subTest(field=name), self.assertRaises(AccessError):
                repair.read([name])
        with self.assertRaises(AccessError):
            self.env["repair.order"].with_user(self.portal_a).search(
                [("internal_notes", "ilike", "x")]
            )
        # Staff still read them.
        self.assertIn("internal_notes", self.repair.with_user(self.advisor_a).read()[0])

    def test_portal_reads_no_internal_work_line_fields(self):
        line = self.extra_line.with_user(self.portal_a)
        [values] = line.read()
        for name in ("kia_job_ids", "kia_approval_user_id", "kia_sale_line_id", "kia_price_unit"):
            self.assertNotIn(name, values)
        self.assertEqual(values["kia_approval_state"], "pending")
        for name in ("kia_job_ids", "kia_approval_user_id"):
            with self.subTest(field=name), self.assertRaises(AccessError):
                line.read([name])
