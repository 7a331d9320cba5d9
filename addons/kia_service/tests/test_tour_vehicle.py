from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestVehicleTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer = cls.env["res.company"].create(
            {
                "name": "Tour Dealer",
                "kia_dealer_type": "dealer_4s",
                "kia_dealer_code": "TOUR1",
                "currency_id": cls.env.ref("base.CNY").id,
            }
        )
        cls.advisor = new_test_user(
            cls.env,
            login="tour_advisor",
            groups="kia_base.group_advisor",
            company_id=cls.dealer.id,
            company_ids=[(6, 0, cls.dealer.ids)],
        )
        cls.env["res.partner"].create({"name": "导览客户", "company_id": cls.dealer.id})

    def test_advisor_registers_vehicle(self):
        self.start_tour("/odoo", "kia_vehicle_register", login="tour_advisor")
        vehicle = self.env["fleet.vehicle"].search([("vin_sn", "=", "LJDEVC16XRY000077")])
        self.assertEqual(vehicle.kia_owner_id.name, "导览客户")
        self.assertEqual(vehicle.company_id, self.dealer)
        self.assertEqual(vehicle.license_plate, "沪AD66666")
