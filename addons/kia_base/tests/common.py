from contextlib import contextmanager

from lxml import etree

from odoo import SUPERUSER_ID, api
from odoo.modules.registry import Registry
from odoo.osv import expression
from odoo.tests import BaseCase, Form, TransactionCase, get_db_name, new_test_user
from odoo.tools.safe_eval import safe_eval

from odoo.addons.kia_base.models.fleet_vehicle import vin_check_digit


def make_vin(prefix="LJDJAA14", year="R", serial=1):
    """A valid Kia China VIN: prefix (8 chars), check digit, year, plant Y, 6-digit serial."""
    draft = f"{prefix}0{year}Y{serial:06d}"
    return draft[:8] + vin_check_digit(draft) + draft[9:]


def queue_domain(action):
    """The domain the web client searches when ``action`` opens: the action's domain and its
    default filters of the model's search view (filters side by side are OR-ed, a separator or
    anything else between them starts a new group, groups are AND-ed)."""
    context = safe_eval(action.context or "{}")
    defaults = {key[len("search_default_") :] for key, value in context.items() if value}
    Model = action.env[action.res_model]
    view = Model.get_views([(action.search_view_id.id, "search")])["views"]["search"]
    groups, current = [], []
    for node in etree.fromstring(view["arch"]).iter():
        if node.tag == "filter" and node.get("domain"):
            if node.get("name") in defaults:
                current.append(safe_eval(node.get("domain")))
            continue
        if node.tag in ("separator", "group", "field") and current:
            groups.append(expression.OR(current))
            current = []
    if current:
        groups.append(expression.OR(current))
    return expression.AND([safe_eval(action.domain or "[]"), *groups])


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


class KiaRaceCase(BaseCase):
    """Two real transactions on committed data, for what two users may take at the same time
    (the last slot, unit, seat, tool, credit).

    ``committed()`` yields a superuser environment on its own cursor and commits it; what it
    creates is handed to ``self.created`` (in creation order) and deleted again after the test.
    ``transaction()`` yields an environment on a new cursor that is rolled back unless the
    block commits it. A race is two ``transaction()`` blocks open at once.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())

    def setUp(self):
        super().setUp()
        self.created = []
        self.addCleanup(self._delete_created)

    @contextmanager
    def transaction(self, user=None, context=None):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, dict(context or {}, tracking_disable=True))
            if user:
                env = env(user=user.id, su=False)
            try:
                yield env
            finally:
                cr.rollback()

    @contextmanager
    def committed(self):
        # The cursor commits when the block ends without an error.
        with self.registry.cursor() as cr:
            yield api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})

    def _delete_created(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            for records in reversed(self.created):
                records.with_env(env).exists().with_context(active_test=False).unlink()
