from odoo import fields, models


class KiaWarrantyClaim(models.Model):
    """The claim's side of the prior warranty authorisation (a claim whose repair order's lines
    need one is not submitted before head office approved it) and of its money on both sides
    (the dealer's settlement invoice to head office, which OCA account_invoice_inter_company
    mirrors as head office's bill, and its chargeback)."""

    _inherit = "kia.warranty.claim"

    def _kia_pwa_records(self):
        """The authorisations of this claim: its repair order's, else (a claim made without a
        repair order) its vehicle's made without one."""
        self.ensure_one()
        Pwa = self.env["kia.warranty.pwa"]
        if self.repair_id:
            return self.repair_id.kia_pwa_ids
        if not self.vehicle_id:
            return Pwa
        return Pwa.search(
            [
                ("vehicle_id", "=", self.vehicle_id.id),
                ("repair_id", "=", False),
                ("company_id", "=", self.company_id.id),
            ]
        )

    def _kia_precheck_pwa(self, add):
        """Refuse claims whose repair order has lines needing an authorisation not approved;
        a claim without repair order needs one when head office's cost rules apply to its
        amount."""
        rules = self.env["kia.warranty.pwa.rule"].search([])
        if not rules:
            return
        thresholds = rules.filtered(lambda r: r.rule_type == "amount").mapped("amount_threshold")
        # one query for the whole batch, not one per thousand claims read in the loop
        self.fetch(["repair_id", "amount_total"])
        for claim in self:
            if claim.repair_id:
                missing = claim.repair_id._kia_pwa_missing(rules)
                lines = missing["services"].mapped("display_name") + missing["moves"].mapped(
                    "product_id.display_name"
                )
                if lines:
                    add(
                        claim.id,
                        self.env._(
                            "Head office's prior authorisation (PWA) of %(lines)s on repair "
                            "order %(ro)s is not approved.",
                            lines=", ".join(lines),
                            ro=claim.repair_id.name,
                        ),
                    )
            elif thresholds and claim.amount_total > min(thresholds):
                if not claim._kia_pwa_records().filtered(lambda p: p.state == "approved"):
                    add(
                        claim.id,
                        self.env._(
                            "Claims above %(amount)s need head office's prior authorisation "
                            "(PWA), approved.",
                            amount=min(thresholds),
                        ),
                    )

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
