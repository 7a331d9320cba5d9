from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KiaRescueStandard(models.Model):
    """A dealer's response standard for roadside rescue: by distance band, the time from the
    call to the technician's arrival."""

    _name = "kia.rescue.standard"
    _description = "Rescue Response Standard"
    _order = "company_id, distance_from"
    _check_company_auto = True
    _inherit = ["kia.hq.owned.mixin"]

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    distance_from = fields.Float(string="From (km)", required=True)
    distance_to = fields.Float(string="To (km)", required=True)
    response_minutes = fields.Integer(string="Arrive within (minutes)", required=True)

    @api.depends("distance_from", "distance_to", "response_minutes")
    def _compute_display_name(self):
        for standard in self:
            standard.display_name = self.env._(
                "%(start)s-%(end)s km: %(minutes)s min",
                start=standard.distance_from,
                end=standard.distance_to,
                minutes=standard.response_minutes,
            )

    @api.constrains("distance_from", "distance_to", "response_minutes")
    def _check_band(self):
        for standard in self:
            if standard.distance_from < 0 or standard.distance_to <= standard.distance_from:
                raise ValidationError(
                    self.env._("A distance band must end after it starts, from 0 km up.")
                )
            if standard.response_minutes <= 0:
                raise ValidationError(self.env._("The response time must be positive."))
            overlap = self.search_count(
                [
                    ("id", "!=", standard.id),
                    ("company_id", "=", standard.company_id.id),
                    ("distance_from", "<", standard.distance_to),
                    ("distance_to", ">", standard.distance_from),
                ]
            )
            if overlap:
                raise ValidationError(self.env._("Distance bands of one dealer cannot overlap."))
