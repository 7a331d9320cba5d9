from odoo import api, fields, models
from odoo.exceptions import AccessError


class AccountMove(models.Model):
    """A reward's documents: the dealer's invoice to head office, and head office's bill that
    OCA account_invoice_inter_company mirrors from it, know their reward."""

    _inherit = "account.move"

    kia_sanction_id = fields.Many2one(
        "kia.assessment.sanction",
        string="Assessment Reward",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="account.group_account_invoice,kia_base.group_user",
        help="The dealer's reward this invoice (or head office's bill) books.",
    )

    def _kia_check_sanction_writer(self, vals_list):
        """Only posting a reward links its documents (as the superuser, on head office's
        decision): nobody ties another invoice to a reward."""
        if not self.env.su and any("kia_sanction_id" in vals for vals in vals_list):
            raise AccessError(
                self.env._(
                    "An invoice is linked to a dealer's reward only by posting the reward "
                    "(head office's Post button)."
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._kia_check_sanction_writer(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._kia_check_sanction_writer([vals])
        return super().write(vals)

    def _prepare_invoice_data(self, dest_company):
        vals = super()._prepare_invoice_data(dest_company)
        if self.kia_sanction_id:
            vals["kia_sanction_id"] = self.kia_sanction_id.id
        return vals


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _prepare_account_move_line(self, dest_move, dest_company):
        """Head office's bill of a reward carries the input VAT of the rate the dealer's
        invoice carries (l10n_cn's 6 % purchase tax), booked as a selling expense, so that both
        sides agree to the cent. OCA's module would read the product's vendor taxes, which the
        shared reward product has not."""
        vals = super()._prepare_account_move_line(dest_move, dest_company)
        if not (self.move_id.kia_sanction_id and self.display_type == "product"):
            return vals
        use = "purchase" if dest_move.is_purchase_document() else "sale"
        taxes = self.env["account.tax"]
        for tax in self.tax_ids:
            taxes |= dest_company._kia_reward_vat(use, tax.amount)
        self._kia_mirror_taxes(vals, taxes, dest_company)
        account = dest_company._kia_reward_account(use)
        if account:
            vals["account_id"] = account.id
        return vals
