"""An integrator's view of authority in customer care and facilities: a dealer's customer
relations officer cannot clear a complaint's escalation nor stamp the customer contact over
XML-RPC, and a dealer's service manager cannot close head office's facility audit; each comes
back as a clear fault, in the user's language, and nothing changes."""

import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestXmlRpcAuthorityCare(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cny = cls.env.ref("base.CNY")
        cls.hq = cls.env["res.company"].create(
            {"name": "XML-RPC Care HQ", "kia_dealer_type": "hq", "currency_id": cny.id}
        )
        cls.dealer = cls.env["res.company"].create(
            {
                "name": "XML-RPC Care Dealer",
                "kia_dealer_type": "dealer_4s",
                "kia_dealer_code": "XRC01",
                "kia_hq_company_id": cls.hq.id,
                "currency_id": cny.id,
            }
        )
        cls.users = {}
        for login, group in (
            ("xrc_cr", "kia_base.group_customer_relations"),
            ("xrc_manager", "kia_base.group_service_manager"),
        ):
            cls.users[login] = new_test_user(
                cls.env,
                login=login,
                password=f"{login}_pw",
                groups=group,
                company_id=cls.dealer.id,
                company_ids=[(6, 0, cls.dealer.ids)],
                lang="zh_CN",
            )
        customer = cls.env["res.partner"].create(
            {"name": "接口投诉客户", "company_id": cls.dealer.id}
        )
        cls.ticket = cls.env["helpdesk.ticket"].create(
            {
                "name": "保养后异响",
                "description": "<p>异响</p>",
                "company_id": cls.dealer.id,
                "partner_id": customer.id,
                "kia_is_complaint": True,
            }
        )
        # the deadline check escalated it (superuser code, as the cron)
        cls.ticket.write({"kia_escalation_level": "manager"})
        template = cls.env["kia.audit.template"].create(
            {"name": "XML-RPC audit", "criterion_ids": [(0, 0, {"name": "5S", "points": 5})]}
        )
        cls.audit = cls.env["kia.audit"].create(
            {"company_id": cls.dealer.id, "template_id": template.id, "audit_type": "hq"}
        )

    def call(self, login, model, method, *args, **kwargs):
        password = f"{login}_pw"
        uid = self.xmlrpc_common.authenticate(self.env.cr.dbname, login, password, {})
        self.assertTrue(uid)
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, password, model, method, list(args), kwargs
        )

    def test_complaint_escalation_and_stamp_refused(self):
        for vals in ({"kia_escalation_level": "none"}, {"kia_first_contact_date": "2020-01-01"}):
            with self.assertRaises(xmlrpc.client.Fault) as err:
                self.call(
                    "xrc_cr",
                    "helpdesk.ticket",
                    "write",
                    [self.ticket.id],
                    vals,
                    context={"lang": "zh_CN"},
                )
            self.assertIn("只能通过", err.exception.faultString)
        [ticket] = self.call(
            "xrc_cr",
            "helpdesk.ticket",
            "read",
            [self.ticket.id],
            ["kia_escalation_level", "kia_first_contact_date"],
        )
        self.assertEqual(ticket["kia_escalation_level"], "manager")
        self.assertFalse(ticket["kia_first_contact_date"])
        # the action is the way
        self.assertIs(
            self.call("xrc_cr", "helpdesk.ticket", "action_kia_contact_customer", [self.ticket.id]),
            True,
        )

    def test_hq_audit_refused_to_dealer(self):
        with self.assertRaises(xmlrpc.client.Fault) as err:
            self.call(
                "xrc_manager",
                "kia.audit",
                "action_done",
                [self.audit.id],
                context={"lang": "zh_CN"},
            )
        self.assertIn("总部", err.exception.faultString)
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("xrc_manager", "kia.audit", "unlink", [self.audit.id])
        self.assertEqual(self.audit.state, "draft")
        self.assertTrue(self.audit.exists())
