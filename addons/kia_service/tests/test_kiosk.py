import base64

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import HttpCase, tagged
from odoo.tools import file_open

from .service_common import KiaServiceProcessCase, warm_assets
from .tour_screenshot import TourScreenshotMixin

PHONE = "375x667"


def photo():
    with file_open("kia_service/static/description/icon.png", "rb") as image:
        return base64.b64encode(image.read()).decode()


class KioskCase(KiaServiceProcessCase):
    """A repair order in the workshop: its brake job given to technician A (PIN 4321, badge
    T-A-0001), its oil job to technician A2 (PIN 8765)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.technician_b = cls.make_user("t_tech_b", "kia_base.group_technician", cls.dealer_b)
        cls.technician_a.write({"kia_kiosk_pin": "4321", "kia_kiosk_badge": "T-A-0001"})
        cls.technician2_a.write({"kia_kiosk_pin": "8765"})
        cls.technician_b.write({"kia_kiosk_pin": "4321", "kia_kiosk_badge": "T-B-0001"})
        cls.dealer_a.write({"kia_kiosk_max_attempts": 3, "kia_kiosk_block_minutes": 10})
        cls.repair = cls.create_repair(operations=[cls.op_brake, cls.op_oil])
        cls.repair.with_user(cls.advisor_a).action_validate()
        jobs = cls.repair.kia_job_ids.with_user(cls.foreman_a)
        cls.job_brake = jobs.filtered(lambda job: job.labor_operation_id == cls.op_brake)
        cls.job_oil = jobs - cls.job_brake
        cls.job_brake.write({"technician_id": cls.technician_a.id, "bay_id": cls.bay_a.id})
        cls.job_oil.write({"technician_id": cls.technician2_a.id, "bay_id": cls.bay2_a.id})


@tagged("post_install", "-at_install")
class TestKioskRules(KioskCase):
    """The rules behind the kiosk, on the job's own methods as the technician."""

    def test_report_added_work_waits_for_approval(self):
        job = self.job_brake.with_user(self.technician_a)
        job.action_start()
        job.action_report_added_work(
            description="后刹车盘磨损", labor_operation_id=self.op_oil.id, photo=photo()
        )
        line = self.repair.repair_service_ids.filtered("kia_is_additional")
        self.assertEqual(line.kia_approval_state, "pending")
        self.assertEqual(line.display_name, "后刹车盘磨损")
        self.assertFalse(line.kia_sale_line_id, "nothing sold before the customer approves")
        added_job = line.kia_job_ids
        self.assertEqual(added_job.state, "waiting_approval")
        photos = self.env["ir.attachment"].search(
            [("res_model", "=", "repair.order"), ("res_id", "=", self.repair.id)]
        )
        self.assertTrue(photos.filtered(lambda a: a.mimetype == "image/png"))
        self.assertIn("后刹车盘磨损", self.repair.message_ids[0].body)
        self.assertEqual(self.repair.activity_ids.user_id, self.repair.user_id)
        # The foreman dispatches it; it still cannot start before the customer approves.
        added_job.with_user(self.foreman_a).write({"technician_id": self.technician_a.id})
        with self.assertRaises(UserError):
            added_job.with_user(self.technician_a).action_start()
        self.assertEqual(added_job.state, "waiting_approval")
        line.with_user(self.advisor_a).action_kia_approve()
        added_job.with_user(self.technician_a).action_start()
        self.assertEqual(added_job.state, "in_progress")

    def test_report_refused_on_others_job_and_bad_input(self):
        lines = self.repair.repair_service_ids
        with self.assertRaises(AccessError):
            self.job_oil.with_user(self.technician_a).action_report_added_work("漏油")
        with self.assertRaises(UserError):
            self.job_brake.with_user(self.technician_a).action_report_added_work("  ")
        with self.assertRaises(UserError):
            self.job_brake.with_user(self.technician_a).action_report_added_work(
                "漏油", photo=base64.b64encode(b"not a picture").decode()
            )
        with self.assertRaises(AccessError):
            self.job_brake.with_user(self.qc_a).action_report_added_work("漏油")
        self.assertEqual(self.repair.repair_service_ids, lines, "nothing added")

    def test_elapsed_time_runs(self):
        job = self.job_brake.with_user(self.technician_a)
        job.action_start()
        log = job.time_ids
        log.sudo().date_start = fields.Datetime.subtract(fields.Datetime.now(), minutes=30)
        job.invalidate_recordset(["elapsed_hours"])
        self.assertAlmostEqual(job.elapsed_hours, 0.5, delta=0.02)
        self.assertEqual(job.actual_hours, 0.0, "clocked hours count once stopped")

    def test_labor_line_reads_as_its_operation(self):
        names = self.repair.repair_service_ids.mapped("display_name")
        self.assertEqual(
            sorted(names), sorted([self.op_brake.display_name, self.op_oil.display_name])
        )
        self.assertEqual(self.job_brake.name, "Front brake pads")

    def test_kiosk_jobs_are_own_jobs(self):
        data = self.env["kia.repair.job"].with_user(self.technician_a).kia_kiosk_jobs()
        self.assertEqual([row["id"] for row in data], self.job_brake.ids)
        self.assertEqual(data[0]["name"], "Front brake pads")

    def test_pin_rules(self):
        from odoo.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            self.technician_a.kia_kiosk_pin = "12a4"
        # A technician sets his own PIN in his preferences; another user's is out of reach.
        self.technician_a.with_user(self.technician_a).write({"kia_kiosk_pin": "5555"})
        self.assertEqual(self.technician_a.kia_kiosk_pin, "5555")
        with self.assertRaises(AccessError):
            self.technician2_a.with_user(self.technician_a).write({"kia_kiosk_pin": "5555"})
        with self.assertRaises(AccessError):
            self.technician2_a.with_user(self.foreman_a).read(["kia_kiosk_pin"])


