from odoo import api, fields, models


class PurchaseOrderLine(models.Model):
    _inherit = "purchase.order.line"

    kia_appointment_id = fields.Many2one(
        "kia.appointment",
        string="For Appointment",
        index="btree_not_null",
        readonly=True,
        copy=False,
        help="The service appointment whose booked jobs need this part.",
    )

    @api.onchange("product_id")
    def _onchange_kia_supersession(self):
        for line in self:
            template = line.product_id.product_tmpl_id
            if template.kia_successor_id:
                line.product_id = template._kia_final_successor().product_variant_id

    @api.model_create_multi
    def create(self, vals_list):
        self._kia_apply_supersession(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("product_id"):
            self._kia_apply_supersession([vals])
        return super().write(vals)

    @api.model
    def _kia_apply_supersession(self, vals_list):
        """Ordering a superseded part orders the end of its supersession chain."""
        product_ids = {vals["product_id"] for vals in vals_list if vals.get("product_id")}
        if not product_ids:
            return
        products = self.env["product.product"].browse(product_ids)
        replaced = {
            product.id: product.product_tmpl_id._kia_final_successor().product_variant_id.id
            for product in products
            if product.product_tmpl_id.kia_successor_id
        }
        for vals in vals_list:
            if vals.get("product_id") in replaced:
                vals["product_id"] = replaced[vals["product_id"]]
                vals.pop("name", None)
