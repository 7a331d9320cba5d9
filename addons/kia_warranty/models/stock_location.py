from odoo import fields, models
from odoo.exceptions import AccessError


class StockLocation(models.Model):
    """A dealer's old-part store (旧件库) is marked, so that stock leaves it only through the
    old parts' own steps (see stock.move._action_done)."""

    _inherit = "stock.location"

    kia_old_part_store = fields.Boolean(
        string="Old-Part Store",
        readonly=True,
        copy=False,
        help="Parts replaced under warranty wait here for head office: they leave it only when "
        "shipped back to head office or scrapped with its approval after the retention date.",
    )

    def write(self, vals):
        if "kia_old_part_store" in vals and not self.env.su:
            raise AccessError(
                self.env._(
                    "A location is made an old-part store with its warehouse; nobody can change "
                    "that mark by hand."
                )
            )
        return super().write(vals)
