from odoo import fields, models


class KiaChecklistTemplateItem(models.Model):
    _name = "kia.checklist.template.item"
    _description = "Checklist Template Item"
    _inherit = ["kia.hq.owned.mixin"]
    _kia_hq_company_field = "template_id.company_id"
    _order = "template_id, sequence, id"

    template_id = fields.Many2one(
        "kia.checklist.template", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    area = fields.Char(string="Area / Position", translate=True)
