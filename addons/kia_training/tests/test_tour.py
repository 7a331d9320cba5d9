from odoo.tests import HttpCase, tagged

from .common import KiaTrainingCase


@tagged("post_install", "-at_install")
class TestTrainingTour(HttpCase, KiaTrainingCase):
    def test_enrolment_tour(self):
        self.env["kia.training.enrolment"].with_user(self.coordinator_a).create(
            {"session_id": self.training_session.id, "employee_id": self.emp_a.id}
        )
        self.start_tour("/odoo", "kia_training_enrolment_tour", login="t_manager_a")
        enrolment = self.env["kia.training.enrolment"].search([("employee_id", "=", self.emp_a.id)])
        self.assertEqual(enrolment.state, "attended")
        self.assertEqual(enrolment.approved_by_id, self.manager_a)
