"""An integrator's view of training: a dealer's training coordinator cannot make a certification
never expire, un-revoke it or cancel head office's session over XML-RPC; the refusal comes back
as a fault, in the user's language, and nothing changes."""

import xmlrpc.client

from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestXmlRpcAuthorityTraining(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cny = cls.env.ref("base.CNY")
        cls.hq = cls.env["res.company"].create(
            {"name": "XML-RPC Training HQ", "kia_dealer_type": "hq", "currency_id": cny.id}
        )
        cls.dealer = cls.env["res.company"].create(
            {
                "name": "XML-RPC Training Dealer",
                "kia_dealer_type": "dealer_4s",
                "kia_dealer_code": "XT001",
                "kia_hq_company_id": cls.hq.id,
                "currency_id": cny.id,
            }
        )
        cls.coordinator = new_test_user(
            cls.env,
            login="xr_training_coord",
            password="xr_training_coord_pw",
            groups="kia_training.group_training_coordinator",
            company_id=cls.dealer.id,
            company_ids=[(6, 0, cls.dealer.ids)],
            lang="zh_CN",
        )
        employee = cls.env["hr.employee"].create({"name": "接口技师", "company_id": cls.dealer.id})
        licence = cls.env["kia.certification.type"].create(
            {
                "name": "XML-RPC licence",
                "code": "XR-LIC",
                "track": "ev_hv",
                "validity_months": 12,
                "exam_required": False,
            }
        )
        # superuser: set-up data, a certification valid until 2027-01-05 and a revoked one
        Certification = cls.env["kia.certification"]
        cls.cert = Certification.create(
            {
                "employee_id": employee.id,
                "company_id": cls.dealer.id,
                "type_id": licence.id,
                "date_issued": "2026-01-05",
            }
        )
        cls.revoked = Certification.create(
            {
                "employee_id": employee.id,
                "company_id": cls.dealer.id,
                "type_id": licence.id,
                "date_issued": "2026-02-01",
                "state": "revoked",
                "revoke_reason": "Licence withdrawn",
            }
        )
        course = cls.env["kia.course"].create(
            {"name": "XML-RPC course", "code": "XR-C1", "duration_hours": 8}
        )
        cls.session = cls.env["kia.training.session"].create(
            {
                "course_id": course.id,
                "company_id": False,
                "date_start": "2026-03-02 01:00:00",
                "date_end": "2026-03-02 09:00:00",
                "state": "open",
            }
        )

    def call(self, model, method, *args, **kwargs):
        uid = self.xmlrpc_common.authenticate(
            self.env.cr.dbname, "xr_training_coord", "xr_training_coord_pw", {}
        )
        self.assertTrue(uid)
        return self.xmlrpc_object.execute_kw(
            self.env.cr.dbname, uid, "xr_training_coord_pw", model, method, list(args), kwargs
        )

    def test_certification_cannot_be_rewritten(self):
        for record, vals in (
            (self.cert, {"date_expiry": False}),
            (self.revoked, {"state": "valid", "revoke_reason": False}),
        ):
            with self.subTest(vals=vals), self.assertRaises(xmlrpc.client.Fault) as err:
                self.call(
                    "kia.certification", "write", [record.id], vals, context={"lang": "zh_CN"}
                )
            self.assertRegex(err.exception.faultString, "[\u4e00-\u9fff]")
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("kia.certification", "action_restore", [self.revoked.id])
        rows = self.call(
            "kia.certification",
            "read",
            [self.cert.id, self.revoked.id],
            ["date_expiry", "state", "revoke_reason"],
        )
        self.assertEqual(
            [(row["date_expiry"], row["state"], row["revoke_reason"]) for row in rows],
            [("2027-01-05", "valid", False), ("2027-02-01", "revoked", "Licence withdrawn")],
        )

    def test_head_office_session_cannot_be_cancelled(self):
        with self.assertRaises(xmlrpc.client.Fault) as err:
            self.call(
                "kia.training.session",
                "action_cancel",
                [self.session.id],
                reason="Not needed",
                context={"lang": "en_US"},
            )
        self.assertIn("HQ Training Manager", err.exception.faultString)
        with self.assertRaises(xmlrpc.client.Fault):
            self.call("kia.training.session", "write", [self.session.id], {"state": "cancel"})
        [session] = self.call("kia.training.session", "read", [self.session.id], ["state"])
        self.assertEqual(session["state"], "open")
