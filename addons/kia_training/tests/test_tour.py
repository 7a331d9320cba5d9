from odoo.tests import HttpCase, tagged

from .common import KiaTrainingCase


@tagged("post_install", "-at_install")
class TestTrainingTour(HttpCase, KiaTrainingCase):
    def test_enrolment_tour(self):
        """Dealer A's service manager, who also coordinates its training (both roles granted
        on purpose), approves an enrolment in the dealer's own session, then records the
        attendance as its organiser."""
        manager = self.make_user(
            "t_manager_coord_a",
            "kia_base.group_service_manager,kia_training.group_training_coordinator",
            self.dealer_a,
        )
        session = self._create_session(self.course, user=self.coordinator_a)
        self.env["kia.training.enrolment"].with_user(self.coordinator_a).create(
            {"session_id": session.id, "employee_id": self.emp_a.id}
        )
        self.start_tour("/odoo", "kia_training_enrolment_tour", login=manager.login)
        enrolment = self.env["kia.training.enrolment"].search([("employee_id", "=", self.emp_a.id)])
        self.assertEqual(enrolment.state, "attended")
        self.assertEqual(enrolment.approved_by_id, manager)
