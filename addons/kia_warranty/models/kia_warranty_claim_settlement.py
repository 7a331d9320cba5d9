from odoo import fields, models


class KiaWarrantyClaim(models.Model):
    """The money of a claim on both sides: the dealer's settlement invoice to head office (OCA
    account_invoice_inter_company mirrors it as head office's bill) and its chargeback."""

    _inherit = "kia.warranty.claim"

    def _kia_wty_reverse_settlement(self, amount):
        """Charge back ``amount`` of the settled claim: a reversal of the dealer's settlement
        invoice for that amount, with its VAT; OCA's module books the same reversal of head
        office's bill. Both credit notes stay open: the dealer's next settlement statement
        nets them with the claims it pays. Posted moves are never edited."""
        self.ensure_one()
        lang = self.company_id.partner_id.lang
        lang_env = self.with_context(lang=lang).env
        # sudo: warranty reviewers hold no accounting rights in the dealer's books; the caller
        # was checked by action_chargeback.
        invoice = self.invoice_id.sudo().with_company(self.company_id)
        today = fields.Date.context_today(self)
        refund = invoice._reverse_moves(
            [
                {
                    "invoice_date": today,
                    "date": today,
                    "ref": lang_env._("Chargeback of claim %(claim)s", claim=self.name),
                    "kia_wty_claim_id": self.id,
                }
            ]
        )
        refund.invoice_line_ids.write({"quantity": 1, "price_unit": amount})
        refund.action_post()
        return refund
