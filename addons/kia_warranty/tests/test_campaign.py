from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.kia_service.tests.service_common import sign_repair

from .common import KiaWarrantyCase, make_vin


@tagged("post_install", "-at_install")
@freeze_time("2026-03-01")
class TestCampaign(KiaWarrantyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.campaign = (
            cls.env["kia.warranty.campaign"]
            .with_user(cls.reviewer)
            .create(
                {
                    "name": "Fuel pump recall",
                    "code": "RC2026-01",
                    "operation_code": "3110R01",
                    "labor_hours": 0.8,
                    "part_ids": [(0, 0, {"product_id": cls.part_pump.id, "quantity": 1})],
                    "vehicle_ids": [
                        (0, 0, {"vin": make_vin(serial=101).lower()}),
                        (0, 0, {"vin": make_vin(serial=999)}),
                    ],
                }
            )
        )
        cls.campaign.with_user(cls.reviewer).action_open()

    def test_open_campaign_shown_and_completed(self):
        vehicle = self.vehicle_a.with_user(self.advisor_a)
        self.assertEqual(vehicle.kia_wty_campaign_vehicle_ids.campaign_id, self.campaign)
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
        self.assertEqual(repair.kia_wty_campaign_vehicle_ids.campaign_id, self.campaign)
        sign_repair(repair, self.advisor_a)
        repair.action_validate()
        repair.action_repair_start()
        repair.action_repair_end()
        line = self.campaign.vehicle_ids.filtered(lambda v: v.vin == make_vin(serial=101))
        self.assertEqual(line.state, "done")
        self.assertEqual(line.done_company_id, self.dealer_a)
        claim = line.claim_id
        self.assertEqual((claim.claim_type, claim.campaign_id), ("campaign", self.campaign))
        labor = claim.line_ids.filtered(lambda item: item.line_type == "labor")
        self.assertEqual(labor.hours, 0.8)
        self.assertEqual(labor.price_unit, self.dealer_a.kia_wty_labor_rate)
        self.assertEqual(
            claim.line_ids.filtered(lambda item: item.line_type == "part").product_id,
            self.part_pump,
        )
        self.assertEqual(self.campaign.done_count, 1)
        self.vehicle_a.invalidate_recordset()
        self.assertFalse(self.vehicle_a.kia_wty_campaign_vehicle_ids)

    def test_dealer_cannot_change_vin_list(self):
        line = self.campaign.vehicle_ids[0]
        with self.assertRaises(AccessError):
            line.with_user(self.wadmin_a).write({"state": "done"})
        self.assertEqual(line.state, "open")
