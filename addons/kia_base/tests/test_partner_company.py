from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KiaBaseCase


@tagged("post_install", "-at_install")
class TestCustomerBelongsToDealer(KiaBaseCase):
    """A customer registered by a dealer's staff is that dealer's: another dealer neither reads
    nor edits it. Other Odoo users are unaffected."""

    def test_dealer_staff_customer_is_the_dealer_s(self):
        customer = self.env["res.partner"].with_user(self.advisor_a).create({"name": "新客户"})
        self.assertEqual(customer.company_id, self.dealer_a)
        contact = (
            self.env["res.partner"]
            .with_user(self.advisor_a)
            .create({"name": "联系人", "parent_id": customer.id})
        )
        self.assertEqual(contact.company_id, self.dealer_a)
        Partner = self.env["res.partner"].with_user(self.advisor_b)
        self.assertFalse(Partner.search([("id", "in", (customer | contact).ids)]))
        with self.assertRaises(AccessError):
            customer.with_user(self.advisor_b).read(["name", "phone"])
        with self.assertRaises(AccessError):
            customer.with_user(self.advisor_b).write({"phone": "13800000000"})
        self.assertFalse(customer.phone)
        # Dealer A's own staff keep working on it.
        customer.with_user(self.manager_a).write({"phone": "13900000000"})
        self.assertEqual(customer.phone, "13900000000")

    def test_dealer_staff_cannot_share_customer(self):
        customer = self.env["res.partner"].with_user(self.advisor_a).create({"name": "老客户"})
        for company in (False, self.dealer_b.id):
            with self.subTest(company=company), self.assertRaises(AccessError) as err:
                customer.with_user(self.advisor_a).write({"company_id": company})
            self.assertIn(self.dealer_a.name, str(err.exception))
        self.assertEqual(customer.company_id, self.dealer_a)
        customer.with_user(self.advisor_a).write({"company_id": self.dealer_a.id, "ref": "C1"})
        self.assertEqual(customer.ref, "C1")

    def test_explicit_company_kept(self):
        customer = (
            self.env["res.partner"]
            .with_user(self.advisor_a)
            .create({"name": "客户丙", "company_id": self.dealer_a.id})
        )
        self.assertEqual(customer.company_id, self.dealer_a)

    def test_other_odoo_users_and_head_office_unaffected(self):
        clerk = self.make_user(
            "t_clerk_a", "base.group_user,base.group_partner_manager", self.dealer_a
        )
        supplier = self.env["res.partner"].with_user(clerk).create({"name": "Supplier"})
        self.assertFalse(supplier.company_id, "not a Kia role: Odoo's default")
        shared = self.env["res.partner"].with_user(self.hq_manager).create({"name": "Kia partner"})
        self.assertFalse(shared.company_id, "head office's partners stay shared")
