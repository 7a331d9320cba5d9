"""An integrator's view of the workshop's authority: an advisor's client writing an
appointment's state, or booking one in the past, gets a clear fault and nothing changes."""

import xmlrpc.client
from datetime import timedelta

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.kia_service.tests.service_common import KiaServiceProcessCase


@tagged("post_install", "-at_install")
class TestXmlRpcAuthorityAppointment(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer = cls.env["res.company"].create(
            {
                "name": "XML-RPC Workshop Dealer",
                "kia_dealer_type": "dealer_4s",
                "kia_dealer_code": "XR002",
                "currency_id": cls.env.ref("base.CNY").id,
                "kia_workday_start": 0.0,
                "kia_workday_end": 24.0,
            }
        )
        # The workshop that takes the booking: a bay and a technician working round the clock.
        cls.dealer.resource_calendar_id = KiaServiceProcessCase.round_the_clock_calendar(cls.env)
        cls.env["maintenance.equipment"].create(
            {"name": "Lift", "company_id": cls.dealer.id, "kia_is_bay": True}
        )
        new_test_user(
            cls.env,
            login="xr_sj_technician",
            groups="kia_base.group_technician",
            company_id=cls.dealer.id,
            company_ids=[(6, 0, cls.dealer.ids)],
        )
        cls.advisor = new_test_user(
            cls.env,
            login="xr_sj_advisor",
            password="xr_sj_advisor_pw",
            groups="kia_base.group_advisor",
            company_id=cls.dealer.id,
            company_ids=[(6, 0, cls.dealer.ids)],
            lang="zh_CN",
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "接口客户", "company_id": cls.dealer.id}
        )
        start = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        cls.appointment = cls.env["kia.appointment"].create(
            {
                "company_id": cls.dealer.id,
                "partner_id": cls.customer.id,
                "advisor_id": cls.advisor.id,
                "date_start": start + timedelta(days=3),
            }
        )

    def call(self, model, method, *args, **kwargs):
        db = self.env.cr.dbname
        uid = self.xmlrpc_common.authenticate(db, "xr_sj_advisor", "xr_sj_advisor_pw", {})
        self.assertTrue(uid)
        return self.xmlrpc_object.execute_kw(
            db, uid, "xr_sj_advisor_pw", model, method, list(args), kwargs
        )

    def test_state_written_directly_is_a_fault(self):
        with self.assertRaises(xmlrpc.client.Fault) as err:
            self.call(
                "kia.appointment",
                "write",
                [self.appointment.id],
                {"state": "done"},
                context={"lang": "zh_CN"},
            )
        self.assertIn("只能通过", err.exception.faultString)
        [row] = self.call("kia.appointment", "read", [self.appointment.id], ["state"])
        self.assertEqual(row["state"], "draft")
        # The button does it, and answers True.
        self.assertIs(self.call("kia.appointment", "action_confirm", [self.appointment.id]), True)
        [row] = self.call("kia.appointment", "read", [self.appointment.id], ["state"])
        self.assertEqual(row["state"], "confirmed")

    def test_past_booking_is_a_fault(self):
        yesterday = fields.Datetime.now() - timedelta(days=1)
        with self.assertRaises(xmlrpc.client.Fault) as err:
            self.call(
                "kia.appointment",
                "create",
                {
                    "partner_id": self.customer.id,
                    "date_start": fields.Datetime.to_string(yesterday),
                },
                context={"lang": "zh_CN"},
            )
        self.assertIn("已过去", err.exception.faultString)
        self.assertEqual(
            self.call("kia.appointment", "search_count", [("partner_id", "=", self.customer.id)]),
            1,
        )
