from odoo import api, fields, models


class StockWarehouse(models.Model):
    """Each dealer warehouse has its old-part store (旧件库): the parts replaced under warranty
    wait there until head office asks for them back or lets them be scrapped."""

    _inherit = "stock.warehouse"

    kia_old_part_location_id = fields.Many2one(
        "stock.location",
        string="Old-Part Store",
        readonly=True,
        copy=False,
        check_company=True,
        help="Where the parts replaced under warranty are kept for head office.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        warehouses = super().create(vals_list)
        warehouses._kia_old_part_location()
        return warehouses

    def _kia_old_part_location(self):
        """The old-part store of each warehouse, created under it when missing."""
        Location = self.env["stock.location"]
        for warehouse in self.filtered(lambda w: not w.kia_old_part_location_id):
            name = self.with_context(
                lang=warehouse.company_id.partner_id.lang or self.env.lang
            ).env._("Old Parts")
            location = Location.create(
                {
                    "name": name,
                    "usage": "internal",
                    "location_id": warehouse.view_location_id.id,
                    "company_id": warehouse.company_id.id,
                    "kia_old_part_store": True,
                }
            )
            warehouse.kia_old_part_location_id = location
        return self.kia_old_part_location_id

    @api.model
    def _kia_create_old_part_locations(self):
        """On install and upgrade: the warehouses made before, and the mark of the stores made
        before it existed."""
        self.search([("kia_old_part_location_id", "=", False)])._kia_old_part_location()
        stores = self.search([]).kia_old_part_location_id
        stores = stores.filtered(lambda store: not store.kia_old_part_store)
        # sudo: the mark is the system's, never a user's (see stock.location.write).
        stores.sudo().write({"kia_old_part_store": True})
        return True
