from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .service_common import KiaServiceProcessCase


@tagged("post_install", "-at_install")
class TestServiceFlow(KiaServiceProcessCase):
    def _dispatch(self, repair, technician=None):
        jobs = repair.kia_job_ids.with_user(self.foreman_a)
        jobs.write({"technician_id": (technician or self.technician_a).id, "bay_id": self.bay_a.id})
        return jobs

    def _work(self, jobs, technician=None):
        jobs = jobs.with_user(technician or self.technician_a)
        jobs.action_start()
        jobs.action_finish()
        jobs.with_user(self.foreman_a).action_foreman_check()

    def test_whole_flow(self):
        with freeze_time("2026-03-02 01:00:00"):
            repair = self.create_repair(kia_promised_date=datetime(2026, 3, 2, 9, 0))
            self.assertEqual(repair.user_id, self.advisor_a)
            self.assertEqual(repair.partner_id, self.customer_a, "owner taken from the vehicle")
            line = repair.repair_service_ids
            self.assertEqual(line.product_uom_qty, 1.2, "model-specific flat-rate hours")
            self.assertEqual(line.kia_price_unit, 300.0)
            self.assertAlmostEqual(repair.kia_estimate_amount, 1.2 * 300 + 50)
            self.assertTrue(repair.kia_walkaround_ids, "walk-around loaded from the template")
            repair.with_user(self.advisor_a).kia_customer_signature = "R0lGODlhAQABAAAAACw="
            repair.with_user(self.advisor_a).action_kia_customer_approve()
            repair.with_user(self.advisor_a).action_validate()
            self.assertEqual(repair.state, "confirmed")
            self.assertEqual(repair.kia_confirm_date, datetime(2026, 3, 2, 1, 0))
            self.assertEqual(repair.kia_odometer_id.value, 12000)
            self.assertEqual(self.vehicle_a.odometer, 12000)
            self.assertEqual(len(repair.kia_job_ids), 1)

        jobs = self._dispatch(repair)
        with freeze_time("2026-03-02 02:00:00"):
            jobs.with_user(self.technician_a).action_start()
            self.assertEqual(repair.state, "under_repair")
            self.assertEqual(repair.kia_start_date, datetime(2026, 3, 2, 2, 0))
        with freeze_time("2026-03-02 02:30:00"):
            jobs.with_user(self.technician_a).action_pause("parts")
            self.assertEqual(jobs.state, "paused")
        with freeze_time("2026-03-02 03:00:00"):
            # Additional work found: the advisor adds it, it waits for the customer.
            with Form(repair.with_user(self.advisor_a)) as repair_form:
                with repair_form.repair_service_ids.new() as extra:
                    extra.kia_labor_operation_id = self.op_oil
            extra_line = repair.repair_service_ids - line
            self.assertTrue(extra_line.kia_is_additional)
            self.assertEqual(extra_line.kia_approval_state, "pending")
            extra_job = extra_line.kia_job_ids
            self.assertEqual(extra_job.state, "waiting_approval")
            extra_line.with_user(self.advisor_a).action_kia_approve()
            self.assertEqual(extra_job.state, "ready")
            extra_job.with_user(self.foreman_a).technician_id = self.technician_a
            jobs.with_user(self.technician_a).action_start()
        with freeze_time("2026-03-02 04:00:00"):
            jobs.with_user(self.technician_a).action_finish()
            self.assertAlmostEqual(jobs.actual_hours, 1.5)
            self.assertEqual(jobs.self_check_user_id, self.technician_a)
            self._work(extra_job)
            jobs.with_user(self.foreman_a).action_foreman_check()
            repair.with_user(self.qc_a).action_kia_start_qc()
            self.answer_qc(repair, self.qc_a)
            self.assertTrue(repair.kia_qc_check_ids)
            repair.with_user(self.qc_a).action_kia_qc_pass()
            self.assertEqual(repair.kia_qc_state, "passed")
            self.assertEqual(repair.state, "done")
            self.assertEqual(repair.kia_done_date, datetime(2026, 3, 2, 4, 0))

        repair.with_user(self.advisor_a).action_create_sale_order()
        sale_lines = repair.sale_order_id.order_line
        labor = sale_lines.filtered(lambda sl: sl.product_id == line.product_id)
        self.assertEqual(sorted(labor.mapped("price_unit")), [300.0, 300.0])
        self.assertEqual(sorted(labor.mapped("product_uom_qty")), [0.5, 1.2])

        with freeze_time("2026-03-02 08:00:00"):
            repair.with_user(self.advisor_a).write(
                {"kia_old_parts": "returned", "kia_work_explanation": "Pads replaced"}
            )
            repair.with_user(self.advisor_a).action_kia_deliver()
            self.assertTrue(repair.kia_on_time)
            self.assertEqual(repair.kia_followup_state, "pending")
            activity = repair.activity_ids
            self.assertEqual(activity.user_id, self.cr_a, "customer relations, not the advisor")
            self.assertEqual(str(activity.date_deadline), "2026-03-05")

        repair.with_user(self.cr_a).action_kia_followup_unreachable()
        self.assertEqual(repair.kia_unreachable_count, 1)
        repair.with_user(self.cr_a).action_kia_followup_done(satisfaction="2", note="Noise again")
        self.assertEqual(repair.kia_followup_state, "done")
        self.assertEqual(repair.kia_satisfaction, "2")
        self.assertEqual(repair.kia_followup_note, "Noise again")

    def test_odometer_lower_refused(self):
        first = self.create_repair(odometer=15000)
        first.with_user(self.advisor_a).action_validate()
        second = self.create_repair(odometer=14000)
        with self.assertRaises(ValidationError):
            second.with_user(self.advisor_a).action_validate()
        self.assertEqual(second.state, "draft")
        self.assertFalse(second.kia_odometer_id)
        self.assertEqual(self.vehicle_a.odometer, 15000)

    def test_clock_other_technicians_job_refused(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        jobs = self._dispatch(repair)
        with self.assertRaises(AccessError):
            jobs.with_user(self.technician2_a).action_start()
        self.assertEqual(jobs.state, "ready")
        self.assertFalse(jobs.time_ids)
        self.assertEqual(repair.state, "confirmed")

    def test_unapproved_additional_work_refused(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        jobs = self._dispatch(repair)
        jobs.with_user(self.technician_a).action_start()
        extra = self.env["repair.service"].create(
            {"repair_id": repair.id, "kia_labor_operation_id": self.op_oil.id}
        )
        extra_job = extra.kia_job_ids
        extra_job.with_user(self.foreman_a).technician_id = self.technician_a
        with self.assertRaisesRegex(UserError, "before the customer approves"):
            extra_job.with_user(self.technician_a).action_start()
        self.assertEqual(extra_job.state, "waiting_approval")
        self.assertFalse(extra_job.time_ids)
        # Declined: kept with its reason, not sold, shown at the next visit.
        extra.kia_decline_reason = "Next time"
        extra.with_user(self.advisor_a).action_kia_decline()
        self.assertEqual(extra_job.state, "cancel")
        later = self.create_repair(odometer=13000, operations=[self.op_oil])
        self.assertIn(extra, later.kia_declined_service_ids)
        self.assertIn(extra, self.vehicle_a.kia_declined_service_ids)
        later.with_user(self.advisor_a).action_validate()
        self.assertEqual(extra.kia_recovered_repair_id, later, "declined work recovered")

    def test_qc_by_own_technician_refused(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        jobs = self._dispatch(repair, technician=self.qc_a)
        self._work(jobs, technician=self.qc_a)
        with self.assertRaisesRegex(UserError, "another QC inspector"):
            repair.with_user(self.qc_a).action_kia_qc_pass()
        self.assertFalse(repair.kia_qc_state)
        self.assertFalse(repair.kia_qc_user_id)

    def test_qc_fail_sends_back(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        jobs = self._dispatch(repair)
        self._work(jobs)
        repair.with_user(self.qc_a).action_kia_qc_fail(reason="Brake still noisy")
        self.assertEqual(repair.kia_qc_state, "failed")
        self.assertEqual(repair.kia_rework_count, 1)
        self.assertEqual(jobs.state, "ready")
        self.assertEqual(jobs.rework_count, 1)
        self.assertFalse(jobs.foreman_check_date)
        with self.assertRaises(AccessError):
            repair.with_user(self.technician_a).action_kia_qc_pass()

    def test_deliver_without_final_inspection_refused(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        jobs = self._dispatch(repair)
        self._work(jobs)
        with self.assertRaisesRegex(UserError, "final inspection"):
            repair.with_user(self.advisor_a).action_kia_deliver()
        self.assertFalse(repair.kia_delivery_date)
        self.assertFalse(repair.activity_ids)

    def test_followup_never_by_advisor(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        self._work(self._dispatch(repair))
        repair.with_user(self.qc_a).action_kia_qc_pass()
        repair.with_user(self.advisor_a).action_kia_deliver()
        with self.assertRaises(UserError):
            repair.with_user(self.advisor_a).action_kia_followup_done(satisfaction="5")
        self.assertEqual(repair.kia_followup_state, "pending")
        repair.with_user(self.cr_a).action_kia_followup_done(satisfaction="5")
        self.assertEqual(repair.kia_followup_state, "done")

    def test_comeback_linked(self):
        with freeze_time("2026-03-02 08:00:00"):
            first = self.create_repair(odometer=10000)
            first.with_user(self.advisor_a).action_validate()
            self._work(self._dispatch(first))
            first.with_user(self.qc_a).action_kia_qc_pass()
            first.with_user(self.advisor_a).action_kia_deliver()
        with freeze_time("2026-03-12 08:00:00"):
            second = self.create_repair(odometer=10500)
            second.with_user(self.advisor_a).action_validate()
        self.assertEqual(second.kia_comeback_of_id, first)
        self.assertEqual(second.kia_comeback_technician_ids, self.technician_a)
        self.assertEqual(second.kia_comeback_qc_user_id, self.qc_a)
        with freeze_time("2026-06-12 08:00:00"):
            third = self.create_repair(odometer=11000)
            third.with_user(self.advisor_a).action_validate()
        self.assertFalse(third.kia_comeback_of_id, "outside the comeback window")

    def test_other_dealer_cannot_see_jobs(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        self.assertFalse(
            self.env["kia.repair.job"]
            .with_user(self.advisor_b)
            .search([("repair_id", "=", repair.id)])
        )
        self.assertTrue(
            self.env["kia.repair.job"]
            .with_user(self.hq_officer)
            .search([("repair_id", "=", repair.id)])
        )
