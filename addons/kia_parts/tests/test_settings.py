from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import KiaPartsCase


@tagged("post_install", "-at_install")
class TestSettings(KiaPartsCase):
    """The parts policies live on the company and are edited in Settings (Kia After-Sales)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin_a = cls.make_user(
            "t_parts_admin_a",
            "base.group_system,account.group_account_manager",
            cls.dealer_a,
            cls.dealer_a | cls.dealer_b,
        )

    def test_settings_write_on_the_company_configured(self):
        penalty = self.env["account.account"].create(
            {
                "code": "671198",
                "name": "Other parts penalties",
                "account_type": "expense",
                "company_ids": [(6, 0, self.dealer_a.ids)],
            }
        )
        settings_env = self.env(
            user=self.admin_a, context={"allowed_company_ids": self.dealer_a.ids}
        )
        with Form(settings_env["res.config.settings"]) as form:
            self.assertEqual(form.kia_parts_credit_factor, 2.0)
            form.kia_parts_credit_factor = 3.5
            form.kia_parts_order_weekday = "3"
            form.kia_parts_claim_days = 10
            form.kia_parts_variance_tolerance = 4.0
            form.kia_parts_deposit_penalty_account_id = penalty
        form.record.execute()
        self.assertEqual(self.dealer_a.kia_parts_credit_factor, 3.5)
        self.assertEqual(self.dealer_a.kia_parts_order_weekday, "3")
        self.assertEqual(self.dealer_a.kia_parts_claim_days, 10)
        self.assertEqual(self.dealer_a.kia_parts_variance_tolerance, 4.0)
        self.assertEqual(self.dealer_a.kia_parts_deposit_penalty_account_id, penalty)
        # the other dealer the admin also holds keeps its own policies
        self.assertEqual(self.dealer_b.kia_parts_credit_factor, 2.0)
        self.assertEqual(self.dealer_b.kia_parts_order_weekday, "0")
        self.assertEqual(self.dealer_b.kia_parts_claim_days, 7)
        self.assertEqual(self.dealer_b.kia_parts_variance_tolerance, 2.0)
        self.assertNotEqual(self.dealer_b.kia_parts_deposit_penalty_account_id, penalty)

    def test_deposit_setup_takes_the_books_defaults(self):
        dealer = self.dealer_b
        bank_account = self.env["account.account"].create(
            {
                "code": "100201",
                "name": "Bank",
                "account_type": "asset_cash",
                "company_ids": [(6, 0, dealer.ids)],
            }
        )
        self.env["account.journal"].create(
            {
                "name": "Bank",
                "code": "BNK1",
                "type": "bank",
                "company_id": dealer.id,
                "default_account_id": bank_account.id,
            }
        )
        journal = dealer.kia_parts_deposit_journal_id
        dealer.write(
            {
                "kia_parts_deposit_account_id": False,
                "kia_parts_deposit_bank_account_id": False,
                "kia_parts_deposit_deduction_account_id": False,
                "kia_parts_deposit_journal_id": False,
            }
        )
        settings = self.settings(dealer, self.admin_a).with_context(lang="zh_CN")
        with self.assertRaises(UserError) as error:
            settings.action_kia_parts_setup_deposit()
        self.assertIn("配件保证金科目", str(error.exception))
        self.assertFalse(dealer.kia_parts_deposit_bank_account_id)
        self.assertFalse(dealer.kia_parts_deposit_journal_id)

        deposit = self.env["account.account"].create(
            {
                "code": "122100",
                "name": "Other receivables",
                "account_type": "asset_receivable",
                "company_ids": [(6, 0, dealer.ids)],
            }
        )
        settings.kia_parts_deposit_account_id = deposit
        settings.execute()
        self.assertTrue(settings.action_kia_parts_setup_deposit())
        self.assertEqual(dealer.kia_parts_deposit_account_id, deposit)
        self.assertEqual(dealer.kia_parts_deposit_bank_account_id, bank_account)
        payable = self.hq.partner_id.with_company(dealer).property_account_payable_id
        self.assertTrue(payable)
        self.assertEqual(dealer.kia_parts_deposit_deduction_account_id, payable)
        self.assertEqual(dealer.kia_parts_deposit_journal_id, journal)
        self.pay_deposit(dealer, 500.0)
        self.assertEqual(dealer.kia_parts_deposit_balance, 500.0)

    def test_valuation_setup_needs_the_parts_accounts(self):
        category = self.env.ref("kia_parts.product_category_kia_parts").with_company(self.dealer_b)
        valuation = category.property_valuation
        with self.assertRaises(UserError) as error:
            self.settings(self.dealer_b, self.admin_a).action_kia_parts_setup_valuation()
        self.assertIn("Parts Stock Account", str(error.exception))
        self.assertEqual(category.property_valuation, valuation)
        self.assertNotEqual(valuation, "real_time")
