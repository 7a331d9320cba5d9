from odoo import models


class StockMove(models.Model):
    _inherit = "stock.move"

    def _account_entry_move(self, qty, description, svl_id, cost):
        """The adjustment moves of a stocktaking do not post one journal entry each: their
        entry values are gathered for the stocktaking, which posts them as one entry (see
        kia.parts.stocktake._kia_post_valuation_entry)."""
        am_vals = super()._account_entry_move(qty, description, svl_id, cost)
        stocktake_id = self.env.context.get("kia_stocktake_id")
        if not stocktake_id or not am_vals:
            return am_vals
        key = self.env["kia.parts.stocktake"]._kia_entries_key(stocktake_id)
        self.env.cr.precommit.data.setdefault(key, []).extend(am_vals)
        return []
