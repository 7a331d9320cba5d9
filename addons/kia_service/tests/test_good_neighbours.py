from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestOdooRepairFlow(TransactionCase):
    """A company outside Kia's network and users outside Kia's roles run Odoo's and OCA's repair
    flow as without the suite."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Ordinary Garage"})
        cls.stock_user = new_test_user(
            cls.env,
            "nb_repair_stock",
            groups="stock.group_stock_user,sales_team.group_sale_salesman",
            company_id=cls.company.id,
        )
        cls.customer = cls.env["res.partner"].create({"name": "Ordinary Customer"})
        cls.service = cls.env["product.product"].create(
            {"name": "Wash", "type": "service", "list_price": 30.0}
        )
        cls.part = cls.env["product.product"].create(
            {"name": "Wiper", "type": "consu", "is_storable": True}
        )

    def _repair(self, **values):
        return (
            self.env["repair.order"]
            .with_user(self.stock_user)
            .create({"partner_id": self.customer.id, "company_id": self.company.id, **values})
        )

    def test_labour_sold_at_the_product_price(self):
        """repair_service's prices: the product's sales price, nothing under warranty."""
        for warranty, price in ((False, 30.0), (True, 0.0)):
            repair = self._repair(under_warranty=warranty)
            self.env["repair.service"].with_user(self.stock_user).create(
                {"repair_id": repair.id, "product_id": self.service.id, "product_uom_qty": 2}
            )
            repair.with_user(self.stock_user).action_create_sale_order()
            line = repair.sale_order_id.order_line.filtered(
                lambda sol, product=self.service: sol.product_id == product
            )
            self.assertEqual(line.price_unit, price)
        # a company of Kia's network sells at its hourly rate
        self.company.write({"kia_dealer_type": "dealer_4s", "kia_dealer_code": "NB001"})
        self.company.kia_labor_hourly_rate = 250.0
        repair = self._repair()
        self.env["repair.service"].with_user(self.stock_user).create(
            {"repair_id": repair.id, "product_id": self.service.id, "product_uom_qty": 2}
        )
        repair.with_user(self.stock_user).action_create_sale_order()
        self.assertEqual(repair.sale_order_id.order_line.price_unit, 250.0)

    def test_negative_part_refused_when_confirmed(self):
        """Odoo refuses a negative part quantity when the order is confirmed; the suite adds no
        rule of its own for users outside Kia's roles."""
        repair = self._repair(
            move_ids=[
                (
                    0,
                    0,
                    {"product_id": self.part.id, "product_uom_qty": -1, "repair_line_type": "add"},
                )
            ]
        )
        self.assertEqual(repair.move_ids.product_uom_qty, -1)
        self.assertFalse(repair.kia_walkaround_ids)
        with self.assertRaises(UserError):
            repair.with_user(self.stock_user).action_validate()
        self.assertEqual(repair.state, "draft")

    def test_inventory_user_opens_repair_form(self):
        """Odoo's repair form, as an Inventory user outside Kia's roles: no Kia checklist, job or
        appointment is read."""
        form = Form(self.env["repair.order"].with_user(self.stock_user))
        form.partner_id = self.customer
        with form.move_ids.new() as move:
            move.product_id = self.part
            move.product_uom_qty = 1
        repair = form.save()
        self.assertEqual(Form(repair.with_user(self.stock_user)).partner_id, self.customer)
        self.assertFalse(self.env["repair.order"].browse(repair.id).kia_walkaround_ids)
