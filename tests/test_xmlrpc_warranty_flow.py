"""An integrator's view of a warranty claim: a dealer's DMS files it over XML-RPC as the
dealer's warranty administrator, head office's reviewer cuts a line and approves it, and the
warranty administrator settles it; the settlement lands in both companies' books. A dealer's
attempt to approve its own claim comes back as a fault in the user's language."""

import base64
import xmlrpc.client
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.kia_warranty.tests.common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestXmlRpcWarrantyFlow(HttpCase, KiaWarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.accountant_a = cls.make_user("t_wacc_a", "account.group_account_invoice", cls.dealer_a)
        for user in (cls.wadmin_a, cls.reviewer, cls.accountant_a, cls.hq_accountant):
            user.password = user.login

    def call(self, user, model, method, *args, **kwargs):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, user.login, user.login, {})
        self.assertEqual(uid, user.id)
        return self.xmlrpc_object.execute_kw(db, uid, user.login, model, method, list(args), kwargs)

    def test_claim_to_settlement_over_xmlrpc(self):
        repair_date = fields.Date.today() - timedelta(days=2)
        claim_id = self.call(
            self.wadmin_a,
            "kia.warranty.claim",
            "create",
            {
                "claim_type": "warranty",
                "vehicle_id": self.vehicle_a.id,
                "repair_date": fields.Date.to_string(repair_date),
                "odometer": 12000,
                "causal_product_id": self.part_pump.id,
                "failure_code_id": self.code_failure.id,
                "line_ids": [
                    (
                        0,
                        0,
                        {
                            "line_type": "labor",
                            "name": "Replace pump",
                            "operation_code": "2510A01",
                            "hours": 1.5,
                            "price_unit": 120.0,
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "line_type": "part",
                            "name": "Water pump",
                            "product_id": self.part_pump.id,
                            "quantity": 1,
                            "price_unit": 800.0,
                            "is_causal": True,
                        },
                    ),
                ],
            },
        )
        self.call(
            self.wadmin_a,
            "ir.attachment",
            "create",
            {
                "name": "odometer.jpg",
                "datas": base64.b64encode(b"photo").decode(),
                "res_model": "kia.warranty.claim",
                "res_id": claim_id,
            },
        )
        self.assertIs(
            self.call(self.wadmin_a, "kia.warranty.claim", "action_submit", [claim_id]), True
        )

        # the dealer cannot review its own claim: a fault in the user's language
        with self.assertRaises(xmlrpc.client.Fault) as refused:
            self.call(
                self.wadmin_a,
                "kia.warranty.claim",
                "action_approve",
                [claim_id],
                context={"lang": "zh_CN"},
            )
        self.assertIn("只有总部索赔审核员可以审核索赔单", refused.exception.faultString)
        [claim] = self.call(self.wadmin_a, "kia.warranty.claim", "read", [claim_id], ["state"])
        self.assertEqual(claim["state"], "submitted")

        # head office's reviewer works in head office and the dealer's company
        hq_context = {"allowed_company_ids": [self.hq.id, self.dealer_a.id]}
        [labor_id] = self.call(
            self.reviewer,
            "kia.warranty.claim.line",
            "search",
            [("claim_id", "=", claim_id), ("line_type", "=", "labor")],
            context=hq_context,
        )
        self.call(
            self.reviewer,
            "kia.warranty.claim.line",
            "write",
            [labor_id],
            {"approved_amount": 120.0},
            context=hq_context,
        )
        self.assertIs(
            self.call(
                self.reviewer,
                "kia.warranty.claim",
                "action_approve",
                [claim_id],
                context=hq_context,
            ),
            True,
        )

        self.assertIs(
            self.call(self.wadmin_a, "kia.warranty.claim", "action_settle", [claim_id]), True
        )
        [claim] = self.call(
            self.wadmin_a,
            "kia.warranty.claim",
            "read",
            [claim_id],
            ["state", "amount_total", "amount_approved", "reviewer_id", "invoice_id"],
        )
        self.assertEqual(claim["state"], "settled")
        self.assertEqual((claim["amount_total"], claim["amount_approved"]), (980.0, 920.0))
        self.assertEqual(claim["reviewer_id"][0], self.reviewer.id)
        invoice_id = claim["invoice_id"][0]

        # the dealer's books: a posted invoice to head office
        [invoice] = self.call(
            self.accountant_a,
            "account.move",
            "read",
            [invoice_id],
            ["move_type", "state", "company_id", "partner_id", "amount_total"],
        )
        self.assertEqual((invoice["move_type"], invoice["state"]), ("out_invoice", "posted"))
        self.assertEqual(invoice["company_id"][0], self.dealer_a.id)
        self.assertEqual(invoice["partner_id"][0], self.hq.partner_id.id)
        self.assertEqual(invoice["amount_total"], 920.0)

        # head office's books: the mirrored vendor bill
        bills = self.call(
            self.hq_accountant,
            "account.move",
            "search_read",
            [("auto_invoice_id", "=", invoice_id)],
            ["move_type", "company_id", "amount_total"],
        )
        self.assertEqual(len(bills), 1)
        self.assertEqual(bills[0]["move_type"], "in_invoice")
        self.assertEqual(bills[0]["company_id"][0], self.hq.id)
        self.assertEqual(bills[0]["amount_total"], 920.0)
