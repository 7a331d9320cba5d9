from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    kia_wty_claim_id = fields.Many2one(
        "kia.warranty.claim",
        string="Warranty Claim",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="account.group_account_invoice,kia_base.group_user",
        help="The warranty claim this settlement or chargeback belongs to: on the dealer's "
        "invoice or credit note and on head office's mirrored bill.",
    )
    kia_wty_settlement_id = fields.Many2one(
        "kia.warranty.settlement",
        string="Settlement Statement",
        compute="_compute_kia_wty_settlement_id",
        groups="account.group_account_invoice,kia_base.group_user",
        help="Head office's confirmed statement that lists this claim document, paid in one "
        "payment to the dealer.",
    )

    def _compute_kia_wty_settlement_id(self):
        # sudo: the statement line is head office's record, read for its statement only.
        lines = (
            self.env["kia.warranty.settlement.line"]
            .sudo()
            .search(
                [
                    "|",
                    ("hq_move_id", "in", self.ids),
                    ("dealer_move_id", "in", self.ids),
                    ("settlement_id.state", "!=", "draft"),
                ]
            )
        )
        statements = {}
        for line in lines:
            statements[line.hq_move_id.id] = line.settlement_id.id
            statements[line.dealer_move_id.id] = line.settlement_id.id
        for move in self:
            move.kia_wty_settlement_id = statements.get(move.id, False)

    def _attach_original_pdf_report(self):
        """OCA account_invoice_inter_company attaches the dealer's invoice as a PDF to head
        office's bill. Demo data settles claims during the install, where wkhtmltopdf can only
        log noise: it skips the attachment (the bill itself is booked all the same)."""
        if self.env.context.get("kia_wty_skip_pdf"):
            return None
        return super()._attach_original_pdf_report()

    def _prepare_invoice_data(self, dest_company):
        """Head office's bill mirrored from a dealer's claim document names the claim, and a
        chargeback credit note reverses head office's bill of the same claim."""
        vals = super()._prepare_invoice_data(dest_company)
        if self.kia_wty_claim_id:
            vals["kia_wty_claim_id"] = self.kia_wty_claim_id.id
            vals["ref"] = self.with_context(lang=dest_company.partner_id.lang).env._(
                "%(move)s / claim %(claim)s", move=self.name, claim=self.kia_wty_claim_id.name
            )
        if self.reversed_entry_id:
            reversed_bill = self.search(
                [
                    ("auto_invoice_id", "=", self.reversed_entry_id.id),
                    ("company_id", "=", dest_company.id),
                ],
                limit=1,
            )
            if reversed_bill:
                vals["reversed_entry_id"] = reversed_bill.id
        return vals


class AccountMoveLine(models.Model):
    _inherit = "account.move.line"

    def _prepare_account_move_line(self, dest_move, dest_company):
        """The dealer's VAT on a claim document becomes head office's input VAT of the same rate
        (l10n_cn's purchase tax), so that both sides' totals agree to the cent. OCA's module
        only reads the product's vendor taxes, which a shared service product has not for every
        company."""
        vals = super()._prepare_account_move_line(dest_move, dest_company)
        if self.move_id.kia_wty_claim_id and self.tax_ids:
            use = "purchase" if dest_move.is_purchase_document() else "sale"
            taxes = self.env["account.tax"]
            for tax in self.tax_ids:
                taxes |= dest_company._kia_vat(use, tax.amount)
            self._kia_mirror_taxes(vals, taxes, dest_company)
        return vals
