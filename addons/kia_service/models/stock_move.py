from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .repair_service import PAYERS

OLD_PART_LINE = [
    ("returned", "Taken by the Customer"),
    ("waived", "Left with the Dealer"),
    ("kept_warranty", "Retained for Warranty"),
]


class StockMove(models.Model):
    _inherit = "stock.move"

    kia_payer = fields.Selection(
        PAYERS,
        string="Payer",
        compute="_compute_kia_payer",
        store=True,
        readonly=False,
        precompute=True,
        help="Who pays this part of a repair order: customer parts go on the customer's order, "
        "internal parts on the internal order, warranty parts are claimed from Kia.",
    )

    kia_old_part = fields.Selection(
        OLD_PART_LINE,
        string="Old Part",
        compute="_compute_kia_old_part",
        store=True,
        readonly=False,
        help="What happens to the part taken off: the repair order's choice unless this line "
        "says otherwise; a warranty part is always retained for the warranty claim.",
    )

    @api.depends("repair_id.kia_old_parts", "kia_payer")
    def _compute_kia_old_part(self):
        for move in self:
            if not move.repair_id:
                continue
            if move.kia_payer == "warranty":
                move.kia_old_part = "kept_warranty"
            elif move.repair_id.kia_old_parts in ("returned", "waived", "kept_warranty"):
                move.kia_old_part = move.repair_id.kia_old_parts

    @api.constrains("kia_old_part", "kia_payer")
    def _check_kia_old_part(self):
        for move in self:
            if move.kia_payer == "warranty" and move.kia_old_part not in (False, "kept_warranty"):
                raise ValidationError(
                    self.env._(
                        "The old part of warranty line %(part)s is retained for the warranty "
                        "claim.",
                        part=move.product_id.display_name,
                    )
                )

    @api.constrains("product_uom_qty", "repair_id")
    def _check_kia_repair_quantity(self):
        if self.env.su or not self.env.user.has_group("kia_base.group_user"):
            # Superuser code and users outside Kia's roles run Odoo's repair flow, which refuses
            # negative quantities when the order is confirmed.
            return
        for move in self:
            if move.repair_id and move.product_uom_qty < 0:
                raise ValidationError(
                    self.env._(
                        "The quantity of part %(part)s on repair order %(repair)s cannot be "
                        "negative.",
                        part=move.product_id.display_name,
                        repair=move.repair_id.name,
                    )
                )

    @api.depends("repair_id")
    def _compute_kia_payer(self):
        for move in self:
            if not move.kia_payer and move.repair_id:
                move.kia_payer = move.repair_id.kia_payment_type

    def write(self, vals):
        if "kia_payer" in vals:
            changed = self.filtered(lambda m: m.repair_id and m.kia_payer != vals["kia_payer"])
            changed.sale_line_id._kia_release_for_payer_change()
        return super().write(vals)

    def _create_repair_sale_order_line(self):
        """Odoo puts every part of a repair order on its one sale order; a Kia part goes on the
        order of its payer: the customer's or the insurer's. Warranty parts are claimed from Kia,
        internal and goodwill parts are the dealer's own cost: on no order."""
        parts = self.filtered(
            lambda m: m.repair_id and m.repair_line_type == "add" and not m.sale_line_id
        )
        customer = parts.filtered(lambda m: (m.kia_payer or "customer") == "customer")
        insurance = parts.filtered(lambda m: m.kia_payer == "insurance")
        for repair in customer.repair_id:
            # The customer's order may not exist yet when only the insurer's lines were sold.
            repair._kia_payer_order("customer")
        result = super(StockMove, self - (parts - customer))._create_repair_sale_order_line()
        values = []
        for move in insurance:
            order = move.repair_id._kia_payer_order("insurance")
            if not order:
                continue
            values.append(
                {
                    "order_id": order.id,
                    "product_id": move.product_id.id,
                    "product_uom_qty": move.product_uom_qty
                    if move.repair_id.state != "done"
                    else move.quantity,
                    "product_uom": move.product_uom.id,
                    "move_ids": [fields.Command.link(move.id)],
                    "qty_delivered": move.quantity if move.state == "done" else 0.0,
                }
            )
        self.env["sale.order.line"].create(values)
        return result
