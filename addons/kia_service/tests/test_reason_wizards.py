from datetime import datetime, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .service_common import KiaServiceProcessCase


@tagged("post_install", "-at_install")
class TestReasonWizards(KiaServiceProcessCase):
    """Each refusal, send-back or cancellation asks its reason: the action refuses to go on
    without one, and the wizard records it."""

    def _wizard(self, model, user, field, records, reason):
        wizard_form = Form(
            self.env[model].with_user(user).with_context(**{f"default_{field}": records.ids})
        )
        wizard_form.reason = reason
        wizard = wizard_form.save()
        self.assertEqual(wizard[field], records)
        return wizard.action_apply()

    def _worked_repair(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        self.work_repair(repair)
        return repair

    def _book(self, start):
        # Booked a few days ahead of ``start``: an appointment in the past is refused.
        with freeze_time(start - timedelta(days=2)):
            appointment_form = Form(self.env["kia.appointment"].with_user(self.advisor_a))
            appointment_form.vehicle_id = self.vehicle_a
            appointment_form.date_start = start
            appointment = appointment_form.save()
            appointment.action_confirm()
        return appointment

    def test_decline_additional_work(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        extra = self.env["repair.service"].create(
            {"repair_id": repair.id, "kia_labor_operation_id": self.op_oil.id}
        )
        self.assertEqual(extra.kia_approval_state, "pending")
        for reason in (None, "   "):
            with self.assertRaisesRegex(UserError, "Say why the customer declines"):
                extra.with_user(self.advisor_a).action_kia_decline(reason=reason)
        with self.assertRaises(UserError):
            self._wizard("repair.service.decline", self.advisor_a, "service_ids", extra, " ")
        self.assertEqual(extra.kia_approval_state, "pending")
        self.assertFalse(extra.kia_decline_reason)
        self.assertFalse(extra.kia_approval_date)
        self.assertEqual(extra.kia_job_ids.state, "waiting_approval")

        result = self._wizard(
            "repair.service.decline", self.advisor_a, "service_ids", extra, "太贵了，下次再说"
        )
        self.assertEqual(result["type"], "ir.actions.act_window_close")
        self.assertEqual(extra.kia_approval_state, "declined")
        self.assertEqual(extra.kia_decline_reason, "太贵了，下次再说")
        self.assertEqual(extra.kia_approval_user_id, self.advisor_a)
        self.assertEqual(extra.kia_job_ids.state, "cancel")

    def test_cancel_repair_order(self):
        repair = self.create_repair()
        with self.assertRaisesRegex(UserError, "Say why the repair order is cancelled"):
            repair.with_user(self.advisor_a).action_kia_cancel()
        self.assertEqual(repair.state, "draft")
        self.assertFalse(repair.kia_cancel_reason)
        self.assertFalse(repair.kia_cancel_date)

        self._wizard("repair.order.cancel", self.advisor_a, "repair_ids", repair, "客户改去别家")
        self.assertEqual(repair.state, "cancel")
        self.assertEqual(repair.kia_cancel_reason, "客户改去别家")
        self.assertTrue(repair.kia_cancel_date)

    def test_qc_fail_sends_back_for_a_reason(self):
        repair = self._worked_repair()
        repair.with_user(self.qc_a).action_kia_start_qc()
        self.answer_qc(repair, self.qc_a)
        jobs = repair.kia_job_ids
        with self.assertRaisesRegex(UserError, "Say why the work goes back"):
            repair.with_user(self.qc_a).action_kia_qc_fail(reason="  ")
        self.assertEqual(repair.kia_qc_state, "pending")
        self.assertFalse(repair.kia_qc_user_id)
        self.assertEqual(repair.kia_rework_count, 0)
        self.assertEqual(jobs.state, "done")
        self.assertTrue(jobs.foreman_check_date)

        self._wizard("repair.order.qc.fail", self.qc_a, "repair_ids", repair, "前刹车仍有异响")
        self.assertEqual(repair.kia_qc_state, "failed")
        self.assertEqual(repair.kia_qc_user_id, self.qc_a)
        self.assertEqual(repair.kia_qc_note, "前刹车仍有异响")
        self.assertEqual(repair.kia_rework_count, 1)
        self.assertEqual(jobs.state, "ready")
        self.assertEqual(jobs.rework_reason, "前刹车仍有异响")

    def test_foreman_sends_job_back_for_a_reason(self):
        repair = self._worked_repair()
        job = repair.kia_job_ids
        with self.assertRaisesRegex(UserError, "Say why the job goes back"):
            job.with_user(self.foreman_a).action_foreman_reject()
        self.assertEqual(job.state, "done")
        self.assertEqual(job.rework_count, 0)
        self.assertFalse(job.rework_reason)

        self._wizard("kia.repair.job.reject", self.foreman_a, "job_ids", job, "刹车片未装到位")
        self.assertEqual(job.state, "ready")
        self.assertEqual(job.rework_count, 1)
        self.assertEqual(job.rework_reason, "刹车片未装到位")
        self.assertFalse(job.foreman_check_date)

    def test_cancel_appointment(self):
        appointment = self._book(datetime(2026, 3, 3, 2, 0))
        with self.assertRaisesRegex(UserError, "Say why appointment"):
            appointment.with_user(self.advisor_a).action_cancel()
        with self.assertRaises(UserError):
            self._wizard(
                "kia.appointment.cancel", self.advisor_a, "appointment_ids", appointment, "  "
            )
        self.assertEqual(appointment.state, "confirmed")
        self.assertFalse(appointment.cancel_reason)
        self.assertTrue(appointment.activity_ids)

        self._wizard(
            "kia.appointment.cancel", self.advisor_a, "appointment_ids", appointment, "客户出差"
        )
        self.assertEqual(appointment.state, "cancel")
        self.assertEqual(appointment.cancel_reason, "客户出差")
        self.assertFalse(appointment.activity_ids)

    def test_no_show(self):
        appointment = self._book(datetime(2026, 3, 4, 2, 0))
        with self.assertRaisesRegex(UserError, "Say why appointment"):
            appointment.with_user(self.advisor_a).action_no_show()
        self.assertEqual(appointment.state, "confirmed")
        self.assertFalse(appointment.cancel_reason)

        self._wizard(
            "kia.appointment.no.show", self.cr_a, "appointment_ids", appointment, "电话未接通"
        )
        self.assertEqual(appointment.state, "no_show")
        self.assertEqual(appointment.cancel_reason, "电话未接通")

    def test_refusals_are_translated(self):
        repair = self.create_repair()
        with self.assertRaisesRegex(UserError, "原因"):
            repair.with_user(self.advisor_a).with_context(lang="zh_CN").action_kia_cancel()
