from odoo.addons.kia_base.tests.common import KiaBaseCase


class KiaCareCase(KiaBaseCase):
    """KiaBaseCase plus the customer care, workshop and tool roles, a Kia model of its own
    with a known maintenance interval, and the dealers' care settings."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        user = cls.make_user

        cls.cr_a = user("t_cr_a", "kia_base.group_customer_relations", cls.dealer_a)
        cls.cr_b = user("t_cr_b", "kia_base.group_customer_relations", cls.dealer_b)
        cls.foreman_a = user("t_foreman_a", "kia_base.group_foreman", cls.dealer_a)
        cls.technician_b = user("t_tech_b", "kia_base.group_technician", cls.dealer_b)
        cls.care_model = cls.env["fleet.vehicle.model"].create(
            {
                "name": "Test Care Model",
                "brand_id": cls.env.ref("fleet.brand_kia").id,
                "kia_care_interval_months": 6,
                "kia_care_interval_km": 5000,
            }
        )
        (cls.dealer_a | cls.dealer_b).write(
            {
                "kia_care_welcome_days": 3,
                "kia_care_welcome_window_days": 7,
                "kia_care_reminder_days": 14,
                "kia_care_default_daily_km": 40,
                "kia_care_lapsed_months": 12,
            }
        )
        cls.dealer_a.kia_care_user_id = cls.cr_a
        cls.dealer_b.kia_care_user_id = cls.cr_b
        cls.customer_a.email = "customer.a@example.com"

    @classmethod
    def care_vehicle(cls, user, customer, serial, sale_date, readings=(), **vals):
        """A vehicle of the care model sold on sale_date with (date, km) odometer readings."""
        vehicle = cls.create_vehicle(
            user, customer, serial, model_id=cls.care_model.id, kia_sale_date=sale_date, **vals
        )
        if readings:
            cls.env["fleet.vehicle.odometer"].create(
                [{"vehicle_id": vehicle.id, "date": d, "value": km} for d, km in readings]
            )
        return vehicle

    @classmethod
    def done_repair(cls, vehicle, when):
        repair = cls.env["repair.order"].create(
            {
                "vehicle_id": vehicle.id,
                "partner_id": vehicle.kia_owner_id.id,
                "company_id": vehicle.company_id.id,
                "schedule_date": when,
                "picking_type_id": cls.env["stock.picking.type"]
                .search(
                    [
                        ("code", "=", "repair_operation"),
                        ("company_id", "=", vehicle.company_id.id),
                    ],
                    limit=1,
                )
                .id,
            }
        )
        repair.state = "done"
        return repair
