from datetime import datetime, timedelta

import pytz

from odoo.tests import HttpCase

from .service_common import KiaServiceProcessCase


class KiaPortalCase(KiaServiceProcessCase, HttpCase):
    """The workshop of KiaServiceProcessCase with two portal customers of dealer A: customer A
    owns a car under repair with additional work waiting for approval, another customer owns
    a car with a repair order of their own. Needs no demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Pages are asserted in English and in Chinese (chosen by the frontend_lang cookie).
        cls.env["res.lang"]._activate_lang("en_US")
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.dealer_a.partner_id.tz = "Asia/Shanghai"
        cls.vehicle_a.license_plate = "沪A10001"
        cls.portal_a = cls.make_portal_user("t_portal_a", cls.customer_a)
        cls.customer_other = cls.env["res.partner"].create(
            {"name": "客户丙", "company_id": cls.dealer_a.id}
        )
        cls.portal_other = cls.make_portal_user("t_portal_other", cls.customer_other)
        cls.vehicle_other = cls.create_vehicle(
            cls.advisor_a, cls.customer_other, 102, license_plate="沪A20002"
        )

        cls.repair = cls.create_repair(odometer=15000, parts=1)
        cls.repair.with_user(cls.advisor_a).action_validate()
        cls.work_line = cls.repair.repair_service_ids
        # Additional work found after confirmation waits for the customer.
        cls.extra_line = (
            cls.env["repair.service"]
            .with_user(cls.advisor_a)
            .create(
                {
                    "repair_id": cls.repair.id,
                    "kia_labor_operation_id": cls.op_oil.id,
                    "display_name": "更换机油及机滤",
                }
            )
        )
        cls.repair_other = (
            cls.env["repair.order"]
            .with_user(cls.advisor_a)
            .create(
                {
                    "vehicle_id": cls.vehicle_other.id,
                    "partner_id": cls.customer_other.id,
                    "kia_odometer_in": 8000,
                    "kia_customer_words": "其他客户的委托书",
                }
            )
        )
        cls.sign_repair(cls.repair_other)
        cls.repair_other.with_user(cls.advisor_a).action_validate()

    @classmethod
    def make_portal_user(cls, login, partner):
        return cls.env["res.users"].create(
            {
                "login": login,
                "password": login,
                "partner_id": partner.id,
                "company_id": cls.dealer_a.id,
                "company_ids": [(6, 0, cls.dealer_a.ids)],
                "groups_id": [(6, 0, [cls.env.ref("base.group_portal").id])],
                "lang": "en_US",
            }
        )

    @staticmethod
    def local_slot(days=2, hour=10):
        """(day string, slot string, UTC naive start) of a slot ``days`` ahead in Shanghai."""
        tz = pytz.timezone("Asia/Shanghai")
        day = (datetime.now(tz) + timedelta(days=days)).date()
        local = tz.localize(datetime.combine(day, datetime.min.time()).replace(hour=hour))
        start = local.astimezone(pytz.utc).replace(tzinfo=None)
        return day.isoformat(), f"{hour:02d}:00", start
