from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.kia_base.tests.common import queue_domain

from .common import KiaWarrantyCase


@tagged("post_install", "-at_install")
class TestHqQueue(KiaWarrantyCase):
    """Head office's warranty queues show every dealer it holds with only head office ticked in
    the switcher; dealers and everybody else keep their company rules."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.vehicle_b = cls.create_vehicle(
            cls.advisor_b, cls.customer_b, 102, kia_sale_date="2025-06-01"
        )
        with freeze_time("2026-01-12"):
            claim_a = cls.make_claim()
            claim_a.action_submit()
            claim_b = cls.make_claim(user=cls.wadmin_b, vehicle=cls.vehicle_b)
            claim_b.action_submit()
        cls.claim_a, cls.claim_b = claim_a.with_env(cls.env), claim_b.with_env(cls.env)
        with freeze_time("2026-02-01"):
            (cls.claim_a | cls.claim_b).old_part_ids.with_user(cls.reviewer).action_request_return()
        shipment_b = (
            cls.env["kia.warranty.part.return"]
            .with_user(cls.wadmin_b)
            .create({"carrier": "顺丰", "old_part_ids": [(6, 0, cls.claim_b.old_part_ids.ids)]})
        )
        shipment_b.action_ship()
        cls.shipment_b = shipment_b.with_env(cls.env)

    def test_hq_sees_every_dealer_after_login(self):
        claims = self.claim_a | self.claim_b
        for user in (self.reviewer, self.hq_officer):
            for ticked in (self.hq,):
                with self.subTest(user=user.login, ticked=ticked):
                    env = self.env(user=user)
                    if ticked:
                        env = env(context=dict(env.context, allowed_company_ids=ticked.ids))
                    self.assertEqual(env.companies, self.hq)
                    Claim = env["kia.warranty.claim"]
                    self.assertEqual(Claim.search([("state", "=", "submitted")]), claims)
                    self.assertEqual(
                        env["kia.warranty.old.part"].search(
                            [("state", "in", ("requested", "shipped"))]
                        ),
                        claims.old_part_ids,
                    )
                    self.assertEqual(
                        env["kia.warranty.part.return"].search([("state", "=", "shipped")]),
                        self.shipment_b,
                    )

    def test_hq_queue_actions(self):
        claims = self.claim_a | self.claim_b
        for xmlid, expected in (
            ("kia_warranty.kia_warranty_claim_action_hq_review", claims),
            ("kia_warranty.kia_warranty_old_part_action_hq_due", claims.old_part_ids),
            ("kia_warranty.kia_warranty_part_return_action_hq_receive", self.shipment_b),
        ):
            with self.subTest(action=xmlid):
                action = self.env.ref(xmlid)
                self.assertEqual(action.groups_id, self.env.ref("kia_base.group_hq_officer"))
                Model = self.env[action.res_model].with_user(self.reviewer)
                self.assertEqual(Model.search(queue_domain(action)), expected)
                # the dealer's warranty administrator running the same search finds his own
                Dealer = self.env[action.res_model].with_user(self.wadmin_a)
                self.assertEqual(
                    Dealer.search(queue_domain(action)),
                    expected.filtered_domain([("company_id", "=", self.dealer_a.id)]),
                )

    def test_hq_menu_for_head_office_only(self):
        Menu = self.env["ir.ui.menu"]
        queue_menu = self.env.ref("kia_base.hq_queue_menu")
        entries = Menu.search([("parent_id", "=", queue_menu.id)])
        self.assertTrue(
            {
                "kia_warranty.kia_warranty_claim_menu_hq_review",
                "kia_warranty.kia_warranty_old_part_menu_hq_due",
                "kia_warranty.kia_warranty_part_return_menu_hq_receive",
            }
            <= set(entries.get_external_id().values())
        )
        visible = Menu.with_user(self.reviewer)._visible_menu_ids()
        self.assertIn(queue_menu.id, visible)
        self.assertTrue(set(entries.ids) <= visible)
        for user in (self.wadmin_a, self.manager_a, self.reviewer_a.browse()):
            if user:
                visible = Menu.with_user(user)._visible_menu_ids()
                self.assertFalse(({queue_menu.id} | set(entries.ids)) & visible)

    def test_hq_reviews_other_dealer_with_only_hq_ticked(self):
        claim = self.claim_b.with_user(self.reviewer).with_context(allowed_company_ids=self.hq.ids)
        with Form(claim) as form:
            self.assertEqual(form.company_id, self.dealer_b)
            self.assertEqual(len(form.line_ids), 2)
        claim.action_approve()
        self.assertEqual(self.claim_b.state, "approved")
        shipment = self.shipment_b.with_user(self.reviewer).with_context(
            allowed_company_ids=self.hq.ids
        )
        Form(shipment)
        shipment.action_receive()
        self.assertEqual(self.shipment_b.state, "received")

    def test_hq_creates_and_deletes_only_in_ticked_companies(self):
        # a head-office user who is also a warranty administrator (create and delete rights)
        hq_admin = self.make_user(
            "t_hq_wadmin",
            "kia_warranty.group_hq_warranty_reviewer,kia_warranty.group_warranty_admin,"
            "base.group_multi_company",
            self.hq,
            self.hq | self.dealer_a | self.dealer_b,
        )
        env = self.env(
            user=hq_admin, context=dict(self.env.context, allowed_company_ids=self.hq.ids)
        )
        with self.assertRaises(AccessError):
            env["kia.warranty.part.return"].create({"company_id": self.dealer_b.id})
        draft_b = self.make_claim(user=self.wadmin_b, vehicle=self.vehicle_b).with_env(self.env)
        with self.assertRaises(AccessError):
            draft_b.with_env(env).unlink()
        self.assertTrue(draft_b.exists())
        # with dealer B ticked, the same user may
        draft_b.with_user(hq_admin).with_context(allowed_company_ids=self.dealer_b.ids).unlink()
        self.assertFalse(draft_b.exists())

    def test_dealer_sees_only_his_own(self):
        Return = self.env["kia.warranty.part.return"]
        for model, own, other in (
            ("kia.warranty.claim", self.claim_a, self.claim_b),
            ("kia.warranty.claim.line", self.claim_a.line_ids, self.claim_b.line_ids),
            ("kia.warranty.old.part", self.claim_a.old_part_ids, self.claim_b.old_part_ids),
            ("kia.warranty.part.return", Return, self.shipment_b),
        ):
            with self.subTest(model=model):
                Model = self.env[model].with_user(self.wadmin_a)
                self.assertEqual(Model.search([]), own)
                self.assertFalse(Model.search([("company_id", "=", self.dealer_b.id)]))
                self.assertFalse(Model.search([("id", "in", other.ids)]))
                with self.assertRaises(AccessError):
                    other.with_user(self.wadmin_a).read(["company_id"])
                with self.assertRaises(AccessError):
                    other.with_user(self.wadmin_a).check_access("write")

    def test_only_hq_role_widens(self):
        """A dealer user holding both dealers (no head-office role) sees the ticked one only;
        the rule cache follows the role when it is granted and taken away."""
        group_user = new_test_user(
            self.env,
            login="t_wadmin_group",
            groups="kia_warranty.group_warranty_admin,base.group_multi_company",
            company_id=self.dealer_a.id,
            company_ids=[(6, 0, (self.dealer_a | self.dealer_b).ids)],
        )
        Claim = (
            self.env["kia.warranty.claim"]
            .with_user(group_user)
            .with_context(allowed_company_ids=self.dealer_a.ids)
        )
        self.assertFalse(group_user.kia_hq_company_ids)
        self.assertEqual(Claim.search([]), self.claim_a)
        hq_role = self.env.ref("kia_base.group_hq_officer")
        group_user.groups_id = [(4, hq_role.id)]
        self.assertEqual(group_user.kia_hq_company_ids, self.dealer_a | self.dealer_b)
        self.assertEqual(Claim.search([]), self.claim_a | self.claim_b)
        group_user.groups_id = [(3, hq_role.id)]
        self.assertEqual(Claim.search([]), self.claim_a)
