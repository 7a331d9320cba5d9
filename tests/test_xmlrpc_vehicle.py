"""An integrator's view: a dealer's advisor registers a customer and a vehicle over XML-RPC, and a
bad VIN comes back as a clear fault, in the user's language."""

import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.kia_base.tests.common import make_vin


@tagged("post_install", "-at_install")
class TestXmlRpcVehicle(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer = cls.env["res.company"].create(
            {
                "name": "XML-RPC Dealer",
                "kia_dealer_type": "dealer_4s",
                "kia_dealer_code": "XR001",
                "currency_id": cls.env.ref("base.CNY").id,
            }
        )
        cls.advisor = new_test_user(
            cls.env,
            login="xr_advisor",
            password="xr_advisor_pw",
            groups="kia_base.group_advisor",
            company_id=cls.dealer.id,
            company_ids=[(6, 0, cls.dealer.ids)],
            lang="zh_CN",
        )

    def call(self, model, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, "xr_advisor", "xr_advisor_pw", {})
        self.assertTrue(uid)
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, "xr_advisor_pw", model, method, list(args), kwargs
        )

    def test_register_customer_and_vehicle(self):
        partner_id = self.call(
            "res.partner", "create", {"name": "接口客户", "company_id": self.dealer.id}
        )
        model_id = self.env.ref("kia_base.fleet_vehicle_model_ev6").id
        vehicle_id = self.call(
            "fleet.vehicle",
            "create",
            {
                "model_id": model_id,
                "vin_sn": make_vin(prefix="LJDEVC16", serial=42),
                "license_plate": "沪AD88888",
                "kia_owner_id": partner_id,
            },
        )
        [vehicle] = self.call(
            "fleet.vehicle", "read", [vehicle_id], ["vin_sn", "company_id", "driver_id"]
        )
        self.assertEqual(vehicle["vin_sn"], make_vin(prefix="LJDEVC16", serial=42))
        self.assertEqual(vehicle["company_id"][0], self.dealer.id)
        self.assertEqual(vehicle["driver_id"][0], partner_id)
        self.assertEqual(
            self.call("fleet.vehicle", "search_count", [("kia_owner_id", "=", partner_id)]), 1
        )
        # The VIN's network vehicle was made and linked; its facts are head office's.
        [vehicle] = self.call("fleet.vehicle", "read", [vehicle_id], ["kia_vehicle_id"])
        [identity] = self.call("kia.vehicle", "read", [vehicle["kia_vehicle_id"][0]], ["vin"])
        self.assertEqual(identity["vin"], make_vin(prefix="LJDEVC16", serial=42))
        with self.assertRaises(xmlrpc.client.Fault) as err:
            self.call("fleet.vehicle", "write", [vehicle_id], {"kia_sale_date": "2020-01-01"})
        self.assertIn("head office", err.exception.faultString)

    def test_bad_vin_is_a_clear_fault(self):
        partner_id = self.call(
            "res.partner", "create", {"name": "接口客户", "company_id": self.dealer.id}
        )
        with self.assertRaises(xmlrpc.client.Fault) as err:
            self.call(
                "fleet.vehicle",
                "create",
                {
                    "model_id": self.env.ref("kia_base.fleet_vehicle_model_k3").id,
                    "vin_sn": "LJDJAA14IR0000001",
                    "kia_owner_id": partner_id,
                },
                context={"lang": "zh_CN"},
            )
        self.assertIn("车架号", err.exception.faultString)
        self.assertFalse(
            self.env["fleet.vehicle"].search([("kia_owner_id", "=", partner_id)]),
        )
