from odoo import api, fields, models
from odoo.exceptions import ValidationError

APPLIES_TO = [
    ("all", "Every Dealer"),
    ("dealer_4s", "Authorised 4S Dealer"),
    ("service_station", "Authorised Service Station"),
]


class KiaReportType(models.Model):
    """A periodic report head office expects from every dealer (monthly service statistics,
    parts statistics, ...): head office's catalogue, with the day of the following month it is
    due. The reporting calendar is generated from it each month."""

    _name = "kia.report.type"
    _description = "Dealer Report Type"
    _inherit = ["kia.hq.owned.mixin"]
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    due_day = fields.Integer(
        required=True,
        default=5,
        help="Day of the month after the reported month by which the report is due.",
    )
    applies_to = fields.Selection(APPLIES_TO, required=True, default="all")
    description = fields.Text(translate=True, help="What the report contains.")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A report type's code is unique."),
    ]

    def _kia_hq_owned(self):
        # Head office's catalogue: there is no dealer's own report type.
        return self

    @api.constrains("due_day")
    def _check_due_day(self):
        for report_type in self:
            if not 1 <= report_type.due_day <= 28:
                raise ValidationError(
                    self.env._("A report falls due on a day between 1 and 28 of the month.")
                )
