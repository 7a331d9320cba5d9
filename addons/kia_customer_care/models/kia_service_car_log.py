from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KiaServiceCarLog(models.Model):
    """Use log of a dealer's service car: who drove it, when, why and how far."""

    _name = "kia.service.car.log"
    _description = "Service Car Use"
    _order = "date_start desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    vehicle_id = fields.Many2one(
        "fleet.vehicle",
        string="Service Car",
        required=True,
        index=True,
        check_company=True,
        domain="[('kia_is_service_car', '=', True)]",
    )
    driver_id = fields.Many2one("res.users", required=True)
    purpose = fields.Selection(
        [
            ("rescue", "Roadside Rescue"),
            ("outside_service", "Outside Service"),
            ("parts", "Parts Run"),
            ("other", "Other"),
        ],
        required=True,
        default="rescue",
    )
    date_start = fields.Datetime(string="Out", required=True, default=fields.Datetime.now)
    date_end = fields.Datetime(string="Back")
    odometer_start = fields.Float(string="km Out")
    odometer_end = fields.Float(string="km Back")
    distance = fields.Float(string="Distance (km)", compute="_compute_distance", store=True)
    rescue_id = fields.Many2one("kia.rescue", index=True, check_company=True)
    note = fields.Char()

    @api.depends("odometer_start", "odometer_end")
    def _compute_distance(self):
        for log in self:
            log.distance = max(log.odometer_end - log.odometer_start, 0.0)

    @api.constrains("date_start", "date_end", "odometer_start", "odometer_end")
    def _check_log(self):
        for log in self:
            if log.date_end and log.date_end < log.date_start:
                raise ValidationError(self.env._("A service car cannot come back before it left."))
            if log.odometer_end and log.odometer_end < log.odometer_start:
                raise ValidationError(
                    self.env._("The km reading back cannot be lower than the reading out.")
                )
