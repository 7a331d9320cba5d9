from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestHrOfficers(TransactionCase):
    """A dealer's HR officers outside Kia's roles open Odoo's employee form as before: the Kia
    qualification page and certifications are for Kia's roles."""

    def test_hr_officer_opens_employee_form(self):
        officer = new_test_user(self.env, "nb_hr_officer", groups="hr.group_hr_user")
        form = Form(self.env["hr.employee"].with_user(officer))
        form.name = "Ordinary Employee"
        employee = form.save()
        self.assertEqual(Form(employee.with_user(officer)).name, "Ordinary Employee")
        self.assertNotIn("kia_certification_ids", Form(employee.with_user(officer))._view["fields"])
