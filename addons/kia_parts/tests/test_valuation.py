from odoo.tests import Form, tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestValuation(KiaPartsCase):
    """Kia parts valued in real time: a receipt and a stocktake's applied variance post their
    journal entries, to the cent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.set_accounts(
            cls.dealer_a,
            kia_parts_stock_account_id=("140500", "Merchandise Inventory", "asset_current"),
            kia_parts_stock_input_account_id=("140200", "Materials in Transit", "asset_current"),
            kia_parts_stock_output_account_id=(
                "640100",
                "Main Business Costs",
                "expense_direct_cost",
            ),
            kia_parts_count_account_id=(
                "190101",
                "Pending Property Gains and Losses",
                "asset_current",
            ),
        )
        cls.settings(cls.dealer_a).action_kia_parts_setup_valuation()
        cls.part = cls.make_part("T28113-F2000", "Air filter", "maintenance", 30.37)
        cls.accounts = {
            code: cls.env["account.account"]
            .with_company(cls.dealer_a)
            .search([("code", "=", code), ("company_ids", "in", cls.dealer_a.id)])
            for code in ("140500", "140200", "190101")
        }
        cls.pay_deposit(cls.dealer_a, 100000.0)

    def _balance(self, code):
        lines = self.env["account.move.line"].search(
            [
                ("company_id", "=", self.dealer_a.id),
                ("account_id", "=", self.accounts[code].id),
                ("parent_state", "=", "posted"),
            ]
        )
        return sum(lines.mapped("balance"))

    def test_setup_is_idempotent_and_on_the_parts_category(self):
        self.assertEqual(self.part.categ_id, self.env.ref("kia_parts.product_category_kia_parts"))
        category = self.part.categ_id.with_company(self.dealer_a)
        self.assertEqual(category.property_valuation, "real_time")
        self.assertEqual(category.property_stock_valuation_account_id, self.accounts["140500"])
        self.settings(self.dealer_a).action_kia_parts_setup_valuation()
        self.assertEqual(
            self.env["account.account"]
            .with_company(self.dealer_a)
            .search_count([("code", "=", "190101"), ("company_ids", "in", self.dealer_a.id)]),
            1,
        )
        # dealer B keeps its own books untouched
        self.assertNotEqual(
            self.part.categ_id.with_company(self.dealer_b).property_valuation, "real_time"
        )

    def test_receipt_and_stocktake_variance_post_entries(self):
        currency = self.dealer_a.currency_id
        order = self.make_order(self.clerk_a, [(self.part, 100, 30.37)])
        order.with_user(self.clerk_a).button_confirm()
        receipt = order.picking_ids.with_user(self.clerk_a)
        receipt.move_ids.quantity = 100
        receipt.move_ids.picked = True
        receipt.button_validate()
        layer = receipt.move_ids.stock_valuation_layer_ids
        self.assertEqual(currency.compare_amounts(layer.value, 3037.00), 0)
        entry = layer.account_move_id
        self.assertEqual(entry.state, "posted")
        self.assertEqual(entry.company_id, self.dealer_a)
        self.assertEqual(currency.compare_amounts(self._balance("140500"), 3037.00), 0)
        self.assertEqual(currency.compare_amounts(self._balance("140200"), -3037.00), 0)

        # the vendor bill clears the goods received
        bill_action = order.with_user(self.accountant_a).action_create_invoice()
        bill = self.env["account.move"].browse(bill_action["res_id"])
        bill.invoice_date = "2026-01-15"
        bill.action_post()
        self.assertEqual(currency.compare_amounts(self._balance("140200"), 0.0), 0)

        # counted 97 of 100: a variance of 3 x 30.37 = 91.11 leaves stock for 待处理财产损溢
        with Form(self.env["kia.parts.stocktake"].with_user(self.clerk_a)) as form:
            form.location_id = self.stock_a
        stocktake = form.save()
        stocktake.action_start()
        line = stocktake.line_ids.filtered(lambda line: line.product_id == self.part)
        self.assertEqual(line.theoretical_qty, 100)
        line.counted_qty = 97
        stocktake.action_submit()
        if stocktake.state == "to_approve":
            stocktake.with_user(self.parts_manager_a).action_approve()
        self.assertEqual(stocktake.state, "done")
        out_layer = self.env["stock.valuation.layer"].search(
            [("product_id", "=", self.part.id), ("quantity", "<", 0)]
        )
        self.assertEqual(currency.compare_amounts(out_layer.value, -91.11), 0)
        entry = out_layer.account_move_id
        self.assertEqual(entry.state, "posted")
        self.assertEqual(currency.compare_amounts(entry.amount_total, 91.11), 0)
        debit = entry.line_ids.filtered(lambda line: line.debit)
        self.assertEqual(debit.account_id, self.accounts["190101"])
        self.assertEqual(currency.compare_amounts(self._balance("190101"), 91.11), 0)
        self.assertEqual(currency.compare_amounts(self._balance("140500"), 3037.00 - 91.11), 0)

    def test_stocktake_posts_one_entry_for_all_variances(self):
        """A stocktaking's variances make one journal entry, not one per part: a line pair per
        part, every valuation layer pointing to it, the balances to the cent."""
        currency = self.dealer_a.currency_id
        parts = self.part | self.make_part("T31911-F2000", "Fuel filter", "maintenance", 45.5)
        parts |= self.make_part("T97133-F2000", "Cabin filter", "maintenance", 12.25)
        self.env["stock.quant"].with_context(inventory_mode=True).create(
            [
                {"product_id": part.id, "location_id": self.stock_a.id, "inventory_quantity": 10}
                for part in parts
            ]
        )._apply_inventory()
        stock_before, pending_before = self._balance("140500"), self._balance("190101")
        entries_before = self.env["account.move"].search_count(
            [("company_id", "=", self.dealer_a.id)]
        )
        stocktake = (
            self.env["kia.parts.stocktake"]
            .with_user(self.clerk_a)
            .create({"location_id": self.stock_a.id})
        )
        stocktake.action_start()
        counts = dict(zip(parts, (7, 12, 10), strict=True))  # 3 short, 2 over, 1 as booked
        for line in stocktake.line_ids:
            line.counted_qty = counts[line.product_id]
        stocktake.action_submit()
        if stocktake.state == "to_approve":
            stocktake.with_user(self.parts_manager_a).action_approve()
        self.assertEqual(stocktake.state, "done")

        layers = self.env["stock.valuation.layer"].search(
            [("product_id", "in", parts.ids), ("description", "ilike", stocktake.name)]
        )
        self.assertEqual(len(layers), 2)
        entry = layers.account_move_id
        self.assertEqual(len(entry), 1)
        self.assertEqual(
            self.env["account.move"].search_count([("company_id", "=", self.dealer_a.id)]),
            entries_before + 1,
        )
        self.assertEqual(entry.state, "posted")
        self.assertEqual(entry.ref, stocktake.name)
        self.assertEqual(entry.stock_valuation_layer_ids, layers)
        self.assertEqual(stocktake.account_move_ids, entry)
        action = stocktake.with_user(self.accountant_a).action_view_account_moves()
        self.assertEqual(action["res_id"], entry.id)
        self.assertEqual(len(entry.line_ids), 4)
        self.assertEqual(entry.line_ids.product_id, parts[:2])
        loss, gain = 3 * 30.37, 2 * 45.5
        self.assertEqual(currency.compare_amounts(sum(layers.mapped("value")), gain - loss), 0)
        self.assertEqual(
            currency.compare_amounts(self._balance("190101") - pending_before, loss - gain), 0
        )
        self.assertEqual(
            currency.compare_amounts(self._balance("140500") - stock_before, gain - loss), 0
        )
