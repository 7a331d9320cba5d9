from odoo.tests import tagged

from .portal_common import KiaPortalCase
from .service_common import warm_assets


@tagged("post_install", "-at_install")
class TestPortalTour(KiaPortalCase):
    def test_customer_approves_additional_work(self):
        self.assertEqual(self.extra_line.kia_approval_state, "pending")
        warm_assets(self, "t_portal_a", "/my/repairs")
        self.start_tour("/my/repairs", "kia_portal_approve_work", login="t_portal_a", timeout=180)
        self.assertEqual(self.extra_line.kia_approval_state, "approved")
        self.assertEqual(self.extra_line.kia_approval_user_id, self.portal_a, "by the customer")
        self.assertEqual(self.extra_line.kia_job_ids.state, "ready", "the workshop may start it")
        # The note is in the dealer's language, as its decision label is.
        env = self.extra_line._kia_lang_env()
        approved = dict(self.extra_line._fields["kia_approval_state"]._description_selection(env))[
            "approved"
        ]
        message = self.repair.message_ids.filtered(
            lambda m: m.author_id == self.customer_a and approved in (m.body or "")
        )
        self.assertTrue(message, "the customer's approval is in the chatter")
