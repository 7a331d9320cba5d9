from odoo.addons.kia_base.tests.common import KiaBaseCase
from odoo.addons.kia_service.tests.service_common import sign_repair


class KiaPartsCase(KiaBaseCase):
    """Head office, two dealers with their deposit accounts and books, Kia parts in stock, and
    one user per parts role; needs no demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        user = cls.make_user

        network = cls.hq | cls.dealer_a | cls.dealer_b
        cls.clerk_a = user("t_parts_clerk_a", "kia_parts.group_parts_clerk", cls.dealer_a)
        cls.parts_manager_a = user("t_parts_mgr_a", "kia_parts.group_parts_manager", cls.dealer_a)
        cls.accountant_a = user(
            "t_accountant_a",
            "account.group_account_manager,kia_parts.group_parts_clerk",
            cls.dealer_a,
        )
        cls.clerk_b = user("t_parts_clerk_b", "kia_parts.group_parts_clerk", cls.dealer_b)
        cls.hq_parts = user(
            "t_hq_parts",
            "kia_parts.group_hq_parts_officer,base.group_multi_company,"
            "account.group_account_manager",
            cls.hq,
            network,
        )
        for dealer in cls.dealer_a | cls.dealer_b:
            cls.set_accounts(
                dealer,
                kia_parts_deposit_account_id=(
                    "122199",
                    "Parts guarantee deposit with Kia head office",
                    "asset_current",
                ),
                kia_parts_deposit_bank_account_id=(
                    "100299",
                    "Parts deposit bank clearing",
                    "asset_current",
                ),
                kia_parts_deposit_deduction_account_id=(
                    "220299",
                    "Parts payable settled from deposit",
                    "liability_current",
                ),
                kia_parts_deposit_penalty_account_id=(
                    "671199",
                    "Parts deposit penalties",
                    "expense",
                ),
            )
        # head office keeps the deposits it received, mirrored, in its own books
        cls.set_accounts(
            cls.hq,
            kia_parts_deposit_account_id=(
                "224199",
                "Parts guarantee deposits received from dealers",
                "liability_current",
            ),
            kia_parts_deposit_bank_account_id=("100298", "HQ deposit bank", "asset_current"),
            kia_parts_deposit_deduction_account_id=(
                "112299",
                "Dealers' parts receivable settled from deposit",
                "asset_current",
            ),
            kia_parts_deposit_penalty_account_id=(
                "630199",
                "Parts deposit penalty income",
                "income_other",
            ),
        )
        cls.settings(cls.hq | cls.dealer_a | cls.dealer_b).action_kia_parts_setup_deposit()
        for company in network:
            cls._setup_books(company)
        cls.hq_partner = cls.hq.partner_id
        cls.stock_a = (
            cls.env["stock.warehouse"]
            .search([("company_id", "=", cls.dealer_a.id)], limit=1)
            .lot_stock_id
        )
        cls.stock_b = (
            cls.env["stock.warehouse"]
            .search([("company_id", "=", cls.dealer_b.id)], limit=1)
            .lot_stock_id
        )
        cls.oil_filter = cls.make_part("T26300-35505", "Oil filter", "maintenance", 30.0)
        cls.brake_pad = cls.make_part("T58101-D4A00", "Front brake pads", "repair", 400.0)
        cls.bumper = cls.make_part("T86511-L2000", "Front bumper", "body", 2000.0)

    @classmethod
    def settings(cls, companies, user=None):
        """The Settings of each company, as ``user`` (the superuser by default)."""
        return (
            cls.env["res.config.settings"]
            .with_user(user or cls.env.user)
            .create([{"company_id": company.id} for company in companies])
        )

    @classmethod
    def set_accounts(cls, company, **accounts):
        """Create each account ``field=(code, name, type)`` in the company's books and choose
        it in the company's parts settings."""
        Account = cls.env["account.account"].with_company(company)
        company.write(
            {
                field: Account.create(
                    {
                        "code": code,
                        "name": name,
                        "account_type": account_type,
                        "company_ids": [(6, 0, company.ids)],
                    }
                ).id
                for field, (code, name, account_type) in accounts.items()
            }
        )

    @classmethod
    def _setup_books(cls, company):
        """The least a company without a chart of accounts needs for vendor bills."""
        Account = cls.env["account.account"].with_company(company)
        accounts = {}
        # (partner account, line account, journal) for the purchase side and the sale side
        for (code, name, account_type), (line_code, line_name, line_type), journal in (
            (
                ("220201", "Payable to Kia head office", "liability_payable"),
                ("140501", "Parts purchases", "expense"),
                ("Vendor Bills", "BILL", "purchase"),
            ),
            (
                ("112201", "Receivable from the network", "asset_receivable"),
                ("600101", "Parts sales", "income"),
                ("Customer Invoices", "INV", "sale"),
            ),
        ):
            accounts[account_type] = Account.create(
                {
                    "code": code,
                    "name": name,
                    "account_type": account_type,
                    "reconcile": True,
                    "company_ids": [(6, 0, company.ids)],
                }
            )
            line_account = Account.create(
                {
                    "code": line_code,
                    "name": line_name,
                    "account_type": line_type,
                    "company_ids": [(6, 0, company.ids)],
                }
            )
            cls.env["account.journal"].create(
                {
                    "name": journal[0],
                    "code": journal[1],
                    "type": journal[2],
                    "company_id": company.id,
                    "default_account_id": line_account.id,
                }
            )
        payable = accounts["liability_payable"]
        receivable = accounts["asset_receivable"]
        for partner in (cls.hq | cls.dealer_a | cls.dealer_b).partner_id:
            partner.with_company(company).write(
                {
                    "property_account_payable_id": payable.id,
                    "property_account_receivable_id": receivable.id,
                }
            )

    @classmethod
    def make_part(cls, number, name, category, dealer_price, **vals):
        values = {
            "name": name,
            "type": "consu",
            "is_storable": True,
            "kia_part_number": number,
            "kia_part_category": category,
            "kia_dealer_price": dealer_price,
            "kia_hq_list_price": dealer_price * 1.3,
            "standard_price": dealer_price,
            "purchase_method": "receive",
        }
        values.update(vals)
        product = cls.env["product.product"].create(values)
        for dealer in cls.dealer_a | cls.dealer_b:
            product.with_company(dealer).standard_price = dealer_price
        return product

    @classmethod
    def put_in_stock(cls, product, location, quantity):
        cls.env["stock.quant"]._update_available_quantity(product, location, quantity)

    @classmethod
    def pay_deposit(cls, company, amount, line_type="payment", user=None):
        """A posted deposit movement: head office's parts officer records it, or ``user`` (a
        dealer's) declares the payment and head office confirms its receipt."""
        line = (
            cls.env["kia.parts.deposit.line"]
            .with_user(user or cls.hq_parts)
            .create({"company_id": company.id, "line_type": line_type, "amount": amount})
        )
        line.action_post()
        if line.state == "declared":
            line.with_user(cls.hq_parts).with_context(
                allowed_company_ids=(cls.hq | company).ids
            ).action_confirm_receipt()
        return line

    def make_order(self, user, lines, order_type="regular", **vals):
        values = {
            "partner_id": self.hq_partner.id,
            "company_id": user.company_id.id,
            "kia_order_type": order_type,
            "order_line": [
                (0, 0, {"product_id": product.id, "product_qty": qty, "price_unit": price})
                for product, qty, price in lines
            ],
        }
        values.update(vals)
        return self.env["purchase.order"].with_user(user).create(values)

    def make_repair(self, user, parts):
        """A repair order opened at reception by the service advisor of ``user``'s dealer,
        handed to ``user`` (the parts desk) to issue its parts."""
        advisor = self.advisor_a if user.company_id == self.dealer_a else self.advisor_b
        repair = (
            self.env["repair.order"]
            .with_user(advisor)
            .create(
                {
                    "partner_id": self.customer_a.id,
                    "company_id": user.company_id.id,
                    "move_ids": [
                        (
                            0,
                            0,
                            {
                                "repair_line_type": "add",
                                "product_id": product.id,
                                "product_uom_qty": qty,
                            },
                        )
                        for product, qty in parts
                    ],
                }
            )
        )
        # The customer signs the repair order at reception, before its parts are issued.
        sign_repair(repair, advisor)
        return repair.with_user(user)
