from odoo import fields, models

AREA_TYPES = [
    ("reception", "Reception"),
    ("lounge", "Customer Lounge"),
    ("bay_general", "Workshop Bay - General Repair"),
    ("bay_quick", "Workshop Bay - Quick Service"),
    ("bay_body", "Workshop Bay - Body"),
    ("bay_paint", "Workshop Bay - Paint"),
    ("bay_alignment", "Workshop Bay - Wheel Alignment"),
    ("qc_bay", "QC Bay"),
    ("wash_bay", "Wash Bay"),
    ("parts_store", "Parts Store"),
    ("old_parts_store", "Old-Parts Store"),
    ("tool_room", "Tool Room"),
    ("library", "Document Library"),
]


class KiaFacilityArea(models.Model):
    """A functional area of the dealer's site (各功能区), with its floor area and bays."""

    _name = "kia.facility.area"
    _description = "Dealer Functional Area"
    _inherit = ["mail.thread"]
    _order = "company_id, area_type, name"
    _check_company_auto = True

    _sql_constraints = [
        (
            "size_positive",
            "CHECK(area_m2 >= 0 AND bay_count >= 0)",
            "An area's size and bay count cannot be negative.",
        ),
    ]

    name = fields.Char(required=True, translate=False)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    area_type = fields.Selection(AREA_TYPES, required=True, index=True, tracking=True)
    area_m2 = fields.Float(string="Area (m²)", tracking=True)
    bay_count = fields.Integer(string="Bays", tracking=True)
    ci_compliant = fields.Boolean(
        string="CI Compliant", tracking=True, help="Signage and finish follow Kia's CI manual."
    )
    note = fields.Text()
    active = fields.Boolean(default=True)
