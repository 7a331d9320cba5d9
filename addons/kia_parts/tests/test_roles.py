from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPartsRoles(TransactionCase):
    def test_parts_roles(self):
        clerk = new_test_user(self.env, login="t_parts_clerk", groups="kia_parts.group_parts_clerk")
        self.assertTrue(clerk.has_group("stock.group_stock_user"))
        self.assertTrue(clerk.has_group("kia_base.group_user"))
        self.assertFalse(clerk.has_group("kia_parts.group_parts_manager"))
        manager = new_test_user(
            self.env, login="t_service_mgr", groups="kia_base.group_service_manager"
        )
        # the service manager is not silently the parts manager: parts roles are granted on
        # purpose
        self.assertFalse(manager.has_group("kia_parts.group_parts_manager"))
        self.assertFalse(manager.has_group("kia_parts.group_parts_clerk"))
