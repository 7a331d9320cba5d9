from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class FleetVehicleOdometer(models.Model):
    _inherit = "fleet.vehicle.odometer"

    # Customer care's due dates read the odometer history per vehicle.
    vehicle_id = fields.Many2one(index=True)

    @api.constrains("value", "date", "vehicle_id")
    def _check_value_not_backwards(self):
        """A reading may never be lower than an earlier one, nor higher than a later one."""
        if any(reading.value < 0 for reading in self):
            raise ValidationError(self.env._("An odometer reading cannot be negative."))
        readings = defaultdict(list)
        for reading in self.search([("vehicle_id", "in", self.vehicle_id.ids)], order="date, id"):
            readings[reading.vehicle_id].append(reading)
        for reading in self:
            for other in readings[reading.vehicle_id]:
                if other == reading or not (other.date and reading.date):
                    continue
                earlier = other.date < reading.date or (
                    other.date == reading.date and other.id < reading.id
                )
                # Formatted outside the message: Odoo's term extractor evaluates the call.
                value, other_value = f"{reading.value:,.0f}", f"{other.value:,.0f}"
                if earlier and other.value > reading.value:
                    raise ValidationError(
                        self.env._(
                            "The odometer of %(vehicle)s cannot go backwards: %(value)s km on "
                            "%(date)s is lower than the %(last)s km read on %(last_date)s.",
                            vehicle=reading.vehicle_id.display_name,
                            value=value,
                            date=reading.date,
                            last=other_value,
                            last_date=other.date,
                        )
                    )
                if not earlier and other.value < reading.value:
                    raise ValidationError(
                        self.env._(
                            "The odometer reading of %(value)s km on %(date)s for %(vehicle)s is "
                            "higher than the later reading of %(later)s km on %(later_date)s.",
                            vehicle=reading.vehicle_id.display_name,
                            value=value,
                            date=reading.date,
                            later=other_value,
                            later_date=other.date,
                        )
                    )
