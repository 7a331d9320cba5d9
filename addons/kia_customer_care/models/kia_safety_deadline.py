from odoo import api, fields, models
from odoo.exceptions import ValidationError

SAFETY_SOURCES = [
    ("complaint", "Safety Complaint"),
    ("quality", "Safety Quality Report"),
    ("tech_support", "Safety Technical Request"),
]


class KiaSafetyDeadline(models.Model):
    """Head office's own deadline to take charge of a safety problem a dealer reports: a
    network rule per kind of report, set by head office only."""

    _name = "kia.safety.deadline"
    _description = "Safety Deadline"
    _inherit = ["kia.hq.owned.mixin"]
    _order = "source"

    _sql_constraints = [
        ("source_uniq", "unique(source)", "There is already a safety deadline for this kind."),
    ]

    source = fields.Selection(SAFETY_SOURCES, string="Reported As", required=True)
    hours = fields.Integer(
        string="Head Office Acknowledges within (hours)", required=True, default=24
    )

    def _kia_hq_owned(self):
        """Head office's network configuration: every record is head office's."""
        return self

    @api.constrains("hours")
    def _check_hours(self):
        if any(rule.hours <= 0 for rule in self):
            raise ValidationError(self.env._("A safety deadline must be at least one hour."))

    @api.model
    def _kia_hours_by_source(self):
        # sudo: the deadline applies to whoever reports a safety problem, whatever his rights.
        return {rule.source: rule.hours for rule in self.sudo().search([])}
