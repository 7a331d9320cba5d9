from odoo import models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _prepare_account_move_line(self, dest_move, dest_company):
        """A parts claim's credit note from head office becomes the dealer's vendor credit note
        (OCA account_invoice_inter_company) with the dealer's VAT of the same rate (l10n_cn's
        purchase tax), so that both sides agree to the cent; OCA only reads the product's vendor
        taxes, which a part has not for every company."""
        vals = super()._prepare_account_move_line(dest_move, dest_company)
        if self.env.context.get("kia_parts_claim_vat") and self.tax_ids:
            use = "purchase" if dest_move.is_purchase_document() else "sale"
            taxes = self.env["account.tax"]
            for tax in self.tax_ids:
                taxes |= dest_company._kia_vat(use, tax.amount)
            self._kia_mirror_taxes(vals, taxes, dest_company)
        return vals
