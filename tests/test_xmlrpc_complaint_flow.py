"""An integrator's view of a complaint: a dealer's DMS or call centre registers it over XML-RPC
as customer relations, records the customer contact, the service manager enters the root cause
and corrective action, the customer's acceptance is recorded, the service manager closes it and
customer relations records the satisfaction at the re-contact. Closing before the customer
accepted comes back as a fault in the user's language."""

import xmlrpc.client

from odoo.tests import HttpCase, tagged

from odoo.addons.kia_customer_care.tests.common_complaint import KiaComplaintCase


@tagged("post_install", "-at_install")
class TestXmlRpcComplaintFlow(HttpCase, KiaComplaintCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for user in (cls.cr_a, cls.manager_a):
            user.password = user.login

    def call(self, user, model, method, *args, **kwargs):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, user.login, user.login, {})
        self.assertEqual(uid, user.id)
        return self.xmlrpc_object.execute_kw(db, uid, user.login, model, method, list(args), kwargs)

    def read(self, user, ticket_id, fields):
        [values] = self.call(user, "helpdesk.ticket", "read", [ticket_id], fields)
        return values

    def test_complaint_to_closure_over_xmlrpc(self):
        ticket_id = self.call(
            self.cr_a,
            "helpdesk.ticket",
            "create",
            {
                "name": "Noise after service",
                "description": "<p>The engine still knocks.</p>",
                "partner_id": self.customer_a.id,
                "team_id": self.team_a.id,
                "kia_vehicle_id": self.vehicle_a.id,
                "kia_complaint_source": "hotline",
            },
        )
        ticket = self.read(
            self.cr_a,
            ticket_id,
            [
                "kia_is_complaint",
                "company_id",
                "kia_first_contact_user_id",
                "kia_first_contact_deadline",
                "kia_resolution_deadline",
            ],
        )
        self.assertTrue(ticket["kia_is_complaint"])
        self.assertEqual(ticket["company_id"][0], self.dealer_a.id)
        self.assertEqual(ticket["kia_first_contact_user_id"][0], self.cr_a.id)
        self.assertTrue(ticket["kia_first_contact_deadline"])
        self.assertTrue(ticket["kia_resolution_deadline"])

        self.assertIs(
            self.call(self.cr_a, "helpdesk.ticket", "action_kia_contact_customer", [ticket_id]),
            True,
        )
        self.call(
            self.manager_a,
            "helpdesk.ticket",
            "write",
            [ticket_id],
            {
                "kia_root_cause": "Technician skipped the final check.",
                "kia_corrective_action": "Final check list signed by the foreman.",
            },
        )

        # closing before the customer accepted the solution: refused in the user's language
        with self.assertRaises(xmlrpc.client.Fault) as refused:
            self.call(
                self.manager_a,
                "helpdesk.ticket",
                "write",
                [ticket_id],
                {"stage_id": self.stage_done.id},
                context={"lang": "zh_CN"},
            )
        self.assertIn("客户接受处理方案之前", refused.exception.faultString)
        ticket = self.read(self.manager_a, ticket_id, ["stage_id", "closed_date"])
        self.assertEqual(ticket["stage_id"][0], self.stage_new.id)
        self.assertFalse(ticket["closed_date"])

        self.assertIs(
            self.call(self.cr_a, "helpdesk.ticket", "action_kia_customer_confirm", [ticket_id]),
            True,
        )
        self.assertIs(
            self.call(
                self.manager_a,
                "helpdesk.ticket",
                "write",
                [ticket_id],
                {"stage_id": self.stage_done.id},
            ),
            True,
        )
        ticket = self.read(self.cr_a, ticket_id, ["closed", "closed_date", "activity_ids"])
        self.assertTrue(ticket["closed"])
        self.assertTrue(ticket["closed_date"])
        self.assertEqual(len(ticket["activity_ids"]), 1, "the re-contact is scheduled")

        self.call(
            self.cr_a, "helpdesk.ticket", "write", [ticket_id], {"kia_satisfaction": "satisfied"}
        )
        self.assertIs(
            self.call(self.cr_a, "helpdesk.ticket", "action_kia_record_recontact", [ticket_id]),
            True,
        )
        ticket = self.read(
            self.cr_a,
            ticket_id,
            [
                "kia_first_contact_date",
                "kia_customer_confirmed",
                "kia_customer_confirmed_date",
                "kia_satisfaction",
                "kia_recontact_date",
                "activity_ids",
            ],
        )
        self.assertTrue(ticket["kia_first_contact_date"])
        self.assertTrue(ticket["kia_customer_confirmed"])
        self.assertTrue(ticket["kia_customer_confirmed_date"])
        self.assertEqual(ticket["kia_satisfaction"], "satisfied")
        self.assertTrue(ticket["kia_recontact_date"])
        self.assertEqual(ticket["activity_ids"], [])
