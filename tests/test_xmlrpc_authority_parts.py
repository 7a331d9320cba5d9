"""An integrator's view of the parts money: a dealer's parts manager cannot rewrite a posted
guarantee deposit movement or release credit on its own order over XML-RPC; the refusal comes
back as a fault, in the user's language, and nothing changes."""

import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestXmlRpcAuthorityParts(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cny = cls.env.ref("base.CNY")
        cls.hq = cls.env["res.company"].create(
            {"name": "XML-RPC Parts HQ", "kia_dealer_type": "hq", "currency_id": cny.id}
        )
        cls.dealer = cls.env["res.company"].create(
            {
                "name": "XML-RPC Parts Dealer",
                "kia_dealer_type": "dealer_4s",
                "kia_dealer_code": "XP001",
                "kia_hq_company_id": cls.hq.id,
                "currency_id": cny.id,
            }
        )
        cls.manager = new_test_user(
            cls.env,
            login="xr_parts_mgr",
            password="xr_parts_mgr_pw",
            groups="kia_parts.group_parts_manager",
            company_id=cls.dealer.id,
            company_ids=[(6, 0, cls.dealer.ids)],
            lang="zh_CN",
        )
        # superuser: a movement head office has confirmed (the books are not needed here)
        cls.line = cls.env["kia.parts.deposit.line"].create(
            {"company_id": cls.dealer.id, "amount": 1000.0, "state": "posted"}
        )
        cls.order = cls.env["purchase.order"].create(
            {"partner_id": cls.hq.partner_id.id, "company_id": cls.dealer.id}
        )

    def call(self, model, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(
            self.env.cr.dbname, "xr_parts_mgr", "xr_parts_mgr_pw", {}
        )
        self.assertTrue(uid)
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, "xr_parts_mgr_pw", model, method, list(args), kwargs
        )

    def test_posted_deposit_line_cannot_be_rewritten(self):
        for vals, word in (({"amount": 999999.0}, self.line.name), ({"state": "cancel"}, "Post")):
            with self.assertRaises(xmlrpc.client.Fault) as err:
                self.call("kia.parts.deposit.line", "write", [self.line.id], vals)
            self.assertIn(word, err.exception.faultString)
        [line] = self.call(
            "kia.parts.deposit.line", "read", [self.line.id], ["amount", "state", "signed_amount"]
        )
        self.assertEqual((line["amount"], line["state"]), (1000.0, "posted"))
        self.assertEqual(line["signed_amount"], 1000.0)

    def test_dealer_cannot_release_its_own_credit(self):
        with self.assertRaises(xmlrpc.client.Fault) as err:
            self.call(
                "purchase.order",
                "write",
                [self.order.id],
                {"kia_credit_released_by_id": self.manager.id},
                context={"lang": "zh_CN"},
            )
        self.assertRegex(err.exception.faultString, "[\u4e00-\u9fff]")
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("purchase.order", "action_kia_release_credit", [self.order.id])
        self.order.invalidate_recordset()
        self.assertFalse(self.order.kia_credit_released_by_id)
