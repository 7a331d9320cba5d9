from odoo import fields, models


class FleetVehicleModel(models.Model):
    _inherit = "fleet.vehicle.model"

    _sql_constraints = [
        (
            "kia_care_interval_positive",
            "CHECK(kia_care_interval_months >= 0 AND kia_care_interval_km >= 0)",
            "A maintenance interval cannot be negative.",
        ),
    ]

    kia_care_interval_months = fields.Integer(
        string="Maintenance Interval (months)",
        default=6,
        help="Periodic maintenance is due this many months after the last service; 0 when only "
        "the mileage counts.",
    )
    kia_care_interval_km = fields.Integer(
        string="Maintenance Interval (km)",
        default=5000,
        help="Periodic maintenance is due after this many km since the last service; 0 when only "
        "the time counts.",
    )
