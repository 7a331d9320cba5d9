from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare


class RepairOrder(models.Model):
    _inherit = "repair.order"

    kia_lost_sale_ids = fields.One2many("kia.parts.lost.sale", "repair_id", string="Lost Sales")
    kia_parts_issued = fields.Boolean(
        string="Parts Issued", copy=False, readonly=True, tracking=True
    )

    def action_kia_issue_parts(self):
        """Issue the parts of the repair from stock: reserve them and mark them picked. A part
        without enough stock is refused and nothing is issued."""
        for repair in self:
            moves = repair._kia_parts_moves()
            if not moves:
                raise UserError(
                    self.env._("Repair order %(name)s has no parts to issue.", name=repair.name)
                )
            self._kia_lock_quants(moves)
            self.env["stock.quant"].invalidate_model()
            if repair.state == "draft":
                repair._action_repair_confirm()
            moves._action_assign()
            short = moves.filtered(
                lambda m: (
                    float_compare(
                        m.quantity, m.product_uom_qty, precision_rounding=m.product_uom.rounding
                    )
                    < 0
                )
            )
            if short:
                raise UserError(
                    self.env._(
                        "Not enough stock to issue %(parts)s for %(repair)s. Record the "
                        "shortage as a lost sale or order the part (VOR).",
                        parts=", ".join(short.product_id.mapped("display_name")),
                        repair=repair.name,
                    )
                )
            moves.picked = True
            repair.kia_parts_issued = True
        return True

    def action_kia_record_lost_sales(self):
        """Record the parts asked for on this repair that stock cannot cover."""
        lost = self.env["kia.parts.lost.sale"]
        for repair in self:
            for move in repair._kia_parts_moves():
                available = (
                    move.product_id.with_context(location=move.location_id.id).free_qty
                    + move.quantity
                )
                missing = move.product_uom_qty - available
                if float_compare(missing, 0.0, precision_rounding=move.product_uom.rounding) > 0:
                    lost |= lost.create(
                        {
                            "company_id": repair.company_id.id,
                            "product_id": move.product_id.id,
                            "quantity": missing,
                            "repair_id": repair.id,
                            "partner_id": repair.partner_id.id,
                        }
                    )
        return lost

    def action_kia_return_part(self, product, quantity):
        """Return unused issued parts to their bin before the repair ends: the repair's own
        part line shrinks and its reservation is released."""
        self.ensure_one()
        moves = self._kia_parts_moves().filtered(lambda m: m.product_id == product and m.picked)
        issued = sum(moves.mapped("quantity"))
        rounding = product.uom_id.rounding
        if (
            float_compare(quantity, 0.0, precision_rounding=rounding) <= 0
            or float_compare(quantity, issued, precision_rounding=rounding) > 0
        ):
            raise UserError(
                self.env._(
                    "You can return at most %(qty)s of %(part)s to stock.",
                    qty=issued,
                    part=product.display_name,
                )
            )
        remaining = quantity
        for move in moves:
            take = min(remaining, move.quantity)
            new_qty = move.quantity - take
            move.picked = False
            move._do_unreserve()
            move.product_uom_qty = new_qty
            if new_qty:
                move._action_assign()
                move.picked = True
            remaining -= take
            if float_compare(remaining, 0.0, precision_rounding=rounding) <= 0:
                break
        self.message_post(
            body=self._kia_lang_env()._(
                "%(qty)s of %(part)s returned to stock unused.",
                qty=quantity,
                part=product.display_name,
            )
        )
        return True

    def action_kia_print_picking_slip(self):
        return self.env.ref("kia_parts.action_report_picking_slip").report_action(self)

    def _kia_parts_moves(self):
        return self.move_ids.filtered(
            lambda m: (
                m.repair_line_type == "add"
                and m.state not in ("done", "cancel")
                and m.product_id.is_storable
            )
        )

    def _kia_lock_quants(self, moves):
        """Lock the quants of the parts being issued so that two repair orders taking the last
        unit at the same time cannot both get it. NOWAIT: Odoo retries the request, which then
        sees the other repair's reservation."""
        if not moves:
            return
        self.env["stock.quant"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT q.id FROM stock_quant q
                  JOIN stock_location l ON l.id = q.location_id
                 WHERE q.product_id IN %(products)s
                   AND l.parent_path LIKE ANY(%(paths)s)
                   FOR NO KEY UPDATE OF q NOWAIT
                """,
                products=tuple(moves.product_id.ids),
                paths=[f"{path}%" for path in set(moves.location_id.mapped("parent_path"))],
            )
        )

    def _action_repair_confirm(self):
        """A repair order made from an appointment takes over the parts reserved for it."""
        booked = self.filtered(
            lambda r: (
                r.state == "draft"
                and r.kia_appointment_id.parts_state in ("reserved", "ordered", "late")
            )
        )
        booked.kia_appointment_id._kia_hand_parts_to_repair()
        result = super()._action_repair_confirm()
        moves = booked._kia_parts_moves()
        if moves:
            self._kia_lock_quants(moves)
            moves._action_assign()
        return result
