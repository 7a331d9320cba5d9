from odoo import api, fields, models
from odoo.exceptions import ValidationError

DEALER_TYPES = [
    ("dealer_4s", "Authorised 4S Dealer"),
    ("service_station", "Authorised Service Station"),
]


class KiaKpiTarget(models.Model):
    """Head office's target for a KPI and a dealer type, valid from a date until the next
    target of the same KPI and dealer type."""

    _name = "kia.kpi.target"
    _description = "KPI Target per Dealer Type"
    _inherit = ["mail.thread", "kia.hq.owned.mixin"]
    _order = "kpi_id, dealer_type, date_from desc"

    kpi_id = fields.Many2one("kia.kpi", string="KPI", required=True, index=True)
    unit = fields.Selection(related="kpi_id.unit")
    dealer_type = fields.Selection(DEALER_TYPES, required=True, index=True)
    target = fields.Float(required=True, tracking=True)
    date_from = fields.Date(
        string="Valid From", required=True, default=fields.Date.today, tracking=True
    )

    _sql_constraints = [
        (
            "kpi_type_date_uniq",
            "unique(kpi_id, dealer_type, date_from)",
            "A KPI has one target per dealer type and start date.",
        ),
    ]

    def _kia_hq_owned(self):
        # Head office's network definitions: there is no dealer's own record of this model.
        return self

    @api.constrains("target")
    def _check_target(self):
        for target in self:
            if target.target < 0:
                raise ValidationError(
                    self.env._("The target of %(kpi)s cannot be negative.", kpi=target.kpi_id.name)
                )

    @api.depends("kpi_id", "dealer_type", "date_from")
    def _compute_display_name(self):
        types = dict(self._fields["dealer_type"]._description_selection(self.env))
        for target in self:
            target.display_name = f"{target.kpi_id.name} / {types.get(target.dealer_type, '')}"
