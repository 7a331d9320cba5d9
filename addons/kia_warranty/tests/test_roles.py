from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestWarrantyRoles(TransactionCase):
    def test_warranty_roles(self):
        reviewer = new_test_user(
            self.env, login="t_reviewer", groups="kia_warranty.group_hq_warranty_reviewer"
        )
        self.assertTrue(reviewer.has_group("kia_base.group_hq_officer"))
        admin = new_test_user(
            self.env, login="t_wadmin", groups="kia_warranty.group_warranty_admin"
        )
        self.assertFalse(admin.has_group("kia_warranty.group_hq_warranty_reviewer"))
