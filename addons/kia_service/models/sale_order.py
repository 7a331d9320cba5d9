from odoo import Command, api, fields, models

from .repair_service import PAYERS


class SaleOrder(models.Model):
    _inherit = "sale.order"

    kia_repair_id = fields.Many2one(
        "repair.order",
        string="Repair Order Sold",
        index="btree_not_null",
        readonly=True,
        copy=False,
        check_company=True,
        help="The repair order whose lines of one payer this order sells.",
    )
    kia_payer = fields.Selection(
        [p for p in PAYERS if p[0] != "warranty"],
        string="Payer",
        readonly=True,
        copy=False,
        help="Customer orders charge the customer; internal orders charge the dealer's own "
        "department. Warranty lines are claimed from Kia and never sold.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Odoo's repair → quotation links the repair order: that is the customer's order.
            links = [
                command[1]
                for command in vals.get("repair_order_ids") or []
                if command[0] == Command.LINK
            ]
            if links and not vals.get("kia_repair_id"):
                vals["kia_repair_id"] = links[0]
                vals.setdefault("kia_payer", "customer")
        return super().create(vals_list)
