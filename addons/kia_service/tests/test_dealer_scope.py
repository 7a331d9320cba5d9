from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .service_common import KiaServiceProcessCase

SCOPES = ("kia_scope_mechanical", "kia_scope_body_paint", "kia_scope_warranty")


@tagged("post_install", "-at_install")
class TestDealerScope(KiaServiceProcessCase):
    """The dealer type and head office's authorised scope decide what an outlet may do, on
    the server."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin_a = cls.make_user("t_admin_a", "base.group_system", cls.dealer_a)
        cls.vehicle_b = cls.create_vehicle(cls.advisor_b, cls.customer_b, 102)

    def _ro_values(self, vehicle, ro_type):
        return {
            "vehicle_id": vehicle.id,
            "partner_id": vehicle.kia_owner_id.id,
            "company_id": vehicle.company_id.id,
            "kia_ro_type": ro_type,
        }

    def test_service_station_runs_no_pdi(self):
        Repair = self.env["repair.order"]
        before = Repair.search_count([])
        with self.assertRaises(ValidationError) as refused:
            Repair.with_user(self.advisor_b).create(self._ro_values(self.vehicle_b, "pdi"))
        self.assertIn("not authorised for PDI", str(refused.exception))
        self.assertEqual(Repair.search_count([]), before, "nothing written")
        repair = Repair.with_user(self.advisor_b).create(self._ro_values(self.vehicle_b, "general"))
        with self.assertRaises(ValidationError):
            repair.with_user(self.advisor_b).write({"kia_ro_type": "pdi"})
        self.assertEqual(repair.kia_ro_type, "general")
        # A 4S dealer runs PDIs.
        pdi = Repair.with_user(self.advisor_a).create(self._ro_values(self.vehicle_a, "pdi"))
        self.assertEqual(pdi.kia_ro_type, "pdi")

    def test_service_station_makes_no_sales_handover(self):
        Vehicle = self.env["fleet.vehicle"].with_user(self.advisor_b)
        values = {
            "model_id": self.kia_model.id,
            "vin_sn": "LJDKAA244N0000777",
            "license_plate": "苏E77777",
            "kia_owner_id": self.customer_b.id,
            "company_id": self.dealer_b.id,
            "kia_sale_date": "2026-02-01",
        }
        with self.assertRaisesRegex(ValidationError, "not authorised for selling new vehicles"):
            Vehicle.create(dict(values, kia_selling_company_id=self.dealer_b.id))
        with self.assertRaises(ValidationError):
            self.vehicle_b.with_user(self.advisor_b).write(
                {"kia_selling_company_id": self.dealer_b.id}
            )
        self.assertFalse(self.vehicle_b.kia_selling_company_id)
        # Sold by a 4S dealer, the vehicle is serviced at the station: the selling dealer is a
        # fact of the network vehicle, which head office records.
        self.vehicle_b.kia_vehicle_id.with_user(self.hq_manager).write(
            {"selling_company_id": self.dealer_a.id}
        )
        self.assertEqual(self.vehicle_b.kia_selling_company_id, self.dealer_a)

    def test_work_outside_the_scope_refused(self):
        self.dealer_a.with_user(self.hq_manager).write({"kia_scope_body_paint": False})
        Repair = self.env["repair.order"].with_user(self.advisor_a)
        with self.assertRaisesRegex(ValidationError, "not authorised for Body & Paint"):
            Repair.create(self._ro_values(self.vehicle_a, "body_paint"))
        with self.assertRaisesRegex(ValidationError, "not authorised"):
            self.env["kia.appointment"].with_user(self.advisor_a).create(
                {
                    "partner_id": self.customer_a.id,
                    "vehicle_id": self.vehicle_a.id,
                    "date_start": "2099-03-03 02:00:00",
                    "service_type": "body_paint",
                }
            )
        self.assertEqual(Repair.create(self._ro_values(self.vehicle_a, "general")).state, "draft")
        self.dealer_a.with_user(self.hq_manager).write({"kia_scope_warranty": False})
        for ro_type in ("warranty", "campaign"):
            with self.assertRaisesRegex(ValidationError, "not authorised"):
                Repair.create(self._ro_values(self.vehicle_a, ro_type))
        # Internal work needs no authorisation.
        Repair.create(self._ro_values(self.vehicle_a, "internal"))

    def test_scope_is_head_office_s(self):
        for fname in SCOPES:
            with self.subTest(field=fname):
                with self.assertRaisesRegex(UserError, "HQ Manager"):
                    self.dealer_a.with_user(self.admin_a).write({fname: False})
                with self.assertRaises(AccessError):
                    self.dealer_a.with_user(self.manager_a).write({fname: False})
                self.assertTrue(self.dealer_a[fname])
        self.dealer_a.with_user(self.hq_manager).write(dict.fromkeys(SCOPES, False))
        self.assertFalse(any(self.dealer_a[fname] for fname in SCOPES))

    def test_companies_outside_the_network_meet_no_rule(self):
        company = self.env["res.company"].create({"name": "Non-Kia repair shop"})
        company.write(dict.fromkeys(SCOPES, False))
        company._kia_check_scope("sales", "PDI")
        company._kia_check_scope("body_paint", "body")
