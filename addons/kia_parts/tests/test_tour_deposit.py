from odoo.tests import HttpCase, tagged

from odoo.addons.kia_service.tests.service_common import warm_assets

from .test_deposit_ledgers import KiaDepositLedgersCase


@tagged("post_install", "-at_install")
class TestDepositTour(KiaDepositLedgersCase, HttpCase):
    """Head office's accountant in Chromium: the dealer's declared deposit payment waits in
    the list of payments to confirm; the accountant confirms it and both books post."""

    TIMEOUT = 240

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("en_US")
        cls.hq_accountant.write({"lang": "en_US"})

    def test_hq_accountant_confirms_declared_payment(self):
        line = self.declare(self.dealer_a, 6543.21, note="Tour deposit")
        self.assertEqual(line.state, "declared")
        warm_assets(self, "t_hq_accountant", "/odoo")
        self.start_tour(
            "/odoo/action-kia_parts.kia_parts_deposit_line_action_to_confirm",
            "kia_parts_deposit_confirm",
            login="t_hq_accountant",
            timeout=self.TIMEOUT,
        )
        line = self.env["kia.parts.deposit.line"].browse(line.id)
        line.invalidate_recordset()
        self.assertEqual(line.state, "posted")
        self.assertEqual(line.confirmed_by_id, self.hq_accountant)
        self.assertEqual(line.move_id.state, "posted")
        self.assertEqual(line.move_id.company_id, self.dealer_a)
        self.assertEqual(line.hq_move_id.state, "posted")
        self.assertEqual(line.hq_move_id.company_id, self.hq)
        self.assertEqual(self.both_balances(self.dealer_a), (6543.21, 6543.21))
