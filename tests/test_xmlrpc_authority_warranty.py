"""An integrator's view of warranty authority: a dealer's warranty administrator, over XML-RPC,
tries to approve his own claim, to undo head office's cut of a line and to create a claim that
is already submitted. Each comes back as a fault naming the action to use; nothing changed."""

import xmlrpc.client

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.kia_base.tests.common import make_vin


@tagged("post_install", "-at_install")
class TestXmlRpcAuthorityWarranty(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer = cls.env["res.company"].create(
            {
                "name": "XML-RPC Warranty Dealer",
                "kia_dealer_type": "dealer_4s",
                "kia_dealer_code": "XW001",
                "currency_id": cls.env.ref("base.CNY").id,
            }
        )
        new_test_user(
            cls.env,
            login="xr_wadmin",
            password="xr_wadmin_pw",
            groups="kia_warranty.group_warranty_admin",
            company_id=cls.dealer.id,
            company_ids=[(6, 0, cls.dealer.ids)],
        )
        cls.vehicle = cls.env["fleet.vehicle"].create(
            {
                "model_id": cls.env.ref("kia_base.fleet_vehicle_model_k5").id,
                "vin_sn": make_vin(prefix="LJDXRPC1", serial=15),
                "company_id": cls.dealer.id,
                "kia_sale_date": "2025-06-01",
            }
        )
        # Set-up as head office would leave it: a submitted claim whose labour line head
        # office cut to 50 (superuser, as data).
        cls.claim = cls.env["kia.warranty.claim"].create(
            {
                "vehicle_id": cls.vehicle.id,
                "company_id": cls.dealer.id,
                "state": "submitted",
                "line_ids": [
                    Command.create(
                        {
                            "line_type": "labor",
                            "name": "Replace pump",
                            "hours": 1.0,
                            "price_unit": 200.0,
                            "approved_amount": 50.0,
                            "approved_set": True,
                        }
                    )
                ],
            }
        )

    def call(self, model, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, "xr_wadmin", "xr_wadmin_pw", {})
        self.assertTrue(uid)
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, "xr_wadmin_pw", model, method, list(args), kwargs
        )

    def test_refused_writes_are_faults(self):
        line = self.claim.line_ids
        with self.assertRaises(xmlrpc.client.Fault) as err:
            self.call("kia.warranty.claim.line", "write", line.ids, {"approved_set": False})
        self.assertIn("head office's review", err.exception.faultString)
        with self.assertRaises(xmlrpc.client.Fault) as err:
            self.call(
                "kia.warranty.claim",
                "write",
                self.claim.ids,
                {"state": "approved", "amount_approved": 200.0},
            )
        self.assertIn("changes only through", err.exception.faultString)
        self.env.invalidate_all()
        self.assertEqual(
            (self.claim.state, self.claim.amount_approved, line.approved_set),
            ("submitted", 0.0, True),
        )

    def test_claim_created_submitted_is_a_fault(self):
        count = self.env["kia.warranty.claim"].search_count([])
        with self.assertRaises(xmlrpc.client.Fault) as err:
            self.call(
                "kia.warranty.claim",
                "create",
                {"vehicle_id": self.vehicle.id, "state": "submitted"},
            )
        self.assertIn("Submit to Head Office", err.exception.faultString)
        self.assertEqual(self.env["kia.warranty.claim"].search_count([]), count)
