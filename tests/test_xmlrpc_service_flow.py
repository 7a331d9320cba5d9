"""An integrator's view of the service process: a dealer's DMS drives reception, dispatch,
clocking, QC and delivery over XML-RPC, each step as the user whose job it is, and a refused
step comes back as a clear fault."""

import xmlrpc.client

from odoo.tests import HttpCase, tagged

from odoo.addons.kia_service.tests.service_common import (
    KiaServiceProcessCase,
    customer_signature,
)


@tagged("post_install", "-at_install")
class TestXmlRpcServiceFlow(HttpCase, KiaServiceProcessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.advisor_a, cls.foreman_a, cls.technician_a, cls.technician2_a, cls.qc_a):
            user.password = user.login

    def call(self, user, model, method, *args, **kwargs):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, user.login, user.login, {})
        self.assertEqual(uid, user.id)
        return self.xmlrpc_object.execute_kw(db, uid, user.login, model, method, list(args), kwargs)

    def test_flow_over_xmlrpc(self):
        repair_id = self.call(
            self.advisor_a,
            "repair.order",
            "create",
            {
                "vehicle_id": self.vehicle_a.id,
                "partner_id": self.customer_a.id,
                "kia_odometer_in": 16000,
                "kia_customer_words": "保养",
                "repair_service_ids": [(0, 0, {"kia_labor_operation_id": self.op_oil.id})],
            },
        )
        # Reception: the walk-around filled in, the old parts decided and the customer's
        # signature, as the advisor's screen sends them.
        walkaround = self.call(
            self.advisor_a,
            "kia.repair.check",
            "search",
            [("repair_id", "=", repair_id), ("kind", "=", "walkaround")],
        )
        self.call(self.advisor_a, "kia.repair.check", "write", walkaround, {"result": "ok"})
        with self.assertRaises(xmlrpc.client.Fault) as refused:
            self.call(self.advisor_a, "repair.order", "action_validate", [repair_id])
        self.assertIn("not signed", refused.exception.faultString)
        self.call(
            self.advisor_a,
            "repair.order",
            "write",
            [repair_id],
            {"kia_customer_signature": customer_signature().decode(), "kia_old_parts": "none"},
        )
        self.call(self.advisor_a, "repair.order", "action_validate", [repair_id])
        [job_id] = self.call(
            self.foreman_a, "kia.repair.job", "search", [("repair_id", "=", repair_id)]
        )
        self.call(
            self.foreman_a,
            "kia.repair.job",
            "write",
            [job_id],
            {"technician_id": self.technician_a.id, "bay_id": self.bay_a.id},
        )
        with self.assertRaises(xmlrpc.client.Fault) as refused:
            self.call(self.technician2_a, "kia.repair.job", "action_start", [job_id])
        self.assertIn("only clock your own jobs", refused.exception.faultString)
        self.call(self.technician_a, "kia.repair.job", "action_start", [job_id])
        self.call(self.technician_a, "kia.repair.job", "action_finish", [job_id])
        self.call(self.foreman_a, "kia.repair.job", "action_foreman_check", [job_id])
        self.call(self.qc_a, "repair.order", "action_kia_qc_pass", [repair_id])
        self.call(self.advisor_a, "repair.order", "action_kia_deliver", [repair_id])
        [repair] = self.call(
            self.advisor_a,
            "repair.order",
            "read",
            [repair_id],
            ["state", "kia_qc_state", "kia_delivery_date", "kia_followup_user_id"],
        )
        self.assertEqual(repair["state"], "done")
        self.assertEqual(repair["kia_qc_state"], "passed")
        self.assertTrue(repair["kia_delivery_date"])
        self.assertEqual(repair["kia_followup_user_id"][0], self.cr_a.id)
        self.assertEqual(self.vehicle_a.odometer, 16000)
