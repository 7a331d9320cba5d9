from odoo import fields, models


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
            Claim = self.env["kia.parts.claim"]
            taxes = self.env["account.tax"]
            for tax in self.tax_ids:
                taxes |= Claim._kia_vat(dest_company, use, tax.amount)
            vals["tax_ids"] = [fields.Command.set(taxes.ids)]
            price_unit = self.price_unit
            src_included = bool(self.tax_ids.filtered("price_include"))
            if src_included != bool(taxes.filtered("price_include")):
                base_line = self.move_id._prepare_product_base_line_for_taxes_computation(self)
                self.env["account.tax"]._add_tax_details_in_base_line(base_line, dest_company)
                details = base_line["tax_details"]
                price_unit = details[
                    "raw_total_excluded_currency" if src_included else "raw_total_included_currency"
                ]
            vals["price_unit"] = price_unit
        return vals
