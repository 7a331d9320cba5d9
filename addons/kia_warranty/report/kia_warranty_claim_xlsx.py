from odoo import models


class KiaWarrantyClaimXlsx(models.AbstractModel):
    _name = "report.kia_warranty.claim_list_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Warranty Claims List (Excel)"

    def generate_xlsx_report(self, workbook, data, claims):
        sheet = workbook.add_worksheet(self.env._("Claims"))
        bold = workbook.add_format({"bold": True})
        money = workbook.add_format({"num_format": "#,##0.00"})
        fields_ = claims._fields
        headers = [
            self.env._("Claim No."),
            self.env._("Dealer"),
            self.env._("Claim Type"),
            self.env._("VIN"),
            self.env._("Repair Order"),
            self.env._("Causal Part"),
            self.env._("Repair Completed"),
            self.env._("Claimed"),
            self.env._("Approved"),
            self.env._("Status"),
        ]
        for col, header in enumerate(headers):
            sheet.write(0, col, header, bold)
        types = dict(fields_["claim_type"]._description_selection(self.env))
        states = dict(fields_["state"]._description_selection(self.env))
        for row, claim in enumerate(claims, start=1):
            sheet.write(row, 0, claim.name)
            sheet.write(row, 1, claim.company_id.name)
            sheet.write(row, 2, types.get(claim.claim_type, ""))
            sheet.write(row, 3, claim.vin or "")
            sheet.write(row, 4, claim.repair_id.name or "")
            sheet.write(row, 5, claim.causal_product_id.display_name or "")
            sheet.write(row, 6, str(claim.repair_date or ""))
            sheet.write_number(row, 7, claim.amount_total, money)
            sheet.write_number(row, 8, claim.amount_approved, money)
            sheet.write(row, 9, states.get(claim.state, ""))
        sheet.set_column(0, 9, 18)
