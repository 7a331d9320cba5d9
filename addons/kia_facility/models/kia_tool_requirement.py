from odoo import fields, models

from odoo.addons.kia_base.models.res_company import DEALER_TYPES


class KiaToolRequirement(models.Model):
    """A special tool or piece of equipment each dealer of a type must hold, set by head
    office."""

    _name = "kia.tool.requirement"
    _description = "Required Tool per Dealer Type"
    _order = "dealer_type, tool_code"
    _rec_name = "tool_code"
    _inherit = ["kia.hq.owned.mixin"]

    _sql_constraints = [
        (
            "dealer_tool_uniq",
            "unique(dealer_type, tool_code)",
            "One requirement per dealer type and tool code.",
        ),
        ("quantity_positive", "CHECK(quantity > 0)", "The required quantity must be positive."),
    ]

    dealer_type = fields.Selection(
        [dt for dt in DEALER_TYPES if dt[0] != "hq"], required=True, index=True
    )
    tool_code = fields.Char(string="Kia Tool Code", required=True, index=True)
    name = fields.Char(string="Tool", required=True, translate=True)
    quantity = fields.Integer(default=1, required=True)

    def _kia_hq_owned(self):
        """Head office sets every one of them for the whole network."""
        return self
