from odoo import fields, models

from .kia_parts_stocktake import KIA_APPLYING_STOCKTAKE


class StockMove(models.Model):
    _inherit = "stock.move"

    kia_stocktake_id = fields.Many2one(
        "kia.parts.stocktake",
        string="Stocktaking",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The stocktaking whose applied count made this adjustment move.",
    )

    def _account_entry_move(self, qty, description, svl_id, cost):
        """The adjustment moves of a stocktaking do not post one journal entry each: their
        entry values are gathered for the stocktaking, which posts them as one entry (see
        kia.parts.stocktake._kia_post_valuation_entry). Only a move the stocktaking made, while
        that stocktaking is being applied on the server."""
        am_vals = super()._account_entry_move(qty, description, svl_id, cost)
        stocktake_id = KIA_APPLYING_STOCKTAKE.get()
        if not am_vals or not stocktake_id or self.kia_stocktake_id.id != stocktake_id:
            return am_vals
        key = self.env["kia.parts.stocktake"]._kia_entries_key(stocktake_id)
        self.env.cr.precommit.data.setdefault(key, []).extend(am_vals)
        return []
