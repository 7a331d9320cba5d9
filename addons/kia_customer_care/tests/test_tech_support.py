from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged

from .common_complaint import KiaComplaintCase


@tagged("post_install", "-at_install")
class TestTechSupport(KiaComplaintCase):
    def test_support_request_flow(self):
        with Form(self.env["kia.tech.support"].with_user(self.technician_a)) as form:
            form.vehicle_id = self.vehicle_a
            form.symptom = "Harsh 2-3 shift"
            form.dtc_codes = "P0741"
            form.tried = "Changed ATF, updated TCU"
        request = form.record
        self.assertTrue(request.name.startswith("TS"))
        request.action_submit()
        self.assertEqual(request.state, "submitted")
        with self.assertRaises(AccessError):
            request.with_user(self.manager_a).action_answer()
        self.assertEqual(request.state, "submitted")
        as_hq = request.with_user(self.hq_officer)
        with self.assertRaises(UserError):
            as_hq.action_answer()
        self.assertEqual(request.state, "submitted")
        as_hq.answer = "<p>Apply TSB-2026-012.</p>"
        as_hq.action_answer()
        self.assertEqual(request.state, "answered")
        self.assertEqual(request.hq_user_id, self.hq_officer)
        self.assertTrue(request.answer_date)
        request.action_close()
        self.assertEqual(request.state, "closed")
        self.assertFalse(
            self.env["kia.tech.support"].with_user(self.advisor_b).search([("id", "=", request.id)])
        )

    def test_technical_document_acknowledgment(self):
        document = (
            self.env["kia.technical.document"]
            .with_user(self.hq_officer)
            .create(
                {
                    "name": "Evaporator odour",
                    "code": "TSB-T-001",
                    "version": "1.0",
                    "model_ids": [(6, 0, self.kia_model.ids)],
                }
            )
        )
        with self.assertRaises(AccessError):
            self.env["kia.technical.document"].with_user(self.technician_a).create(
                {"name": "Fake", "code": "X"}
            )
        Document = self.env["kia.technical.document"].with_user(self.technician_a)
        self.assertIn(document, Document.search([("acknowledged", "=", False)]))
        document.with_user(self.technician_a).action_acknowledge()
        document.with_user(self.technician_a).action_acknowledge()  # twice: one record
        document.invalidate_recordset()
        self.assertEqual(document.with_user(self.technician_a).ack_count, 1)
        self.assertTrue(document.with_user(self.technician_a).acknowledged)
        self.assertNotIn(document, Document.search([("acknowledged", "=", False)]))
        self.assertFalse(document.with_user(self.advisor_b).acknowledged)
        ack = document.ack_ids
        self.assertEqual(ack.company_id, self.dealer_a)
        self.assertFalse(
            self.env["kia.technical.document.ack"].with_user(self.advisor_b).search([]) & ack
        )

    def test_quality_feedback_flow(self):
        Feedback = self.env["kia.quality.feedback"].with_user(self.technician_a)
        values = {
            "vehicle_id": self.vehicle_a.id,
            "odometer": 32100,
            "failure_date": fields.Date.today() + timedelta(days=1),
            "symptom": "Window regulator sticks when cold",
            "is_safety": False,
        }
        with self.assertRaises(ValidationError):
            Feedback.create(values)
        self.assertFalse(Feedback.search([("symptom", "=", values["symptom"])]))
        values["failure_date"] = fields.Date.today() - timedelta(days=3)
        report = Feedback.create(values)
        self.assertEqual(report.vin, self.vehicle_a.vin_sn)
        with self.assertRaises(UserError):
            report.with_user(self.hq_officer).action_acknowledge()
        report.action_submit()
        with self.assertRaises(AccessError):
            report.action_acknowledge()
        self.assertEqual(report.state, "submitted")
        as_hq = report.with_user(self.hq_officer)
        as_hq.action_acknowledge()
        self.assertEqual(report.state, "acknowledged")
        with self.assertRaises(UserError):
            as_hq.action_answer()
        as_hq.answer = "<p>Send the part back to head office.</p>"
        as_hq.action_answer()
        self.assertEqual(report.state, "answered")
        self.assertFalse(
            self.env["kia.quality.feedback"]
            .with_user(self.advisor_b)
            .search([("id", "=", report.id)])
        )
