from odoo import fields, models


class KiaLaborOperationTime(models.Model):
    _name = "kia.labor.operation.time"
    _inherit = ["kia.hq.owned.mixin"]
    _kia_hq_company_field = "operation_id.company_id"
    _description = "Labor Operation Hours per Model"
    _order = "operation_id, model_id"

    operation_id = fields.Many2one(
        "kia.labor.operation", required=True, ondelete="cascade", index=True
    )
    model_id = fields.Many2one("fleet.vehicle.model", string="Kia Model", required=True)
    hours = fields.Float(string="Flat-Rate Hours", required=True)

    _sql_constraints = [
        ("operation_model_uniq", "unique(operation_id, model_id)", "One time per model."),
    ]
