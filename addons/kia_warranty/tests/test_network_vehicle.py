import importlib.util
from pathlib import Path

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from odoo.addons.kia_service.tests.service_common import sign_repair

from .common import KiaWarrantyCase, make_vin


@tagged("post_install", "-at_install")
class TestNetworkVehicle(KiaWarrantyCase):
    """One car serviced at dealer A (a 4S dealer, like SH001) then at dealer B (like SZ101)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.setup_workshop()

    def vehicle_at_b(self):
        return self.create_vehicle(self.advisor_b, self.customer_b, 101)

    def test_existing_vin_links_to_the_identity(self):
        identity = self.vehicle_a.kia_vehicle_id
        self.assertEqual(identity.vin, self.vehicle_a.vin_sn)
        vehicle_b = self.create_vehicle(
            self.advisor_b, self.customer_b, 101, kia_sale_date="2024-01-01", kia_use_type="taxi"
        )
        self.assertEqual(vehicle_b.kia_vehicle_id, identity)
        self.assertEqual(self.env["kia.vehicle"].search_count([("vin", "=", identity.vin)]), 1)
        # The identity's facts stand: a second dealer's file does not copy over them.
        self.assertEqual(
            (str(vehicle_b.kia_sale_date), vehicle_b.kia_use_type), ("2025-06-01", "private")
        )
        # A new VIN makes a new identity, with the facts typed at reception.
        other = self.create_vehicle(
            self.advisor_b, self.customer_b, 202, kia_sale_date="2026-02-01"
        )
        self.assertEqual(other.kia_vehicle_id.vin, make_vin(serial=202))
        self.assertEqual(str(other.kia_vehicle_id.sale_date), "2026-02-01")
        # A dealer creates no identity of its own, nor deletes one.
        with self.assertRaises(AccessError):
            self.env["kia.vehicle"].with_user(self.advisor_b).create({"vin": make_vin(serial=303)})
        with self.assertRaises(AccessError):
            identity.with_user(self.manager_a).unlink()

    def test_other_dealer_file_is_private(self):
        vehicle_b = self.vehicle_at_b()
        Vehicle = self.env["fleet.vehicle"].with_user(self.advisor_b)
        self.assertEqual(Vehicle.search([("vin_sn", "=", vehicle_b.vin_sn)]), vehicle_b)
        with self.assertRaises(AccessError):
            self.vehicle_a.with_user(self.advisor_b).read(["kia_owner_id", "description"])
        # The identity lists only the files the reader may see.
        identity = vehicle_b.kia_vehicle_id.with_user(self.advisor_b)
        self.assertEqual(identity.fleet_vehicle_ids, vehicle_b)

    def test_three_guarantees_count_every_dealer(self):
        self.run_repair(self.make_repair(), "2026-01-01 09:00", "2026-01-07 17:00")
        with freeze_time("2026-01-12"):
            self.make_claim().action_submit()
        vehicle_b = self.vehicle_at_b().with_user(self.advisor_b)
        self.assertEqual(vehicle_b.kia_wty_sanbao_repair_days, 6)
        self.assertEqual(vehicle_b.kia_wty_sanbao_repeat_count, 1)
        self.assertEqual(str(vehicle_b.kia_wty_sanbao_end_date), "2027-06-01")
        with freeze_time("2026-02-12"):
            claim_b = self.make_claim(
                user=self.wadmin_b, vehicle=vehicle_b, repair_date="2026-02-10"
            )
            # The first claim on the same causal part was settled meanwhile.
            self.vehicle_a.kia_wty_claim_count and self.env["kia.warranty.claim"].search(
                [("vehicle_id", "=", self.vehicle_a.id)]
            ).sudo().write({"state": "settled"})
            claim_b.with_user(self.wadmin_b).action_submit()
        # Each dealer's file applies its dealer's limits to the network's counters.
        (self.dealer_a | self.dealer_b).write({"kia_wty_sanbao_max_repeats": 2})
        for vehicle in (vehicle_b, self.vehicle_a):
            vehicle.invalidate_recordset()
            self.assertEqual(vehicle.kia_wty_sanbao_repeat_count, 2)
            self.assertEqual(vehicle.kia_wty_sanbao_state, "near")

    def test_network_history_without_customer_or_prices(self):
        repair = self.make_repair()
        self.run_repair(repair, "2026-01-01 09:00", "2026-01-07 17:00")
        with freeze_time("2026-01-12"):
            claim = self.make_claim(repair_id=repair.id)
            claim.action_submit()
        identity = self.vehicle_a.kia_vehicle_id
        # Dealer B has no file for the VIN yet: no history.
        self.assertFalse(identity.with_user(self.advisor_b).kia_network_history_html)
        vehicle_b = self.vehicle_at_b().with_user(self.advisor_b)
        history = str(vehicle_b.kia_network_history_html)
        for shown in (self.dealer_a.name, repair.name, claim.name, self.code_failure.name):
            self.assertIn(shown, history)
        for hidden in (self.customer_a.name, "800.00", "800", "1,380", "120.0"):
            self.assertNotIn(hidden, history)
        self.assertEqual(vehicle_b.kia_wty_network_state, "covered")
        self.assertGreater(vehicle_b.kia_wty_remaining_months, 0)
        # The RO and the claim show the same history.
        self.assertEqual(str(repair.kia_network_history_html), str(claim.kia_network_history_html))
        self.assertIn(
            self.dealer_a.name, str(claim.with_user(self.reviewer).kia_network_history_html)
        )

    def test_first_maintenance_claimed_once_in_network(self):
        with freeze_time("2025-07-10"):
            first = self.make_claim(
                claim_type="first_maintenance",
                repair_date="2025-07-08",
                odometer=3000,
                causal_product_id=False,
            )
            first.action_submit()
            vehicle_b = self.vehicle_at_b()
            self.assertTrue(vehicle_b.kia_wty_first_maint_network_done)
            self.assertEqual(vehicle_b.kia_wty_first_maint_network_company_id, self.dealer_a)
            second = self.make_claim(
                user=self.wadmin_b,
                vehicle=vehicle_b,
                claim_type="first_maintenance",
                repair_date="2025-07-09",
                odometer=3100,
                causal_product_id=False,
            )
            with self.assertRaises(UserError) as refused:
                second.with_user(self.wadmin_b).action_submit()
        message = str(refused.exception)
        self.assertIn(f"already claimed at {self.dealer_a.name}", message)
        self.assertIn("2025-07-08", message)
        self.assertEqual(second.state, "draft")
        # Dealer B's file is not recorded as a missed first maintenance later.
        with freeze_time("2026-12-01"):
            self.env["fleet.vehicle"]._cron_kia_wty_first_maint_missed()
        self.assertEqual(vehicle_b.kia_wty_first_maint_state, "pending")

    def test_network_facts_fixed_queries(self):
        identity = self.vehicle_a.kia_vehicle_id.with_user(self.advisor_a)
        fnames = ["kia_network_history_html", "kia_wty_sanbao_state", "kia_wty_state"]

        def read_facts():
            identity.invalidate_recordset()
            identity.read(fnames)

        self.run_repair(self.make_repair(), "2026-01-01 09:00", "2026-01-03 17:00")
        self.env.flush_all()
        read_facts()  # warms the ORM's caches (groups, policies, translations)
        # One query each: access, coverage policies, odometers, first maintenance, three
        # guarantees counters, repairs, claims, campaigns (and the policies' models).
        with self.assertQueryCount(10):
            read_facts()
        # Many more repairs, claims and a second dealer: the same number of queries.
        vehicle_b = self.vehicle_at_b()
        for day in ("2026-02-01", "2026-03-01", "2026-04-01"):
            self.run_repair(self.make_repair(), f"{day} 09:00", f"{day} 17:00")
        with freeze_time("2026-01-12"):
            self.make_claim().action_submit()
        self.env["repair.order"].with_company(self.dealer_b).create(
            {
                "vehicle_id": vehicle_b.id,
                "partner_id": self.customer_b.id,
                "company_id": self.dealer_b.id,
                "kia_ro_type": "warranty",
            }
        )
        self.env.flush_all()
        read_facts()  # warms the ORM's caches (groups, policies, translations)
        # One query each: access, coverage policies, odometers, first maintenance, three
        # guarantees counters, repairs, claims, campaigns (and the policies' models).
        with self.assertQueryCount(10):
            read_facts()

    def test_migration_merges_two_files(self):
        vehicle_b = self.vehicle_at_b()
        repair_a = self.make_repair()
        repair_b = (
            self.env["repair.order"]
            .with_company(self.dealer_b)
            .create(
                {
                    "vehicle_id": vehicle_b.id,
                    "partner_id": self.customer_b.id,
                    "company_id": self.dealer_b.id,
                    "kia_ro_type": "warranty",
                }
            )
        )
        self.env.flush_all()
        # Before the network vehicle: two files of one VIN, each with its own facts.
        self.env.cr.execute(
            "UPDATE fleet_vehicle SET kia_vehicle_id = NULL, kia_sale_date = %s WHERE id = %s",
            ("2025-05-20", vehicle_b.id),
        )
        self.env.cr.execute(
            "UPDATE fleet_vehicle SET kia_vehicle_id = NULL, kia_engine_no = NULL WHERE id = %s",
            (self.vehicle_a.id,),
        )
        self.env.cr.execute(
            "UPDATE fleet_vehicle SET kia_engine_no = 'G4FG123' WHERE id = %s", (vehicle_b.id,)
        )
        self.env.cr.execute("DELETE FROM kia_vehicle WHERE vin = %s", (vehicle_b.vin_sn,))
        self.env.invalidate_all()
        folder = Path(__file__).parents[2] / "kia_base/migrations/18.0.1.1.0"
        for stage in ("post-migrate", "end-migrate"):
            spec = importlib.util.spec_from_file_location(stage, folder / f"{stage}.py")
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            module.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        identity = self.env["kia.vehicle"].search([("vin", "=", vehicle_b.vin_sn)])
        self.assertEqual(len(identity), 1)
        self.assertEqual(identity.fleet_vehicle_ids, self.vehicle_a | vehicle_b)
        # The earliest sale date wins, with its file's facts; a blank is filled from the other.
        self.assertEqual(str(identity.sale_date), "2025-05-20")
        self.assertEqual(identity.engine_no, "G4FG123")
        self.assertEqual(str(self.vehicle_a.kia_sale_date), "2025-05-20")
        # What depends on the merged facts follows them.
        self.assertEqual(str(self.vehicle_a.kia_wty_end_date), "2028-05-20")
        # Both dealers' repair orders are kept, on their dealer's file, and both count.
        self.assertEqual((repair_a.vehicle_id, repair_b.vehicle_id), (self.vehicle_a, vehicle_b))
        history = str(vehicle_b.with_user(self.advisor_b).kia_network_history_html)
        self.assertIn(repair_a.name, history)
        self.assertIn(repair_b.name, history)

    def test_campaign_repair_closes_its_own_campaign(self):
        Campaign = self.env["kia.warranty.campaign"].with_user(self.reviewer)
        campaigns = Campaign.browse()
        for code in ("RC2026-01", "RC2026-02"):
            campaigns |= Campaign.create(
                {
                    "name": f"Recall {code}",
                    "code": code,
                    "operation_code": "3110R01",
                    "labor_hours": 0.5,
                    "vehicle_ids": [(0, 0, {"vin": make_vin(serial=101)})],
                }
            )
        campaigns.action_open()
        first, second = campaigns
        repair = (
            self.env["repair.order"]
            .with_company(self.dealer_a)
            .create(
                {
                    "vehicle_id": self.vehicle_a.id,
                    "partner_id": self.customer_a.id,
                    "company_id": self.dealer_a.id,
                    "kia_wty_claim_type": "campaign",
                }
            )
        )
        # Two open campaigns: the advisor says which one this RO carries out.
        self.assertFalse(repair.kia_wty_campaign_id)
        sign_repair(repair, self.advisor_a)
        repair.action_validate()
        repair.action_repair_start()
        with self.assertRaises(UserError):
            repair.action_repair_end()
        repair.kia_wty_campaign_id = second
        repair.action_repair_end()
        states = {line.campaign_id: line.state for line in campaigns.vehicle_ids}
        self.assertEqual(states, {first: "open", second: "done"})
        # The same campaign claimed again at dealer B is refused before submission.
        claim_a = repair.kia_wty_claim_ids
        self.assertEqual(claim_a.campaign_id, second)
        vehicle_b = self.vehicle_at_b()
        claim_b = self.make_claim(
            user=self.wadmin_b,
            vehicle=vehicle_b,
            claim_type="campaign",
            campaign_id=second.id,
            causal_product_id=False,
        )
        claim_a.sudo().state = "submitted"
        with self.assertRaises(UserError) as refused:
            claim_b.with_user(self.wadmin_b).action_submit()
        self.assertIn(
            f"RC2026-02 of this VIN was already claimed at {self.dealer_a.name}",
            str(refused.exception),
        )
        self.assertEqual(claim_b.state, "draft")
        # The network history shows the campaigns per campaign.
        history = str(vehicle_b.with_user(self.advisor_b).kia_network_history_html)
        self.assertIn("RC2026-01", history)
        self.assertIn("RC2026-02", history)
