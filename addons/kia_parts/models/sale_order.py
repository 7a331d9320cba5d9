from odoo import fields, models

from .purchase_order import ORDER_TYPES


class SaleOrder(models.Model):
    _inherit = "sale.order"

    kia_order_type = fields.Selection(
        ORDER_TYPES,
        string="Parts Order Type",
        readonly=True,
        copy=False,
        index="btree_not_null",
        tracking=True,
        help="Type of the dealer's parts order this sale answers (inter-company).",
    )
    kia_surcharge_pct = fields.Float(
        string="Surcharge (%)",
        readonly=True,
        copy=False,
        help="Emergency or VOR surcharge the dealer's order carries.",
    )
    kia_dealer_scheduled_date = fields.Date(
        string="Dealer Order Day",
        readonly=True,
        copy=False,
        help="The dealer's order day for a regular stock order.",
    )
