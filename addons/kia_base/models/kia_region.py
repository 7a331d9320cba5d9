from odoo import fields, models


class KiaRegion(models.Model):
    """A sales/after-sales region of head office (e.g. East China), with its area manager."""

    _name = "kia.region"
    _description = "Kia Region"
    _order = "code, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    area_manager_id = fields.Many2one(
        "res.users", help="Head office's area manager for the region."
    )
    company_ids = fields.One2many("res.company", "kia_region_id", string="Dealers")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The region code must be unique."),
    ]
