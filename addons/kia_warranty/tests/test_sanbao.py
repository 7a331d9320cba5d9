import itertools
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestThreeGuarantees(KiaWarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_workshop()
        # the alerts are written in the dealer's language: these tests read them in English
        cls.dealer_a.partner_id.lang = "en_US"

    def repair(self, start, end):
        repair = self.make_repair()
        with freeze_time(end):
            self.assertEqual(
                repair.kia_wty_long_repair, False, "not signed yet: the clock has not started"
            )
        self.run_repair(repair, start, end)
        return repair

    def activities(self, vehicle):
        return vehicle.activity_ids.mapped("summary")

    def test_repair_days_from_signature_to_ready_notice(self):
        repair = self.make_repair()
        self.assertEqual(repair._kia_wty_repair_days(), 0)
        with freeze_time("2026-01-01 09:00"):
            repair.kia_customer_signature = "R0lGODlhAQABAAAAACw="
            repair.with_user(self.advisor_a).action_kia_customer_approve()
        self.assertEqual(str(repair.kia_wty_reception_date), "2026-01-01 09:00:00")
        with freeze_time("2026-01-09 09:00"):
            self.assertEqual(repair._kia_wty_repair_days(), 8, "still open: counts to today")
            repair.invalidate_recordset(["kia_wty_long_repair"])
            self.assertTrue(repair.kia_wty_long_repair)
        self.run_repair(repair, "2026-01-02 08:00", "2026-01-07 17:00")
        self.assertEqual(str(repair.kia_wty_reception_date), "2026-01-01 09:00:00")
        self.assertEqual(str(repair.kia_wty_done_date), "2026-01-07 17:00:00")
        self.assertEqual(repair.kia_wty_done_date, repair.kia_ready_date)
        with freeze_time("2026-02-01"):
            self.assertEqual(repair._kia_wty_repair_days(), 6, "the ready notice ends the clock")

    def test_cumulative_days_alerts(self):
        vehicle = self.vehicle_a
        self.repair("2026-01-01 09:00", "2026-01-07 17:00")
        vehicle.invalidate_recordset()
        self.assertEqual(vehicle.kia_wty_sanbao_repair_days, 6)
        self.assertEqual(str(vehicle.kia_wty_sanbao_end_date), "2027-06-01")
        self.assertEqual(vehicle.kia_wty_sanbao_state, "ok")
        Vehicle = self.env["fleet.vehicle"]
        with freeze_time("2026-03-01"):
            self.assertNotIn(vehicle, Vehicle._cron_kia_wty_sanbao_alerts())
        self.repair("2026-02-01 09:00", "2026-02-25 09:00")
        vehicle.invalidate_recordset()
        self.assertEqual(vehicle.kia_wty_sanbao_repair_days, 30)
        self.assertEqual(vehicle.kia_wty_sanbao_state, "near")
        with freeze_time("2026-03-01"):
            self.assertIn(vehicle, Vehicle._cron_kia_wty_sanbao_alerts())
            self.assertEqual(self.activities(vehicle), ["Three guarantees limit near"])
            self.assertEqual(vehicle.activity_ids.user_id, self.manager_a)
            self.assertNotIn(vehicle, Vehicle._cron_kia_wty_sanbao_alerts(), "alerted once")
        self.repair("2026-03-02 09:00", "2026-03-09 09:00")
        vehicle.invalidate_recordset()
        self.assertEqual(vehicle.kia_wty_sanbao_repair_days, 37)
        self.assertEqual(vehicle.kia_wty_sanbao_state, "reached")
        self.assertIn("37 cumulative repair days", vehicle.kia_wty_sanbao_reason)
        with freeze_time("2026-03-10"):
            Vehicle._cron_kia_wty_sanbao_alerts()
        self.assertIn("Three guarantees: replacement or return due", self.activities(vehicle))
        # The limit is a setting.
        self.dealer_a.kia_wty_sanbao_max_days = 50
        vehicle.invalidate_recordset()
        self.assertEqual(vehicle.kia_wty_sanbao_state, "ok")

    def test_alerts_in_batches_of_the_scheduled_job(self):
        """The scheduled job checks the vehicles in committed batches, each after the last
        vehicle checked that day: a run killed by a worker's limit goes on where its last
        commit left it, and a day's finished check starts over at the next run."""
        vehicle = self.vehicle_a
        self.repair("2026-01-01 09:00", "2026-01-07 17:00")
        self.repair("2026-02-01 09:00", "2026-02-25 09:00")
        vehicle.invalidate_recordset()
        self.assertEqual(vehicle.kia_wty_sanbao_state, "near")
        cron = self.env.ref("kia_warranty.ir_cron_sanbao_alerts")
        Param = self.env["ir.config_parameter"]
        progress_key = "kia_warranty.sanbao_alert_progress"

        def run():
            cron.method_direct_trigger()
            progress = self.env["ir.cron.progress"].search(
                [("cron_id", "=", cron.id)], order="id desc", limit=1
            )
            return progress.done, progress.remaining

        checked = self.env["repair.order"].search_count(
            [("kia_wty_reception_date", "!=", False), ("vehicle_id", "!=", False)]
        )
        with (
            freeze_time("2026-03-01"),
            patch("odoo.addons.kia_warranty.models.fleet_vehicle.SANBAO_ALERT_BATCH", 3),
        ):
            runs = [run()]
            while runs[-1][1]:
                runs.append(run())
                self.assertLessEqual(len(runs), checked)
            self.assertEqual(self.activities(vehicle), ["Three guarantees limit near"])
            # each run checked 3 vehicles after the last one and left the rest to the next
            for (done, remaining), (next_done, next_remaining) in itertools.pairwise(runs):
                self.assertEqual((done, next_done + next_remaining), (3, remaining))
            self.assertFalse(Param.get_param(progress_key), "the day's check is finished")
            # A pass killed after checking the vehicle: the next run goes on after it.
            vehicle.activity_ids.unlink()
            Param.set_param(progress_key, f"2026-03-01,{vehicle.id}")
            run()
            self.assertFalse(vehicle.activity_ids, "checked today already")
            # The mark of another day is not today's: every vehicle is checked again.
            Param.set_param(progress_key, f"2026-02-28,{vehicle.id}")
            done, remaining = run()
            self.assertEqual(done + remaining, runs[0][0] + runs[0][1])

    def test_early_serious_fault(self):
        vehicle = self.create_vehicle(
            self.advisor_a, self.customer_a, 400, kia_sale_date="2026-01-01"
        )
        with freeze_time("2026-02-01"):
            claim = self.make_claim(
                vehicle=vehicle,
                repair_date="2026-01-30",
                odometer=1500,
                failure_code_id=self.code_serious.id,
            )
            claim.action_submit()
            self.assertTrue(vehicle.kia_wty_sanbao_early_serious)
            self.assertEqual(vehicle.kia_wty_sanbao_repeat_count, 1)
            self.assertEqual(vehicle.kia_wty_sanbao_state, "reached")
            self.assertIn("Three guarantees: replacement or return due", self.activities(vehicle))

    def test_alert_in_the_dealer_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.dealer_a.partner_id.lang = "zh_CN"
        with freeze_time("2026-02-01"):
            claim = self.make_claim(
                repair_date="2026-01-30", causal_product_id=self.part_gearbox.id
            )
            # submitted in an English session: the alert is still the dealer's Chinese
            claim.with_context(lang="en_US").action_submit()
            self.assertEqual(self.activities(self.vehicle_a), ["即将达到三包上限"])

    def test_main_part_replaced_twice(self):
        vehicle = self.vehicle_a
        with freeze_time("2026-02-01"):
            first = self.make_claim(
                repair_date="2026-01-30", causal_product_id=self.part_gearbox.id
            )
            first.action_submit()
            self.assertEqual(vehicle.kia_wty_sanbao_major_count, 1)
            self.assertEqual(vehicle.kia_wty_sanbao_state, "near")
            self.assertEqual(self.activities(vehicle), ["Three guarantees limit near"])
        with freeze_time("2026-03-01"):
            second = self.make_claim(
                repair_date="2026-02-27",
                causal_product_id=self.part_gearbox.id,
                failure_code_id=self.env.ref("kia_warranty.code_f08").id,
            )
            # The duplicate check only concerns open claims: the first one was settled.
            first.sudo().state = "settled"
            second.action_submit()
            vehicle.invalidate_recordset()
            self.assertEqual(vehicle.kia_wty_sanbao_major_count, 2)
            self.assertEqual(vehicle.kia_wty_sanbao_state, "reached")
            self.assertIn("main part replaced 2 times", vehicle.kia_wty_sanbao_reason)
            self.assertIn("Three guarantees: replacement or return due", self.activities(vehicle))
        self.dealer_a.kia_wty_sanbao_major_replacements = 3
        vehicle.invalidate_recordset()
        self.assertEqual(vehicle.kia_wty_sanbao_state, "near")

    def test_serious_fault_repaired_twice(self):
        vehicle = self.vehicle_a
        with freeze_time("2026-03-01"):
            for day, part in (("2026-02-01", self.part_pump), ("2026-02-20", self.part_pad)):
                claim = self.make_claim(
                    repair_date=day,
                    causal_product_id=part.id,
                    failure_code_id=self.code_serious.id,
                )
                claim.sudo().write({"state": "approved"})
            vehicle.invalidate_recordset()
            self.assertFalse(vehicle.kia_wty_sanbao_early_serious, "sold long before")
            self.assertEqual(vehicle.kia_wty_sanbao_serious_count, 2)
            self.assertEqual(vehicle.kia_wty_sanbao_state, "reached")
            self.assertIn("Serious safety faults repaired 2 times", vehicle.kia_wty_sanbao_reason)
