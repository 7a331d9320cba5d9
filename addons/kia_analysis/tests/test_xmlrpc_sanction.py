"""An integrator's view of head office's sanctions: a suspended dealer's warranty administrator
and its service manager, over XML-RPC, try to submit a claim, to lift the suspension and to
give themselves a reward. Each comes back as a fault; nothing changed."""

import xmlrpc.client

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.kia_base.tests.common import make_vin


@tagged("post_install", "-at_install")
class TestXmlRpcSanction(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer = cls.env["res.company"].create(
            {
                "name": "XML-RPC Sanctioned Dealer",
                "kia_dealer_type": "dealer_4s",
                "kia_dealer_code": "XS001",
                "currency_id": cls.env.ref("base.CNY").id,
            }
        )
        for login, groups in (
            ("xs_wadmin", "kia_warranty.group_warranty_admin"),
            ("xs_manager", "kia_base.group_service_manager"),
        ):
            new_test_user(
                cls.env,
                login=login,
                password=f"{login}_pw",
                groups=groups,
                company_id=cls.dealer.id,
                company_ids=[(6, 0, cls.dealer.ids)],
            )
        vehicle = cls.env["fleet.vehicle"].create(
            {
                "model_id": cls.env.ref("kia_base.fleet_vehicle_model_k5").id,
                "vin_sn": make_vin(prefix="LJDXRPS1", serial=16),
                "company_id": cls.dealer.id,
                "kia_sale_date": "2025-06-01",
            }
        )
        cls.claim = cls.env["kia.warranty.claim"].create(
            {
                "vehicle_id": vehicle.id,
                "company_id": cls.dealer.id,
                "line_ids": [
                    Command.create(
                        {
                            "line_type": "labor",
                            "name": "Replace pump",
                            "hours": 1.0,
                            "price_unit": 200.0,
                        }
                    )
                ],
            }
        )
        # Head office's posted suspension, as data (superuser).
        cls.suspension = cls.env["kia.assessment.sanction"].create(
            {
                "company_id": cls.dealer.id,
                "sanction_type": "suspension",
                "reason": "Claims charged back",
                "state": "posted",
            }
        )

    def call(self, login, model, method, *args, **kwargs):
        password = f"{login}_pw"
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, password, {})
        self.assertTrue(uid)
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, password, model, method, list(args), kwargs
        )

    def test_suspended_dealer_refused(self):
        self.assertTrue(self.dealer.kia_warranty_suspended)
        with self.assertRaises(xmlrpc.client.Fault) as err:
            self.call("xs_wadmin", "kia.warranty.claim", "action_submit", self.claim.ids)
        self.assertIn("suspended by head office", err.exception.faultString)
        for login in ("xs_wadmin", "xs_manager"):
            with self.subTest(login=login):
                with self.assertRaises(xmlrpc.client.Fault):
                    self.call(
                        login, "kia.assessment.sanction", "action_lift", self.suspension.ids, "x"
                    )
                with self.assertRaises(xmlrpc.client.Fault):
                    self.call(
                        login,
                        "kia.assessment.sanction",
                        "create",
                        {
                            "company_id": self.dealer.id,
                            "sanction_type": "reward",
                            "amount": 1000.0,
                            "reason": "self-service",
                        },
                    )
                with self.assertRaises(xmlrpc.client.Fault):
                    self.call(
                        login,
                        "res.company",
                        "write",
                        self.dealer.ids,
                        {"kia_warranty_suspended": False},
                    )
        self.claim.invalidate_recordset()
        self.suspension.invalidate_recordset()
        self.dealer.invalidate_recordset()
        self.assertEqual(self.claim.state, "draft")
        self.assertEqual(self.suspension.state, "posted")
        self.assertTrue(self.dealer.kia_warranty_suspended)
        self.assertEqual(
            self.env["kia.assessment.sanction"].search_count([("company_id", "=", self.dealer.id)]),
            1,
        )
