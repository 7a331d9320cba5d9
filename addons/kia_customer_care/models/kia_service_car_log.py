from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.kia_base.models.kia_protected_mixin import kia_lock_rows


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

    @api.model_create_multi
    def create(self, vals_list):
        """A log without a return time takes the car out: one trip at a time per car."""
        out_ids = [
            vals["vehicle_id"]
            for vals in vals_list
            if vals.get("vehicle_id") and not vals.get("date_end") and not vals.get("rescue_id")
        ]
        if len(set(out_ids)) < len(out_ids):
            raise UserError(self.env._("A service car can be out on one trip at a time."))
        cars = self.env["fleet.vehicle"].browse(out_ids)
        if cars:
            kia_lock_rows(cars)
            self._kia_check_cars_free(cars)
            self.env["kia.rescue"]._kia_check_cars_not_on_rescue(cars)
        return super().create(vals_list)

    @api.model
    def _kia_check_cars_free(self, cars):
        """Refuse if one of ``cars`` is out on a trip not yet back."""
        out = self.search([("vehicle_id", "in", cars.ids), ("date_end", "=", False)], limit=1)
        if out:
            raise UserError(
                self.env._(
                    "Service car %(car)s is out since %(date)s (%(driver)s) and not back yet.",
                    car=out.vehicle_id.display_name,
                    date=fields.Datetime.to_string(out.date_start),
                    driver=out.driver_id.name,
                )
            )

    @api.constrains("date_start", "date_end", "odometer_start", "odometer_end")
    def _check_log(self):
        for log in self:
            if log.date_end and log.date_end < log.date_start:
                raise ValidationError(self.env._("A service car cannot come back before it left."))
            if log.odometer_end and log.odometer_end < log.odometer_start:
                raise ValidationError(
                    self.env._("The km reading back cannot be lower than the reading out.")
                )
