from odoo import api, fields, models


class KiaLaborOperation(models.Model):
    _name = "kia.labor.operation"
    _inherit = ["kia.hq.owned.mixin"]
    _description = "Labor Operation"
    _order = "code"
    _rec_names_search = ["code", "name"]
    _check_company_auto = True

    code = fields.Char(required=True, index=True)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty for an operation of Kia's catalog shared by every dealer.",
    )
    hours = fields.Float(
        string="Flat-Rate Hours", default=1.0, help="Standard hours when no model-specific time."
    )
    time_ids = fields.One2many(
        "kia.labor.operation.time", "operation_id", string="Hours per Model", copy=True
    )
    package = fields.Boolean(
        string="Maintenance Package",
        help="A periodic maintenance package: labor plus the parts listed below.",
    )
    package_mileage = fields.Integer(string="Package Mileage (km)")
    part_ids = fields.Many2many(
        "product.product",
        string="Package Parts",
        domain=[("type", "=", "consu")],
    )
    description = fields.Text()

    _sql_constraints = [
        ("code_company_uniq", "unique(code, company_id)", "A labor operation code must be unique."),
    ]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for operation in self:
            operation.display_name = f"[{operation.code}] {operation.name}"

    def _get_hours(self, vehicle_model):
        """Flat-rate hours of this operation for a Kia model."""
        self.ensure_one()
        time = self.time_ids.filtered(lambda t: t.model_id == vehicle_model)[:1]
        return time.hours if time else self.hours
