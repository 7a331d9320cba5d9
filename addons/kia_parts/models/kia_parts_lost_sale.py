from odoo import fields, models


class KiaPartsLostSale(models.Model):
    _name = "kia.parts.lost.sale"
    _description = "Parts Lost Sale (Out of Stock)"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, index=True)
    product_id = fields.Many2one(
        "product.product", string="Part", required=True, check_company=True, index=True
    )
    quantity = fields.Float(string="Quantity Short", digits="Product Unit of Measure")
    repair_id = fields.Many2one(
        "repair.order", string="Repair Order", check_company=True, index="btree_not_null"
    )
    partner_id = fields.Many2one("res.partner", string="Customer", check_company=True)
    expected_date = fields.Date(string="Expected Arrival")
    customer_informed = fields.Boolean()
    note = fields.Char()
