from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestTrainingRoles(TransactionCase):
    def test_training_roles(self):
        hq = new_test_user(
            self.env, login="t_hq_training", groups="kia_training.group_hq_training_manager"
        )
        self.assertTrue(hq.has_group("kia_training.group_training_coordinator"))
        self.assertTrue(hq.has_group("kia_base.group_hq_officer"))
