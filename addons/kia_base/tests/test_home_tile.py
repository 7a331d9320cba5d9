from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import KiaBaseCase


@tagged("post_install", "-at_install")
class TestHomeTile(KiaBaseCase):
    """The home cards on data of their own: what they count, what is late, what they open."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.tile = cls.env["kia.home.tile"].create(
            {
                "name": "Test customers",
                "group_id": cls.env.ref("kia_base.group_advisor").id,
                "action_id": cls.env.ref("base.action_partner_form").id,
                "domain": "[('name', 'like', 'KIAHOMETEST')]",
                "late_domain": "[('ref', '=', 'late')]",
            }
        )
        Partner = cls.env["res.partner"]
        Partner.create({"name": "KIAHOMETEST 1", "company_id": cls.dealer_a.id})
        Partner.create({"name": "KIAHOMETEST 2", "company_id": cls.dealer_a.id, "ref": "late"})
        Partner.create({"name": "KIAHOMETEST 3", "company_id": cls.dealer_b.id, "ref": "late"})

    def _card(self, user):
        sections = (
            self.env["kia.home.tile"].with_user(user).with_company(user.company_id).get_home_cards()
        )
        return next(
            card for section in sections for card in section["cards"] if card["id"] == self.tile.id
        )

    def test_counts_per_dealer(self):
        card = self._card(self.advisor_a)
        self.assertEqual((card["count"], card["late"]), (2, 1))
        card = self._card(self.advisor_b)
        self.assertEqual((card["count"], card["late"]), (1, 1))

    def test_card_opens_the_same_records(self):
        action = (
            self.tile.with_user(self.advisor_a).with_company(self.dealer_a).action_open(late=True)
        )
        found = self.env["res.partner"].with_user(self.advisor_a).search(action["domain"])
        self.assertEqual(found.mapped("name"), ["KIAHOMETEST 2"])

    def test_role_without_the_card_does_not_see_it(self):
        sections = self.env["kia.home.tile"].with_user(self.technician_a).get_home_cards()
        self.assertNotIn(
            self.tile.id, [card["id"] for section in sections for card in section["cards"]]
        )

    def test_invalid_filter_is_refused(self):
        with self.assertRaises(ValidationError):
            self.tile.domain = "[('name', 'like', undefined_name)]"

    def test_users_land_on_their_role_home(self):
        home = self.env.ref("kia_base.kia_home_action")
        self.assertEqual(self.advisor_a.action_id.id, home.id)
        plain = self.env["res.users"].create(
            {
                "name": "Plain",
                "login": "t_plain_home",
                "groups_id": [(6, 0, [self.env.ref("base.group_user").id])],
            }
        )
        self.assertFalse(plain.action_id)
