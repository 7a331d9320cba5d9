from odoo import fields, models

LINE_TYPES = [
    ("failure", "Top Failure"),
    ("repeat", "Repeat Repair"),
    ("model", "By Model"),
]


class KiaTechnicalReportLine(models.Model):
    """A line of the monthly technical report, written by its generator only."""

    _name = "kia.technical.report.line"
    _description = "Monthly Technical Report Line"
    _inherit = ["kia.protected.mixin"]
    _order = "report_id, line_type, sequence, id"

    report_id = fields.Many2one(
        "kia.technical.report", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one(related="report_id.company_id", store=True, index=True)
    line_type = fields.Selection(LINE_TYPES, string="Section", required=True, index=True)
    sequence = fields.Integer(string="Rank")
    failure_code_id = fields.Many2one("kia.warranty.code")
    model_id = fields.Many2one("fleet.vehicle.model")
    vin = fields.Char(string="VIN")
    repair_count = fields.Integer(string="Repair Orders")
    claim_count = fields.Integer(string="Claims")
    repeat_count = fields.Integer(string="Repeat Claims")
    vehicle_count = fields.Integer(string="Vehicles")
    currency_id = fields.Many2one(related="report_id.company_id.currency_id")
    amount = fields.Monetary(string="Claimed")
    first_date = fields.Date(string="First Repair")
    last_date = fields.Date(string="Last Repair")
    dealer_ids = fields.Many2many("res.company", string="Dealers")
    claim_ids = fields.Many2many("kia.warranty.claim", string="Claims Concerned")

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        action = self.env._("the Generate button of the technical report")
        res.update({fname: action for fname in self._fields if not self._fields[fname].automatic})
        return res
