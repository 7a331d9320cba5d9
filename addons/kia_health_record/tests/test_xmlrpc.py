import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestHealthRecordXmlRpc(HttpCase):
    """A dealer's service manager over XML-RPC: the platform secret and token stay hidden."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer = cls.env["res.company"].create(
            {
                "name": "EHR RPC Dealer",
                "kia_dealer_type": "dealer_4s",
                "kia_dealer_code": "EHR01",
                "currency_id": cls.env.ref("base.CNY").id,
                "kia_ehr_enterprise_code": "ENT-RPC",
                "kia_ehr_app_key": "rpc-key",
                "kia_ehr_secret": "rpc-secret",
            }
        )
        new_test_user(
            cls.env,
            login="ehr_rpc_manager",
            password="ehr_rpc_manager_pw",
            groups="kia_base.group_service_manager",
            company_id=cls.dealer.id,
            company_ids=[(6, 0, cls.dealer.ids)],
        )

    def call(self, model, method, *args, **kwargs):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "ehr_rpc_manager", "ehr_rpc_manager_pw", {})
        self.assertTrue(uid)
        return self.xmlrpc_object.execute_kw(
            db, uid, "ehr_rpc_manager_pw", model, method, list(args), kwargs
        )

    def test_secret_not_readable_over_rpc(self):
        for fname in ("kia_ehr_secret", "kia_ehr_token"):
            with self.assertRaises(xmlrpc.client.Fault):
                self.call("res.company", "read", [self.dealer.id], [fname])
        [company] = self.call("res.company", "read", [self.dealer.id])
        self.assertEqual(company["kia_ehr_app_key"], "rpc-key")
        self.assertNotIn("kia_ehr_secret", company)
        self.assertNotIn("kia_ehr_token", company)
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("res.company", "search", [("kia_ehr_secret", "=like", "rpc%")])
        self.assertEqual(self.dealer.kia_ehr_secret, "rpc-secret")
