from odoo import models
from odoo.exceptions import UserError


class SaleOrderLine(models.Model):
    _inherit = "sale.order.line"

    def _kia_release_for_payer_change(self):
        """A repair order line whose payer changes leaves the sale order it is on. Refused once
        that order is confirmed or invoiced; from a quotation the line is removed, and sold
        again on the order of its new payer."""
        for line in self:
            invoiced = line.invoice_lines.filtered(lambda aml: aml.parent_state != "cancel")
            if invoiced or line.order_id.state not in ("draft", "sent"):
                raise UserError(
                    self.env._(
                        "%(line)s is already on confirmed or invoiced order %(order)s: its payer "
                        "can no longer change. Credit or cancel that order first.",
                        line=line.name,
                        order=line.order_id.name,
                    )
                )
        self.unlink()
