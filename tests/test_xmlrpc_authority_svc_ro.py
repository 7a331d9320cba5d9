"""An integrator's view of the repair order's authority: a dealer's DMS that writes a repair
order's state, inspection result or delivery stamp directly gets a fault naming the button to
use, and nothing changes."""

import xmlrpc.client

from odoo.tests import HttpCase, tagged

from odoo.addons.kia_service.tests.service_common import KiaServiceProcessCase


@tagged("post_install", "-at_install")
class TestXmlRpcRepairOrderAuthority(HttpCase, KiaServiceProcessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.advisor_a, cls.technician_a):
            user.password = user.login

    def call(self, user, model, method, *args, **kwargs):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, user.login, user.login, {})
        self.assertEqual(uid, user.id)
        return self.xmlrpc_object.execute_kw(db, uid, user.login, model, method, list(args), kwargs)

    def test_direct_writes_come_back_as_faults(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        fields = ["state", "kia_qc_state", "kia_delivery_date"]
        before = self.call(self.advisor_a, "repair.order", "read", [repair.id], fields)
        for vals, words in (
            ({"state": "done"}, "End Repair"),
            ({"kia_qc_state": "passed"}, "Pass Inspection"),
            ({"kia_delivery_date": "2026-01-01 10:00:00"}, "Deliver"),
        ):
            with self.subTest(vals=vals):
                with self.assertRaises(xmlrpc.client.Fault) as caught:
                    self.call(self.advisor_a, "repair.order", "write", [repair.id], vals)
                self.assertIn(words, caught.exception.faultString)
        # A technician reads repair orders and writes none.
        with self.assertRaises(xmlrpc.client.Fault):
            self.call(
                self.technician_a, "repair.order", "write", [repair.id], {"kia_customer_words": "x"}
            )
        after = self.call(self.advisor_a, "repair.order", "read", [repair.id], fields)
        self.assertEqual(after, before)
        self.assertEqual(after[0]["state"], "confirmed")
