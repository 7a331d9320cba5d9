from odoo.addons.kia_base.tests.common import KiaBaseCase


class KiaComplaintCase(KiaBaseCase):
    """Dealer complaint teams, customer-relations users, a region with its area manager,
    service cars and rescue standards: needs no demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        user = cls.make_user

        cls.cr_a = user("t_cr_a", "kia_base.group_customer_relations", cls.dealer_a)
        cls.cr_b = user("t_cr_b", "kia_base.group_customer_relations", cls.dealer_b)
        cls.manager_b = user("t_manager_b", "kia_base.group_service_manager", cls.dealer_b)
        cls.region = cls.env["kia.region"].create(
            {"name": "East", "code": "TEAST", "area_manager_id": cls.hq_officer.id}
        )
        cls.dealer_a.kia_region_id = cls.region
        cls.dealer_b.kia_region_id = cls.region
        Team = cls.env["helpdesk.ticket.team"]
        cls.team_a = Team.create(
            {
                "name": "A After-Sales",
                "company_id": cls.dealer_a.id,
                "alias_name": "t-a-aftersales",
                "user_ids": [(6, 0, (cls.cr_a | cls.advisor_a | cls.manager_a).ids)],
            }
        )
        cls.team_b = Team.create(
            {
                "name": "B After-Sales",
                "company_id": cls.dealer_b.id,
                "user_ids": [(6, 0, (cls.cr_b | cls.advisor_b).ids)],
            }
        )
        cls.dealer_a.kia_complaint_team_id = cls.team_a
        cls.dealer_b.kia_complaint_team_id = cls.team_b
        cls.vehicle_a = cls.create_vehicle(cls.advisor_a, cls.customer_a, 101)
        cls.vehicle_b = cls.create_vehicle(cls.advisor_b, cls.customer_b, 102)
        cls.service_car_a = cls.create_vehicle(
            cls.manager_a, cls.customer_a, 103, kia_is_service_car=True, kia_use_type="company"
        )
        cls.stage_new = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_new")
        cls.stage_done = cls.env.ref("helpdesk_mgmt.helpdesk_ticket_stage_done")
        Standard = cls.env["kia.rescue.standard"]
        Standard.create(
            [
                {
                    "company_id": cls.dealer_a.id,
                    "distance_from": 0,
                    "distance_to": 10,
                    "response_minutes": 30,
                },
                {
                    "company_id": cls.dealer_a.id,
                    "distance_from": 10,
                    "distance_to": 50,
                    "response_minutes": 60,
                },
            ]
        )

    @classmethod
    def create_complaint(cls, user, **vals):
        values = {
            "name": "Noise after service",
            "description": "<p>The engine still knocks.</p>",
            "partner_id": cls.customer_a.id,
            "team_id": cls.team_a.id,
        }
        values.update(vals)
        return cls.env["helpdesk.ticket"].with_user(user).create(values)
