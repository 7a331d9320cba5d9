import json
import threading
from unittest.mock import patch

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .portal_common import KiaPortalCase


@tagged("post_install", "-at_install")
class TestPortal(KiaPortalCase):
    def login(self, login, lang="en_US"):
        """Log in on the portal; the frontend language follows the frontend_lang cookie."""
        self.authenticate(login, login)
        self.set_lang(lang)

    def set_lang(self, lang):
        # Drop the cookie the server set (on its own domain) before setting ours.
        for cookie in list(self.opener.cookies):
            if cookie.name == "frontend_lang":
                self.opener.cookies.clear(cookie.domain, cookie.path, cookie.name)
        self.opener.cookies.set("frontend_lang", lang)

    def _post(self, url, data):
        data = dict(data, csrf_token=self.csrf_token())
        return self.url_open(url, data=data)

    def csrf_token(self):
        # The portal pages carry the session's CSRF token in their forms.
        page = self.url_open("/my/appointments/new")
        marker = 'name="csrf_token" value="'
        start = page.text.index(marker) + len(marker)
        return page.text[start : page.text.index('"', start)]

    def test_read_routes_on_readonly_cursor(self):
        """The pages that only show the customer's records run on Odoo's read-only cursor (a
        replica serves them); every route that signs, approves, declines or books does not."""
        # The routing map is built for the thread's database, which Odoo's own test runner
        # names on the thread (pytest-odoo does not).
        with patch.object(threading.current_thread(), "dbname", self.env.cr.dbname, create=True):
            rules = list(self.env["ir.http"].routing_map().iter_rules())
        routes = {
            rule.rule: rule.endpoint.routing
            for rule in rules
            if rule.rule.startswith(("/my/vehicles", "/my/repairs", "/my/appointments"))
        }
        readonly = {
            "/my/vehicles",
            "/my/vehicles/page/<int:page>",
            "/my/vehicles/<int:vehicle_id>",
            "/my/repairs",
            "/my/repairs/page/<int:page>",
            "/my/repairs/<int:repair_id>",
            "/my/appointments",
            "/my/appointments/page/<int:page>",
        }
        self.assertTrue(readonly <= set(routes), set(routes))
        for rule, routing in routes.items():
            with self.subTest(rule=rule):
                self.assertIs(bool(routing.get("readonly")), rule in readonly)
        self.assertIn("/my/repairs/<int:repair_id>/accept", routes)
        self.assertIn("/my/appointments/new", routes)

    def test_home_counters(self):
        self.login("t_portal_a")
        response = self.url_open(
            "/my/counters",
            data=json.dumps(
                {
                    "params": {
                        "counters": [
                            "kia_vehicle_count",
                            "kia_repair_count",
                            "kia_approval_count",
                            "kia_appointment_count",
                        ]
                    }
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        counters = response.json()["result"]
        self.assertEqual(counters["kia_vehicle_count"], 1)
        self.assertEqual(counters["kia_repair_count"], 1)
        self.assertEqual(counters["kia_approval_count"], 1)
        self.assertEqual(counters["kia_appointment_count"], 0)

    def test_own_vehicle_history_and_repair(self):
        # A declined recommendation of an earlier visit is shown on the vehicle.
        self.extra_line.with_user(self.advisor_a).write({"kia_decline_reason": "下次再说"})
        self.extra_line.with_user(self.advisor_a).action_kia_decline()
        self.login("t_portal_a")
        page = self.url_open("/my/vehicles").text
        self.assertIn("沪A10001", page)
        self.assertNotIn("沪A20002", page, "another customer's car is not listed")
        page = self.url_open(f"/my/vehicles/{self.vehicle_a.id}").text
        self.assertIn(self.repair.name, page)
        self.assertIn("15000", page, "mileage of the visit")
        self.assertIn("Oil filter", page, "parts of the visit")
        self.assertIn("下次再说", page, "declined work and its reason")
        page = self.url_open("/my/repairs").text
        self.assertIn(self.repair.name, page)
        self.assertNotIn(self.repair_other.name, page)
        page = self.url_open(f"/my/repairs/{self.repair.id}").text
        self.assertIn(self.work_line.display_name, page)
        self.assertIn("Waiting for the Workshop", page)

    def test_mail_links_to_portal(self):
        """A mail about a repair order takes its customer to the RO's portal page; another
        customer's portal account gets no link to it."""
        self.assertEqual(self.repair.access_url, f"/my/repairs/{self.repair.id}")
        action = self.repair._get_access_action(access_uid=self.portal_a.id)
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertTrue(action["url"].startswith(f"/my/repairs/{self.repair.id}?"))
        self.login("t_portal_a")
        page = self.url_open(action["url"])
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.work_line.display_name, page.text)
        action = self.repair._get_access_action(access_uid=self.portal_other.id)
        self.assertNotEqual(action.get("type"), "ir.actions.act_url")

    def test_other_customer_refused(self):
        self.login("t_portal_a")
        for url in (f"/my/repairs/{self.repair_other.id}", f"/my/vehicles/{self.vehicle_other.id}"):
            response = self.url_open(url)
            self.assertNotIn(url, response.url, "redirected away")
            self.assertNotIn(self.repair_other.name, response.text)
            self.assertNotIn("沪A20002", response.text)
        # Nor can the other customer's additional work be approved.
        other_extra = (
            self.env["repair.service"]
            .with_user(self.advisor_a)
            .create({"repair_id": self.repair_other.id, "kia_labor_operation_id": self.op_oil.id})
        )
        self._post(f"/my/repairs/{self.repair_other.id}/work/{other_extra.id}/approve", {})
        self.assertEqual(other_extra.kia_approval_state, "pending")
        # A line of another order through one's own order id is refused too.
        response = self._post(f"/my/repairs/{self.repair.id}/work/{other_extra.id}/approve", {})
        self.assertEqual(other_extra.kia_approval_state, "pending")
        self.assertNotIn(self.repair_other.name, response.text)
        # The record rules say the same to the ORM.
        portal_env = self.env(user=self.portal_a)
        with self.assertRaises(AccessError):
            portal_env["repair.order"].browse(self.repair_other.id).check_access("read")
        with self.assertRaises(AccessError):
            portal_env["fleet.vehicle"].browse(self.vehicle_other.id).check_access("read")
        with self.assertRaises(AccessError):
            portal_env["repair.order"].browse(self.repair.id).check_access("write")
        self.assertEqual(portal_env["repair.order"].search([]), self.repair)
        self.assertEqual(portal_env["fleet.vehicle"].search([]), self.vehicle_a)

    def test_decline_asks_a_reason(self):
        self.login("t_portal_a")
        url = f"/my/repairs/{self.repair.id}/work/{self.extra_line.id}/decline"
        response = self._post(url, {"reason": "  "})
        self.assertIn("Please tell us why you decline this work.", response.text)
        self.assertEqual(self.extra_line.kia_approval_state, "pending")
        self.assertEqual(self.extra_line.kia_job_ids.state, "waiting_approval")
        # In Chinese for a Chinese customer.
        self.set_lang("zh_CN")
        response = self._post(url, {"reason": ""})
        self.assertIn("请告诉我们您拒绝这项工作的原因。", response.text)
        self.assertEqual(self.extra_line.kia_approval_state, "pending")
        response = self._post(url, {"reason": "太贵了"})
        self.assertEqual(self.extra_line.kia_approval_state, "declined")
        self.assertEqual(self.extra_line.kia_decline_reason, "太贵了")
        self.assertEqual(self.extra_line.kia_approval_user_id, self.portal_a)
        self.assertEqual(self.extra_line.kia_job_ids.state, "cancel")
        # Deciding twice is refused with a clear message.
        response = self._post(url, {"reason": "again"})
        self.assertIn("o_kia_error", response.text)
        self.assertEqual(self.extra_line.kia_decline_reason, "太贵了")

    def test_booking(self):
        Appointment = self.env["kia.appointment"]
        day, slot, start = self.local_slot()
        self.login("t_portal_a")
        form = {
            "vehicle_id": self.vehicle_a.id,
            "service_type": "periodic",
            "date": day,
            "slot": slot,
            "concern": "保养",
        }
        response = self._post("/my/appointments/new", form)
        self.assertIn("/my/appointments", response.url)
        booking = Appointment.search([("partner_id", "=", self.customer_a.id)])
        self.assertEqual(len(booking), 1)
        self.assertEqual(booking.date_start, start)
        self.assertEqual(booking.channel, "portal")
        self.assertEqual(booking.state, "confirmed")
        self.assertEqual(booking.vehicle_id, self.vehicle_a)
        self.assertEqual(booking.company_id, self.dealer_a)
        self.assertEqual(booking.advisor_id, self.advisor_a, "a plain advisor takes it")
        self.assertIn(booking.name, self.url_open("/my/appointments").text)

    def test_booking_refused(self):
        Appointment = self.env["kia.appointment"]
        day, slot, start = self.local_slot(days=3, hour=11)
        # The slot is full (two places at dealer A).
        for customer in (self.customer_other, self.customer_other):
            Appointment.with_user(self.advisor_a).create(
                {"partner_id": customer.id, "date_start": start}
            ).action_confirm()
        before = Appointment.search_count([])
        self.login("t_portal_a")
        form = {
            "vehicle_id": self.vehicle_a.id,
            "service_type": "general",
            "date": day,
            "slot": slot,
            "concern": "异响",
        }
        response = self._post("/my/appointments/new", form)
        self.assertIn("is full", response.text)
        # The slot picker shows the places left on the day chosen.
        self.assertIn(f"{slot} (0 places left)", response.text)
        page = self.url_open(f"/my/appointments/new?date={day}").text
        self.assertIn(f"{slot} (0 places left)", page)
        self.assertIn("(2 places left)", page, "the other slots of the day are free")
        self.set_lang("zh_CN")
        response = self._post("/my/appointments/new", form)
        self.assertIn("时段预约已满", response.text)
        self.assertIn("o_kia_booking_form", response.text, "the form is shown again")
        self.assertEqual(Appointment.search_count([]), before, "nothing written")
        # Another customer's car, a past day or a made-up service are refused too.
        bad_forms = [
            dict(form, vehicle_id=self.vehicle_other.id),
            dict(form, date="2020-01-01"),
            dict(form, service_type="internal"),
            dict(form, slot="nonsense"),
        ]
        for bad in bad_forms:
            response = self._post("/my/appointments/new", bad)
            self.assertIn("o_kia_error", response.text)
        self.assertEqual(Appointment.search_count([]), before, "nothing written")
