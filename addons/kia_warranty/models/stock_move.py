import contextlib
from contextvars import ContextVar

from odoo import models
from odoo.exceptions import UserError

# Set while an old part's own step (a return head office asked for, a scrap it approved) moves
# it out of the store: a Python context variable, not an Odoo context key nor sudo (add-ons
# validate moves as superuser, e.g. inventory adjustments), so that no client can set it.
_OLD_PART_STEP = ContextVar("kia_old_part_step", default=False)


@contextlib.contextmanager
def old_part_step():
    """Within the block, stock may leave an old-part store."""
    token = _OLD_PART_STEP.set(True)
    try:
        yield
    finally:
        _OLD_PART_STEP.reset(token)


class StockMove(models.Model):
    _inherit = "stock.move"

    def _action_done(self, cancel_backorder=False):
        """Nothing leaves a dealer's old-part store by hand (a scrap, a transfer, an inventory
        adjustment): its parts go only through the old part's steps (a return head office
        asked for; a scrap head office approved once the retention date passed)."""
        if not _OLD_PART_STEP.get():
            self._kia_check_old_part_store()
        return super()._action_done(cancel_backorder=cancel_backorder)

    def _kia_check_old_part_store(self):
        for move in self:
            sources = move.location_id | move.move_line_ids.location_id
            store = sources.filtered("kia_old_part_store")
            if store and move.location_dest_id not in store:
                raise UserError(
                    self.env._(
                        "%(product)s cannot leave %(store)s by hand: old parts leave the store "
                        "only when shipped back on head office's request, or scrapped once head "
                        "office approved it after their retention date.",
                        product=move.product_id.display_name,
                        store=store[0].display_name,
                    )
                )
