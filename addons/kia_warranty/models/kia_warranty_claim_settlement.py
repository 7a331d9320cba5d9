from odoo import fields, models


class KiaWarrantyClaim(models.Model):
    """The money of a claim on both sides: the dealer's settlement invoice to head office (OCA
    account_invoice_inter_company mirrors it as head office's bill) and its chargeback."""

    _inherit = "kia.warranty.claim"

    def _kia_wty_hq_bill(self, move):
        """Head office's mirror of the dealer's claim document ``move``."""
        # sudo: head office's books are not the dealer's; the mirror is read to reverse it.
        return (
            self.env["account.move"]
            .sudo()
            .search([("auto_invoice_id", "=", move.id)], limit=1)
        )

    def _kia_wty_reverse_settlement(self, amount):
        """Charge back ``amount`` of the settled claim: a reversal of the dealer's settlement
        invoice for that amount, with its VAT; OCA's module books the same reversal of head
        office's bill. While the settlement is unpaid, each credit note is reconciled with the
        document it reverses on its side; once paid (a settlement statement), the credit notes
        stay open for the dealer's next statement. Posted moves are never edited."""
        self.ensure_one()
        lang = self.company_id.partner_id.lang
        _ = self.with_context(lang=lang).env._
        # sudo: warranty reviewers hold no accounting rights in the dealer's books; the caller
        # was checked by action_chargeback.
        invoice = self.invoice_id.sudo().with_company(self.company_id)
        today = fields.Date.context_today(self)
        refund = invoice._reverse_moves(
            [
                {
                    "invoice_date": today,
                    "date": today,
                    "ref": _("Chargeback of claim %(claim)s", claim=self.name),
                    "kia_wty_claim_id": self.id,
                }
            ]
        )
        refund.invoice_line_ids.write({"quantity": 1, "price_unit": amount})
        refund.action_post()
        bill = self._kia_wty_hq_bill(invoice)
        hq_refund = self._kia_wty_hq_bill(refund)
        for original, reversal in ((invoice, refund), (bill, hq_refund)):
            if original and reversal and original.payment_state in ("not_paid", "partial"):
                if original.kia_wty_settlement_id:
                    continue
                lines = (original | reversal).line_ids.filtered(
                    lambda line: line.account_id.account_type
                    in ("asset_receivable", "liability_payable")
                    and not line.reconciled
                )
                lines.reconcile()
        return refund
