from odoo import models


class KiaWarrantySettlementXlsx(models.AbstractModel):
    """Settlement statement: per dealer, the settled claims with their invoice and chargeback,
    and the net amount head office owes."""

    _name = "report.kia_warranty.settlement_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Warranty Settlement Statement (Excel)"

    def generate_xlsx_report(self, workbook, data, claims):
        sheet = workbook.add_worksheet(self.env._("Settlement"))
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        money_bold = workbook.add_format({"num_format": "#,##0.00", "bold": True})
        headers = [
            self.env._("Dealer"),
            self.env._("Claim No."),
            self.env._("VIN"),
            self.env._("Invoice"),
            self.env._("Approved"),
            self.env._("Chargeback"),
            self.env._("Net"),
        ]
        for col, header in enumerate(headers):
            sheet.write(0, col, header, bold)
        row = 1
        settled = claims.filtered(lambda c: c.state in ("settled", "charged_back"))
        for company in settled.company_id:
            total = 0.0
            for claim in settled.filtered(lambda c, co=company: c.company_id == co):
                chargeback = claim.chargeback_move_id.amount_total
                net = claim.invoice_id.amount_total - chargeback
                total += net
                sheet.write(row, 0, company.name)
                sheet.write(row, 1, claim.name)
                sheet.write(row, 2, claim.vin or "")
                sheet.write(row, 3, claim.invoice_id.name or "")
                sheet.write_number(row, 4, claim.invoice_id.amount_total, money)
                sheet.write_number(row, 5, chargeback, money)
                sheet.write_number(row, 6, net, money)
                row += 1
            sheet.write(row, 0, self.env._("Total %(dealer)s", dealer=company.name), bold)
            sheet.write_number(row, 6, total, money_bold)
            row += 2
        sheet.set_column(0, 6, 18)