@tagged("post_install", "-at_install")
class TestKioskHttp(TourScreenshotMixin, KioskCase, HttpCase):
    """The kiosk's routes as the browser calls them: identity decided by the server."""

    browser_size = PHONE
    touch_enabled = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Messages are read in English here, but in Chinese where the test says so.
        cls.env["res.lang"]._activate_lang("en_US")
        (cls.foreman_a | cls.technician_a | cls.technician2_a).write({"lang": "en_US"})

    def rpc(self, route, **params):
        return self.make_jsonrpc_request(f"/kia_service/kiosk/{route}", params)

    def identify(self, **params):
        self.rpc("open")
        return self.rpc("identify", **params)

    def test_wrong_pin_refused_and_translated(self):
        self.foreman_a.lang = "zh_CN"
        self.authenticate("t_foreman_a", "t_foreman_a")
        result = self.identify(user_id=self.technician_a.id, pin="0000")
        self.assertEqual(result, {"error": "PIN 错误。"})
        result = self.rpc("clock", job_id=self.job_brake.id, action="start")
        self.assertEqual(result, {"error": "请先刷工牌或输入 PIN 识别身份。"})
        self.assertEqual(self.job_brake.state, "ready", "nothing happened")
        self.assertFalse(self.job_brake.time_ids)
        # another dealer's technician, with the same PIN or his badge, is not on this kiosk
        self.assertIn("error", self.identify(user_id=self.technician_b.id, pin="4321"))
        self.assertIn("error", self.identify(badge="T-B-0001"))

    def test_guessing_is_blocked(self):
        self.authenticate("t_foreman_a", "t_foreman_a")
        for pin in ("0000", "1111"):
            self.assertIn("error", self.identify(user_id=self.technician_a.id, pin=pin))
        result = self.identify(badge="NOPE")
        self.assertIn("Too many wrong", result["error"])
        # Blocked: the right PIN is refused as well, and nothing is identified.
        result = self.identify(user_id=self.technician_a.id, pin="4321")
        self.assertIn("Too many wrong", result["error"])
        self.assertIn("error", self.rpc("jobs"))
        # Once the block is over, the right PIN identifies and the counter starts again.
        self.foreman_a.sudo().kia_kiosk_blocked_until = fields.Datetime.subtract(
            fields.Datetime.now(), minutes=1
        )
        result = self.identify(user_id=self.technician_a.id, pin="4321")
        self.assertEqual(result["technician"]["id"], self.technician_a.id)
        self.assertEqual(self.foreman_a.sudo().kia_kiosk_failures, 0)

    def test_own_jobs_only(self):
        self.authenticate("t_foreman_a", "t_foreman_a")
        result = self.identify(badge="T-A-0001")
        self.assertEqual(result["technician"]["id"], self.technician_a.id)
        jobs = self.rpc("jobs")["jobs"]
        self.assertEqual([job["id"] for job in jobs], self.job_brake.ids)
        result = self.rpc("clock", job_id=self.job_oil.id, action="start")
        self.assertIn("you can only clock your own jobs", result["error"])
        self.assertEqual(self.job_oil.state, "ready")
        result = self.rpc("report", job_id=self.job_oil.id, description="漏油")
        self.assertIn("error", result)
        result = self.rpc("clock", job_id=self.job_brake.id, action="start")
        self.assertEqual(result["jobs"][0]["state"], "in_progress")
        self.assertEqual(self.job_brake.time_ids.user_id, self.technician_a)
        # Signed out, the next call acts for nobody.
        self.rpc("leave")
        self.assertIn("error", self.rpc("clock", job_id=self.job_brake.id, action="finish"))
        self.assertEqual(self.job_brake.state, "in_progress")

    def test_modes_need_their_role(self):
        self.authenticate("t_cr_a", "t_cr_a")
        self.assertIn("error", self.rpc("open"))
        self.assertIn("error", self.rpc("identify", badge="T-A-0001"))
        self.assertIn("error", self.rpc("jobs", mode="phone"))
        # The technician's phone: his own jobs, with no PIN; no kiosk of his own.
        self.authenticate("t_tech_a", "t_tech_a")
        self.assertIn("error", self.rpc("identify", badge="T-A-0001"))
        jobs = self.rpc("jobs", mode="phone")["jobs"]
        self.assertEqual([job["id"] for job in jobs], self.job_brake.ids)
        result = self.rpc(
            "report", job_id=self.job_brake.id, mode="phone", description="漏油", photo=photo()
        )
        self.assertIn("jobs", result)
        self.assertEqual(
            self.repair.repair_service_ids.filtered("kia_is_additional").kia_approval_state,
            "pending",
        )

    def test_tour_kiosk_phone_size(self):
        warm_assets(self, "t_foreman_a", "/odoo")
        paths = self.start_tour_with_screenshots(
            "/odoo/action-kia_service.kia_repair_job_action_kiosk",
            "kia_service_kiosk",
            "t_foreman_a",
            timeout=240,
        )
        self.assertTrue(paths, "the kiosk's screenshot is saved")
        self.assertEqual(self.job_brake.state, "done")
        self.assertEqual(self.job_brake.self_check_user_id, self.technician_a)
        self.assertEqual(
            self.job_brake.time_ids.mapped("pause_reason"), ["parts"], "paused for parts"
        )
        added = self.repair.repair_service_ids.filtered("kia_is_additional")
        self.assertEqual(added.display_name, "Rear brake discs worn")
        self.assertEqual(added.kia_job_ids.state, "waiting_approval")
        # the photo taken on the phone is on the repair order, posted with the report
        photos = self.env["ir.attachment"].search(
            [("res_model", "=", "repair.order"), ("res_id", "=", self.repair.id)]
        )
        self.assertEqual(photos.mimetype, "image/png")
        self.assertEqual(photos.raw, base64.b64decode(photo()))
        report = self.repair.message_ids.filtered(lambda m: m.attachment_ids)
        self.assertIn("Rear brake discs worn", report.body)
        self.assertEqual(report.attachment_ids, photos)
        self.assertEqual(self.job_oil.state, "ready", "another technician's job is untouched")

        paths = self.start_tour_with_screenshots(
            "/odoo/action-kia_service.kia_repair_job_action_phone",
            "kia_service_kiosk_phone",
            "t_tech2_a",
            timeout=240,
        )
        self.assertTrue(paths)
        self.assertEqual(self.job_oil.state, "done")
