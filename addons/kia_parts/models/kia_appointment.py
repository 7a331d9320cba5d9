from odoo import api, fields, models
from odoo.tools import float_compare

PARTS_STATES = [
    ("reserved", "Reserved"),
    ("ordered", "Ordered"),
    ("late", "Cannot Arrive in Time"),
    ("released", "Released"),
    ("consumed", "Taken by the Repair Order"),
]


class KiaAppointment(models.Model):
    """Parts for the booked jobs 预约备件: reserved from stock when the appointment is
    confirmed, ordered from head office when short."""

    _inherit = "kia.appointment"

    parts_picking_id = fields.Many2one(
        "stock.picking",
        string="Parts Reservation",
        readonly=True,
        copy=False,
        check_company=True,
        help="Transfer that holds the booked jobs' parts in stock for this appointment: its "
        "reservation keeps them from other orders until the repair order takes them.",
    )
    parts_order_id = fields.Many2one(
        "purchase.order",
        string="Parts Order to HQ",
        readonly=True,
        copy=False,
        check_company=True,
        help="Draft order to head office for the parts not in stock.",
    )
    parts_state = fields.Selection(
        PARTS_STATES, string="Booked Parts", readonly=True, copy=False, index=True, tracking=True
    )
    parts_expected_date = fields.Date(
        string="Parts Expected",
        readonly=True,
        copy=False,
        help="When the parts ordered from head office should arrive, by the order type's lead "
        "time.",
    )

    @api.depends("parts_state", "parts_expected_date", "parts_order_id")
    def _compute_parts_warning(self):
        # Without a head office to order from, the stock warning of kia_service stands.
        ordered = self.filtered(lambda a: a.parts_state in ("ordered", "late") and a.parts_order_id)
        for appointment in ordered:
            # sudo: advisors see which parts are on order for their booking without reading
            # purchase orders themselves.
            lines = appointment.sudo().parts_order_id.order_line.filtered(
                lambda line, a=appointment: line.kia_appointment_id == a
            )
            values = {
                "parts": ", ".join(lines.product_id.mapped("display_name")),
                "date": appointment.parts_expected_date,
            }
            if appointment.parts_state == "late":
                appointment.parts_warning = self.env._(
                    "Parts %(parts)s cannot arrive before the appointment, even on an emergency "
                    "order (expected %(date)s): move the appointment or tell the customer.",
                    **values,
                )
            else:
                appointment.parts_warning = self.env._(
                    "Parts %(parts)s are ordered from head office, expected %(date)s.", **values
                )
        handled = self.filtered(lambda a: a.parts_state in ("reserved", "consumed", "released"))
        handled.parts_warning = False
        return super(KiaAppointment, self - ordered - handled)._compute_parts_warning()

    def action_confirm(self):
        result = super().action_confirm()
        self._kia_reserve_parts()
        return result

    def action_cancel(self, reason=None):
        result = super().action_cancel(reason=reason)
        self._kia_release_parts()
        return result

    def action_no_show(self, reason=None):
        result = super().action_no_show(reason=reason)
        self._kia_release_parts()
        return result

    def _prepare_repair_values(self):
        values = super()._prepare_repair_values()
        needs = self._kia_parts_needed()
        values["move_ids"] = [
            fields.Command.create(
                {"repair_line_type": "add", "product_id": product.id, "product_uom_qty": qty}
            )
            for product, qty in needs.items()
        ]
        return values

    def _kia_parts_needed(self):
        """Parts of the booked jobs (their maintenance packages): one of each part per job."""
        self.ensure_one()
        needs = {}
        for operation in self.labor_operation_ids:
            for product in operation.part_ids.filtered("is_storable"):
                needs[product] = needs.get(product, 0.0) + 1.0
        return needs

    def _kia_reserve_parts(self):
        """Reserve the booked parts in stock with a transfer of the dealer's warehouse; what
        stock cannot cover goes on a draft order to head office."""
        for appointment in self:
            needs = appointment._kia_parts_needed()
            if not needs:
                continue
            warehouse = self.env["stock.warehouse"].search(
                [("company_id", "=", appointment.company_id.id)], limit=1
            )
            if not warehouse:
                continue
            location = warehouse.lot_stock_id
            picking = (
                self.env["stock.picking"]
                .with_company(appointment.company_id)
                .create(
                    {
                        "picking_type_id": warehouse.int_type_id.id,
                        "location_id": location.id,
                        "location_dest_id": location.id,
                        "origin": appointment.name,
                        "partner_id": appointment.partner_id.id,
                        "company_id": appointment.company_id.id,
                        "scheduled_date": appointment.date_start,
                        "move_ids": [
                            fields.Command.create(
                                {
                                    "name": appointment.name,
                                    "product_id": product.id,
                                    "product_uom_qty": qty,
                                    "product_uom": product.uom_id.id,
                                    "location_id": location.id,
                                    "location_dest_id": location.id,
                                    "company_id": appointment.company_id.id,
                                }
                            )
                            for product, qty in needs.items()
                        ],
                    }
                )
            )
            # Two bookings taking the last unit at once: lock the quants first.
            self.env["repair.order"]._kia_lock_quants(picking.move_ids)
            self.env["stock.quant"].invalidate_model()
            picking.action_confirm()
            picking.action_assign()
            short = {
                move.product_id: move.product_uom_qty - move.quantity
                for move in picking.move_ids
                if float_compare(
                    move.quantity,
                    move.product_uom_qty,
                    precision_rounding=move.product_uom.rounding,
                )
                < 0
            }
            values = {"parts_picking_id": picking.id, "parts_state": "reserved"}
            if short:
                values.update(appointment._kia_order_parts(short))
            appointment.write(values)

    def _kia_order_parts(self, quantities):
        """Put the parts stock cannot cover on a draft order to head office: the next regular
        order when it arrives in time for the appointment, else an emergency order; flag the
        booking when even that arrives too late."""
        self.ensure_one()
        company = self.company_id
        # sudo: dealer staff cannot read head office's company record, only order from it.
        hq_partner = company.sudo().kia_hq_company_id.partner_id
        if not hq_partner:
            return {"parts_state": "late", "parts_expected_date": False}
        # sudo: the booking orders ahead on behalf of the parts desk; the order stays a draft
        # for the parts clerk to check and confirm.
        Order = self.env["purchase.order"].sudo().with_company(company)
        day = self.date_start.date()
        regular = Order.search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "=", hq_partner.id),
                ("state", "=", "draft"),
                ("kia_order_type", "=", "regular"),
            ],
            limit=1,
        )
        probe = regular or Order.new({"company_id": company.id, "kia_order_type": "regular"})
        if probe._kia_expected_arrival().date() <= day:
            order = regular or Order.create(self._kia_order_values("regular"))
        else:
            order = Order.create(self._kia_order_values("emergency"))
        arrival = order._kia_expected_arrival()
        self.env["purchase.order.line"].sudo().create(
            [
                {
                    "order_id": order.id,
                    "product_id": product.id,
                    "product_qty": qty,
                    "price_unit": product.kia_dealer_price,
                    "date_planned": arrival,
                    "kia_appointment_id": self.id,
                }
                for product, qty in quantities.items()
            ]
        )
        return {
            "parts_order_id": order.id,
            "parts_expected_date": arrival.date(),
            "parts_state": "ordered" if arrival.date() <= day else "late",
        }

    def _kia_order_values(self, order_type):
        self.ensure_one()
        return {
            "company_id": self.company_id.id,
            # sudo: as above, head office's company record is not the dealer's to read.
            "partner_id": self.company_id.sudo().kia_hq_company_id.partner_id.id,
            "kia_order_type": order_type,
            "origin": self.name,
        }

    def _kia_release_parts(self):
        """A cancelled or missed booking gives its parts back: the reservation is cancelled and
        its lines leave the draft order to head office (an order left empty is cancelled)."""
        booked = self.filtered(lambda a: a.parts_state in ("reserved", "ordered", "late"))
        if not booked:
            return
        booked.parts_picking_id.filtered(
            lambda p: p.state not in ("done", "cancel")
        ).action_cancel()
        # sudo: as when ordering, on behalf of the parts desk, and only for draft orders.
        lines = (
            self.env["purchase.order.line"]
            .sudo()
            .search([("kia_appointment_id", "in", booked.ids), ("order_id.state", "=", "draft")])
        )
        orders = lines.order_id
        lines.unlink()
        orders.filtered(lambda o: not o.order_line).button_cancel()
        booked.write({"parts_state": "released"})

    def _kia_hand_parts_to_repair(self):
        """The repair order made from the booking takes its parts: the appointment's
        reservation is cancelled and the repair's parts reserved in the same transaction, so no
        other order can take them in between."""
        booked = self.filtered(lambda a: a.parts_state in ("reserved", "ordered", "late"))
        booked.parts_picking_id.filtered(
            lambda p: p.state not in ("done", "cancel")
        ).action_cancel()
        booked.write({"parts_state": "consumed"})
