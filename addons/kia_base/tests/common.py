from odoo.tests import Form, TransactionCase, new_test_user

from odoo.addons.kia_base.models.fleet_vehicle import vin_check_digit


def make_vin(prefix="LJDJAA14", year="R", serial=1):
    """A valid Kia China VIN: prefix (8 chars), check digit, year, plant Y, 6-digit serial."""
    draft = f"{prefix}0{year}Y{serial:06d}"
    return draft[:8] + vin_check_digit(draft) + draft[9:]


class KiaBaseCase(TransactionCase):
    """A small network of its own (head office and two dealers) with one user per role; needs
    no demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, lang="en_US"))
        Company = cls.env["res.company"]
        cnY = cls.env.ref("base.CNY")
        cls.hq = Company.create(
            {"name": "Test Kia HQ", "kia_dealer_type": "hq", "currency_id": cnY.id}
        )
        cls.dealer_a = Company.create(
            {
                "name": "Test 4S Dealer A",
                "kia_dealer_type": "dealer_4s",
                "kia_dealer_code": "TA001",
                "kia_hq_company_id": cls.hq.id,
                "currency_id": cnY.id,
            }
        )
        cls.dealer_b = Company.create(
            {
                "name": "Test Service Station B",
                "kia_dealer_type": "service_station",
                "kia_dealer_code": "TB002",
                "kia_hq_company_id": cls.hq.id,
                "currency_id": cnY.id,
            }
        )
        cls.kia_model = cls.env.ref("kia_base.fleet_vehicle_model_k5")

        user = cls.make_user

        cls.advisor_a = user("t_advisor_a", "kia_base.group_advisor", cls.dealer_a)
        cls.technician_a = user("t_tech_a", "kia_base.group_technician", cls.dealer_a)
        cls.manager_a = user("t_manager_a", "kia_base.group_service_manager", cls.dealer_a)
        cls.advisor_b = user("t_advisor_b", "kia_base.group_advisor", cls.dealer_b)
        cls.hq_officer = user(
            "t_hq_officer",
            "kia_base.group_hq_officer,base.group_multi_company",
            cls.hq,
            cls.hq | cls.dealer_a | cls.dealer_b,
        )
        cls.hq_manager = user(
            "t_hq_manager",
            "kia_base.group_hq_manager,base.group_multi_company,base.group_erp_manager",
            cls.hq,
            cls.hq | cls.dealer_a | cls.dealer_b,
        )
        cls.customer_a = cls.env["res.partner"].create(
            {"name": "客户甲", "company_id": cls.dealer_a.id}
        )
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "客户乙", "company_id": cls.dealer_b.id}
        )

    @classmethod
    def make_user(cls, login, groups, company, companies=None):
        """A test user of ``company``, also holding ``companies`` (e.g. head office's whole
        network); its password is its login."""
        return new_test_user(
            cls.env,
            login=login,
            groups=groups,
            company_id=company.id,
            company_ids=[(6, 0, (companies or company).ids)],
        )

    @classmethod
    def create_vehicle(cls, user, customer, serial, **vals):
        values = {
            "model_id": cls.kia_model.id,
            "vin_sn": make_vin(serial=serial),
            "kia_owner_id": customer.id,
            "company_id": user.company_id.id,
        }
        values.update(vals)
        return cls.env["fleet.vehicle"].with_user(user).create(values)

    def settings_form(self, lang="en_US"):
        """Odoo's Settings for dealer A, as an administrator of dealer A who also holds dealer B
        (the company policies must land on the company being configured only)."""
        admin = self.env["res.users"].search([("login", "=", "t_settings_admin")])
        if not admin:
            admin = self.make_user(
                "t_settings_admin",
                "base.group_system,base.group_multi_company",
                self.dealer_a,
                self.dealer_a | self.dealer_b,
            )
        settings = self.env["res.config.settings"].with_context(lang=lang)
        return Form(settings.with_user(admin).with_company(self.dealer_a))
