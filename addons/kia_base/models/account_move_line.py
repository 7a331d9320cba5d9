from odoo import fields, models


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _kia_mirror_taxes(self, vals, taxes, dest_company):
        """Give ``vals``, the values of this line's mirror in ``dest_company``'s books (OCA
        account_invoice_inter_company's ``_prepare_account_move_line``), ``taxes`` of that
        company at the rates this line carries, and the price for them: OCA reads the
        product's taxes of the other use, which a shared Kia product has not for every
        company, and converts the price for those. Both sides then agree to the cent."""
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
