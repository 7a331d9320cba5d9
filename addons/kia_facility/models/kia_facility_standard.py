from odoo import fields, models

from odoo.addons.kia_base.models.res_company import DEALER_TYPES

from .kia_facility_area import AREA_TYPES


class KiaFacilityStandard(models.Model):
    """The minimum each dealer type must have of a functional area, set by head office."""

    _name = "kia.facility.standard"
    _description = "Facility Standard per Dealer Type"
    _order = "dealer_type, area_type"
    _inherit = ["kia.hq.owned.mixin"]

    _sql_constraints = [
        (
            "dealer_area_uniq",
            "unique(dealer_type, area_type)",
            "One standard per dealer type and area.",
        ),
        (
            "minimum_positive",
            "CHECK(min_area_m2 >= 0 AND min_bay_count >= 0)",
            "A minimum cannot be negative.",
        ),
    ]

    dealer_type = fields.Selection(
        [dt for dt in DEALER_TYPES if dt[0] != "hq"], required=True, index=True
    )
    area_type = fields.Selection(AREA_TYPES, required=True)
    min_area_m2 = fields.Float(string="Minimum Area (m²)")
    min_bay_count = fields.Integer(string="Minimum Bays")
    note = fields.Char()

    def _compute_display_name(self):
        dealer_types = dict(self._fields["dealer_type"]._description_selection(self.env))
        area_types = dict(self._fields["area_type"]._description_selection(self.env))
        for standard in self:
            standard.display_name = (
                f"{dealer_types.get(standard.dealer_type, '')} / "
                f"{area_types.get(standard.area_type, '')}"
            )

    def _kia_hq_owned(self):
        """Head office sets every one of them for the whole network."""
        return self
