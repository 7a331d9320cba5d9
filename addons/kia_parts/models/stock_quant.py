from odoo import models

from .kia_parts_stocktake import KIA_APPLYING_STOCKTAKE


class StockQuant(models.Model):
    _inherit = "stock.quant"

    def _get_inventory_move_values(self, qty, location_id, location_dest_id, *args, **kwargs):
        """The adjustment moves of a stocktaking being applied carry the stocktaking."""
        vals = super()._get_inventory_move_values(
            qty, location_id, location_dest_id, *args, **kwargs
        )
        stocktake_id = KIA_APPLYING_STOCKTAKE.get()
        if stocktake_id:
            vals["kia_stocktake_id"] = stocktake_id
        return vals
