from odoo import models


class ReportCountSheetXlsx(models.AbstractModel):
    _name = "report.kia_parts.report_count_sheet_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Stocktaking Count Sheet (Excel)"

    def generate_xlsx_report(self, workbook, data, stocktakes):
        bold = workbook.add_format({"bold": True})
        headers = [
            self.env._("Bin"),
            self.env._("Part Number"),
            self.env._("Part"),
            self.env._("Book"),
            self.env._("Counted"),
            self.env._("Variance"),
            self.env._("Reason"),
        ]
        for stocktake in stocktakes:
            sheet = workbook.add_worksheet(stocktake.name.replace("/", "-")[:31])
            sheet.write_row(0, 0, headers, bold)
            for row, line in enumerate(stocktake.line_ids, start=1):
                sheet.write_row(
                    row,
                    0,
                    [
                        line.location_id.display_name,
                        line.product_id.kia_part_number or "",
                        line.product_id.name,
                        line.theoretical_qty,
                        line.counted_qty,
                        line.variance_qty,
                        line.reason or "",
                    ],
                )
            sheet.set_column(0, 2, 24)
