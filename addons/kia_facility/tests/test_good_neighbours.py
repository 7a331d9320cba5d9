from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestMaintenanceUsers(TransactionCase):
    """A dealer's maintenance users outside Kia's roles use Odoo's equipment form as before:
    the Kia tool-loan fields on it are for Kia staff only."""

    def test_maintenance_user_opens_equipment_form(self):
        manager = new_test_user(
            self.env, "nb_maint_manager", groups="maintenance.group_equipment_manager"
        )
        employee = new_test_user(self.env, "nb_employee", groups="base.group_user")
        form = Form(self.env["maintenance.equipment"].with_user(manager))
        form.name = "Compressor"
        equipment = form.save()
        equipment.owner_user_id = employee
        self.assertEqual(Form(equipment.with_user(employee)).name, "Compressor")
        self.assertEqual(Form(equipment.with_user(manager)).name, "Compressor")
        # the loans stay on the form of Kia's staff
        foreman = new_test_user(
            self.env,
            "nb_foreman",
            groups="kia_base.group_foreman,maintenance.group_equipment_manager",
        )
        self.assertIn("kia_loan_ids", Form(equipment.with_user(foreman))._view["fields"])
