from odoo.tests import HttpCase, tagged

from .service_common import KiaServiceProcessCase, warm_assets


@tagged("post_install", "-at_install")
class TestServiceFlowTour(KiaServiceProcessCase, HttpCase):
    """Reception to delivery in Chromium, each role's part run as that role's user."""

    TIMEOUT = 240

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The steps read English labels.
        cls.env["res.lang"]._activate_lang("en_US")
        users = cls.advisor_a | cls.foreman_a | cls.technician_a | cls.qc_a
        users.write({"lang": "en_US"})

    def _tour(self, url, name, login):
        self.start_tour(url, name, login=login, timeout=self.TIMEOUT)

    def test_reception_to_delivery(self):
        self.vehicle_a.license_plate = "沪AT8801"
        repairs = "/odoo/action-kia_service.repair_order_action"
        jobs = "/odoo/action-kia_service.kia_repair_job_action"

        warm_assets(self, "t_advisor_a", "/odoo")
        self._tour(f"{repairs}/new", "kia_service_reception", "t_advisor_a")
        repair = self.env["repair.order"].search([("vehicle_id", "=", self.vehicle_a.id)])
        self.assertEqual(len(repair), 1)
        self.assertEqual(repair.state, "confirmed")
        self.assertEqual(repair.user_id, self.advisor_a)
        self.assertEqual(repair.partner_id, self.customer_a)
        self.assertEqual(repair.kia_odometer_in, 23456)
        self.assertEqual(self.vehicle_a.odometer, 23456)
        self.assertEqual(repair.kia_customer_words, "刹车时有异响")
        self.assertTrue(repair.kia_customer_signature, "signed at the counter")
        self.assertEqual(repair.kia_signed_by, "客户甲")
        self.assertTrue(repair.kia_approved_date)
        self.assertEqual(set(repair.kia_walkaround_ids.mapped("result")), {"ok"})
        self.assertEqual(repair.move_ids.product_id, self.part_filter)
        job = repair.kia_job_ids
        self.assertEqual(job.labor_operation_id, self.op_brake)

        self._tour(f"{jobs}/{job.id}", "kia_service_dispatch", "t_foreman_a")
        self.assertEqual(job.technician_id, self.technician_a)
        self.assertEqual(job.bay_id, self.bay_a)

        self._tour(f"{jobs}/{job.id}", "kia_service_clock", "t_tech_a")
        self.assertEqual(job.state, "done")
        self.assertEqual(job.self_check_user_id, self.technician_a)
        self.assertEqual(len(job.time_ids), 1)
        self.assertEqual(repair.state, "under_repair")

        self._tour(f"{jobs}/{job.id}", "kia_service_foreman_check", "t_foreman_a")
        self.assertEqual(job.foreman_check_user_id, self.foreman_a)

        self._tour(f"{repairs}/{repair.id}", "kia_service_final_inspection", "t_qc_a")
        self.assertEqual(repair.kia_qc_state, "passed")
        self.assertEqual(repair.kia_qc_user_id, self.qc_a)
        self.assertEqual(repair.state, "done")

        self._tour(f"{repairs}/{repair.id}", "kia_service_delivery", "t_advisor_a")
        self.assertTrue(repair.kia_delivery_date)
        self.assertEqual(repair.kia_old_parts, "returned")
        self.assertEqual(repair.move_ids.kia_old_part, "returned")
        self.assertTrue(repair.kia_certificate_number.startswith("TA001-HG"))
        self.assertTrue(repair.kia_guarantee_until_date)
        rows, totals = repair._kia_settlement_summary()
        self.assertEqual(totals["customer"], repair.kia_estimate_amount)
        self.assertEqual(repair.kia_followup_state, "pending")

    def test_reason_dialogs(self):
        """Declining additional work and failing the final inspection ask their reason in a
        dialog."""
        repairs = "/odoo/action-kia_service.repair_order_action"
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        self.work_repair(repair)
        extra = self.env["repair.service"].create(
            {"repair_id": repair.id, "kia_labor_operation_id": self.op_oil.id}
        )
        self.assertEqual(extra.kia_approval_state, "pending")

        warm_assets(self, "t_advisor_a", "/odoo")
        self._tour(f"{repairs}/{repair.id}", "kia_service_decline_extra", "t_advisor_a")
        self.assertEqual(extra.kia_approval_state, "declined")
        self.assertEqual(extra.kia_decline_reason, "太贵了")
        self.assertEqual(extra.kia_approval_user_id, self.advisor_a)

        self._tour(f"{repairs}/{repair.id}", "kia_service_final_inspection_fail", "t_qc_a")
        self.assertEqual(repair.kia_qc_state, "failed")
        self.assertEqual(repair.kia_qc_note, "前刹车仍有异响")
        self.assertEqual(
            repair.kia_job_ids.filtered("rework_count").rework_reason, "前刹车仍有异响"
        )
