from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import KiaTrainingCase


@tagged("post_install", "-at_install")
class TestReasonWizards(KiaTrainingCase):
    """Refusing or cancelling an enrolment, revoking a certification and cancelling a session
    ask their reason in a wizard; the action refuses to run without one."""

    def _enrol(self, employee):
        with Form(self.env["kia.training.enrolment"].with_user(self.coordinator_a)) as form:
            form.session_id = self.training_session
            form.employee_id = employee
        return form.record

    def _wizard(self, model, user, records, reason):
        Wizard = self.env[model].with_user(user)
        field = next(
            name
            for name, field in Wizard._fields.items()
            if field.type == "many2many" and field.comodel_name == records._name
        )
        form = Form(Wizard.with_context(**{f"default_{field}": records.ids}))
        if reason is None:
            with self.assertRaises(AssertionError):
                form.save()
            return None
        form.reason = reason
        return form.save()

    def _check_reason_needed(self, model, user, records, method):
        """No reason: the wizard does not save, a blank one and a direct call are refused."""
        self._wizard(model, user, records, None)
        wizard = self._wizard(model, user, records, "  ")
        with self.assertRaisesRegex(UserError, "reason"):
            getattr(wizard, method)()
        with self.assertRaisesRegex(UserError, "reason"):
            getattr(records.with_user(user), method)()

    def test_refuse_enrolment(self):
        enrolment = self._enrol(self.emp_a)
        Model = "kia.training.enrolment.refuse"
        self._check_reason_needed(Model, self.manager_a, enrolment, "action_refuse")
        self.assertEqual(enrolment.state, "to_approve")
        self.assertFalse(enrolment.refuse_reason)
        self.assertEqual(self.training_session.seats_available, 1)
        wizard = self._wizard(Model, self.manager_a, enrolment, "Workshop short-staffed")
        self.assertTrue(wizard.action_refuse())
        self.assertEqual(enrolment.state, "refused")
        self.assertEqual(enrolment.refuse_reason, "Workshop short-staffed")
        self.assertEqual(self.training_session.seats_available, 2)

    def test_cancel_enrolment(self):
        enrolment = self._enrol(self.emp_a)
        enrolment.with_user(self.manager_a).action_approve()
        Model = "kia.training.enrolment.cancel"
        self._check_reason_needed(Model, self.coordinator_a, enrolment, "action_cancel")
        self.assertEqual(enrolment.state, "approved")
        self.assertFalse(enrolment.cancel_reason)
        wizard = self._wizard(Model, self.coordinator_a, enrolment, "Employee on leave")
        wizard.action_cancel()
        self.assertEqual(enrolment.state, "cancel")
        self.assertEqual(enrolment.cancel_reason, "Employee on leave")

    def test_revoke_certification(self):
        cert = self._certify(self.emp_a, self.type_tec_1)
        Model = "kia.certification.revoke"
        self._check_reason_needed(Model, self.hq_training, cert, "action_revoke")
        self.assertEqual(cert.state, "valid")
        self.assertFalse(cert.revoke_reason)
        wizard = self._wizard(Model, self.hq_training, cert, "Exam taken by someone else")
        wizard.action_revoke()
        self.assertEqual(cert.state, "revoked")
        self.assertEqual(cert.revoke_reason, "Exam taken by someone else")

    def test_cancel_session(self):
        enrolment = self._enrol(self.emp_a)
        Model = "kia.training.session.cancel"
        session = self.training_session
        self._check_reason_needed(Model, self.hq_training, session, "action_cancel")
        self.assertEqual(session.state, "open")
        self.assertEqual(enrolment.state, "to_approve")
        self.assertFalse(session.cancel_reason)
        wizard = self._wizard(Model, self.hq_training, session, "Trainer ill")
        wizard.action_cancel()
        self.assertEqual(session.state, "cancel")
        self.assertEqual(session.cancel_reason, "Trainer ill")
        self.assertEqual(enrolment.state, "cancel")
        self.assertEqual(enrolment.cancel_reason, "Trainer ill")
