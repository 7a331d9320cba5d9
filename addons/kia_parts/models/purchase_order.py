from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

ORDER_TYPES = [
    ("regular", "Regular Stock Order"),
    ("emergency", "Emergency Order"),
    ("vor", "Vehicle Off Road (VOR)"),
]


class PurchaseOrder(models.Model):
    _name = "purchase.order"
    _inherit = ["purchase.order", "kia.protected.mixin"]

    kia_is_hq_order = fields.Boolean(
        string="Parts Order to HQ",
        compute="_compute_kia_is_hq_order",
        store=True,
        index=True,
    )
    kia_order_type = fields.Selection(
        ORDER_TYPES, string="Parts Order Type", default="regular", tracking=True
    )
    kia_repair_id = fields.Many2one(
        "repair.order",
        string="Repair Order (VOR)",
        check_company=True,
        index="btree_not_null",
        help="The repair order whose vehicle is off the road waiting for these parts.",
    )
    kia_surcharge_pct = fields.Float(
        string="Surcharge (%)", compute="_compute_kia_surcharge_pct", store=True, readonly=False
    )
    kia_scheduled_date = fields.Date(
        string="Order Day",
        compute="_compute_kia_scheduled_date",
        store=True,
        help="Regular stock orders go to head office on the dealer's order day.",
    )
    kia_credit_released_by_id = fields.Many2one(
        "res.users",
        string="Credit Released By",
        readonly=True,
        copy=False,
        tracking=True,
        help="Head-office user who allowed this one order beyond the dealer's parts credit.",
    )
    kia_credit_released_date = fields.Datetime(
        string="Credit Released On", readonly=True, copy=False
    )
    kia_credit_checked_date = fields.Datetime(
        string="Credit Checked On",
        readonly=True,
        copy=False,
        help="When the order passed the parts credit check on its approval.",
    )
    kia_claim_id = fields.Many2one(
        "kia.parts.claim",
        string="Replaces Parts of Claim",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The approved parts claim this free replacement order settles.",
    )

    @api.depends("partner_id", "company_id.kia_hq_company_id")
    def _compute_kia_is_hq_order(self):
        for order in self:
            hq = order.company_id.kia_hq_company_id
            order.kia_is_hq_order = bool(
                hq and order.partner_id.commercial_partner_id == hq.partner_id
            )

    @api.depends("kia_order_type", "company_id")
    def _compute_kia_surcharge_pct(self):
        for order in self:
            order.kia_surcharge_pct = {
                "emergency": order.company_id.kia_parts_surcharge_emergency,
                "vor": order.company_id.kia_parts_surcharge_vor,
            }.get(order.kia_order_type, 0.0)

    @api.depends("kia_order_type", "date_order", "company_id.kia_parts_order_weekday")
    def _compute_kia_scheduled_date(self):
        for order in self:
            day = (order.date_order or fields.Datetime.now()).date()
            if order.kia_order_type == "regular":
                day = self._kia_next_weekday(day, order.company_id.kia_parts_order_weekday or "0")
            order.kia_scheduled_date = day

    @api.constrains("kia_order_type", "kia_repair_id")
    def _check_kia_vor(self):
        for order in self:
            if order.kia_order_type == "vor" and not order.kia_repair_id:
                raise UserError(
                    self.env._("A VOR order must name the repair order of the vehicle off road.")
                )

    @api.onchange("kia_order_type", "kia_scheduled_date")
    def _onchange_kia_order_type(self):
        if self.kia_is_hq_order:
            self.date_planned = self._kia_expected_arrival()

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        release = self.env._("head office's Release Credit button")
        res.update(
            {
                "kia_credit_released_by_id": release,
                "kia_credit_released_date": release,
                "kia_credit_checked_date": self.env._("the Confirm Order button"),
                "kia_claim_id": self.env._("the Settle button of the parts claim"),
            }
        )
        return res

    def write(self, vals):
        if "state" in vals and not self.env.su:
            self._kia_check_hq_state(vals["state"])
        return super().write(vals)

    def _kia_check_hq_state(self, state):
        """An order to head office is confirmed only by Confirm Order / Approve Order, which
        run the credit gate: its state is not written by anything else."""
        if state not in ("to approve", "purchase", "done"):
            return
        if self._kia_is_unlocked("state"):
            return
        if self.filtered(lambda o: o.kia_is_hq_order and o.state != state):
            raise AccessError(
                self.env._(
                    "An order to head office is confirmed only through the Confirm Order and "
                    "Approve Order buttons, which check the parts credit."
                )
            )

    def button_confirm(self):
        hq_orders = self.filtered(lambda o: o.kia_is_hq_order and o.state in ("draft", "sent"))
        for order in hq_orders:
            order.order_line.date_planned = order._kia_expected_arrival()
        # the credit gate runs in button_approve, which Odoo calls from here
        with self._kia_unlocked("state"):
            return super().button_confirm()

    def button_approve(self, force=False):
        """Every path that approves an order to head office passes the parts credit gate first
        (before head office's sale order is made): Confirm Order, Approve Order, or a direct
        call. Head office's prices replace what the dealer typed."""
        hq_orders = self.filtered(
            lambda o: o.kia_is_hq_order and o.state in ("draft", "sent", "to approve")
        )
        if hq_orders:
            if not self.env.su and not all(order._approval_allowed() for order in hq_orders):
                raise AccessError(
                    self.env._(
                        "This order to head office needs the approval of a purchase manager."
                    )
                )
            hq_orders._kia_apply_hq_prices()
            self.env["kia.parts.deposit.line"]._lock_credit(hq_orders.company_id)
            hq_orders._kia_check_credit()
            with self._kia_unlocked("kia_credit_checked_date"):
                hq_orders.write({"kia_credit_checked_date": fields.Datetime.now()})
        with self._kia_unlocked("state"):
            return super().button_approve(force=force)

    def button_cancel(self):
        super().button_cancel()
        # sudo: OCA purchase_sale_inter_company cancels head office's sale order as superuser;
        # the amounts it leaves to write on the sale's lines are written now, as superuser too,
        # not at the end of the request as the dealer's user, who may not read those lines
        self.env["sale.order.line"].sudo().flush_model()
        self.env["sale.order"].sudo().flush_model()
        # Odoo's button returns None, which XML-RPC cannot carry
        return True

    def button_done(self):
        if self.filtered(lambda o: o.kia_is_hq_order and o.state not in ("purchase", "done")):
            raise UserError(self.env._("Only a confirmed order to head office can be locked."))
        with self._kia_unlocked("state"):
            super().button_done()
        # Odoo's button returns None, which XML-RPC cannot carry
        return True

    def button_unlock(self):
        with self._kia_unlocked("state"):
            super().button_unlock()
        return True

    def action_kia_release_credit(self):
        self._kia_require_groups(
            "kia_parts.group_hq_parts_officer", action=self.env._("release credit on")
        )
        for order in self:
            if not order.kia_is_hq_order or order.state not in ("draft", "sent", "to approve"):
                raise UserError(
                    self.env._(
                        "Credit is released only on an order to head office not yet confirmed "
                        "(%(order)s).",
                        order=order.name,
                    )
                )
            with order._kia_unlocked("kia_credit_released_by_id", "kia_credit_released_date"):
                order.write(
                    {
                        "kia_credit_released_by_id": self.env.user.id,
                        "kia_credit_released_date": fields.Datetime.now(),
                    }
                )
            order.message_post(
                body=order._kia_lang_env()._(
                    "Credit released by %(user)s for this order only.", user=self.env.user.name
                )
            )
        return True

    def action_kia_add_surcharge(self):
        """Add the emergency/VOR surcharge as a service line on the order."""
        product = self.env.ref("kia_parts.product_parts_surcharge")
        for order in self.filtered(lambda o: o.kia_surcharge_pct and o.state in ("draft", "sent")):
            lines = order.order_line.filtered(lambda line: line.product_id != product)
            amount = sum(lines.mapped("price_subtotal")) * order.kia_surcharge_pct / 100.0
            order.order_line.filtered(lambda line: line.product_id == product).unlink()
            self.env["purchase.order.line"].create(
                {
                    "order_id": order.id,
                    "product_id": product.id,
                    "product_qty": 1.0,
                    "price_unit": amount,
                    "taxes_id": [(6, 0, [])],
                }
            )
        return True

    def action_kia_suggest_lines(self):
        """Fill a draft regular order with the suggested quantities of every part below its
        need."""
        for order in self:
            if order.state not in ("draft", "sent") or order.kia_order_type != "regular":
                raise UserError(
                    self.env._("Suggested quantities fill draft regular stock orders only.")
                )
            suggestions = self.env["product.product"]._kia_suggested_quantities(order.company_id)
            existing = set(order.order_line.product_id.ids)
            products = self.env["product.product"].browse(
                [pid for pid in suggestions if pid not in existing]
            )
            self.env["purchase.order.line"].create(
                [
                    {
                        "order_id": order.id,
                        "product_id": product.id,
                        "product_qty": suggestions[product.id],
                        "price_unit": product.kia_dealer_price,
                    }
                    for product in products
                ]
            )
        return True

    def _kia_expected_arrival(self):
        self.ensure_one()
        company = self.company_id
        lead = {
            "regular": company.kia_parts_lead_days_regular,
            "emergency": company.kia_parts_lead_days_emergency,
            "vor": company.kia_parts_lead_days_vor,
        }.get(self.kia_order_type, 0)
        start = self.kia_scheduled_date or fields.Date.context_today(self)
        return fields.Datetime.to_datetime(start + timedelta(days=lead))

    def _kia_check_credit(self):
        orders = self.filtered(lambda o: not o.kia_credit_released_by_id)
        open_credit = self.env["kia.parts.deposit.line"]._open_credits(orders.company_id)
        for order in orders:
            company = order.company_id
            if company.currency_id.compare_amounts(order.amount_total, open_credit[company.id]) > 0:
                raise UserError(
                    self.env._(
                        "Parts order %(order)s (%(amount)s) exceeds the open parts credit of "
                        "%(dealer)s (%(credit)s). Pay into the guarantee deposit, or ask head "
                        "office to release this order.",
                        order=order.name,
                        amount=order.amount_total,
                        dealer=company.name,
                        credit=open_credit[company.id],
                    )
                )
            open_credit[company.id] -= order.amount_total

    @api.model
    def _kia_next_weekday(self, date, weekday):
        """The first day on or after ``date`` that is ``weekday`` (0 for Monday)."""
        return date + timedelta(days=(int(weekday) - date.weekday()) % 7)

    def _prepare_sale_order_data(self, name, partner, dest_company, direct_delivery_address):
        """Head office's sale order carries the dealer's order type, surcharge and order day
        (OCA purchase_sale_inter_company)."""
        vals = super()._prepare_sale_order_data(
            name, partner, dest_company, direct_delivery_address
        )
        if self.kia_is_hq_order:
            vals.update(
                {
                    "kia_order_type": self.kia_order_type,
                    "kia_surcharge_pct": self.kia_surcharge_pct,
                    "kia_dealer_scheduled_date": self.kia_scheduled_date,
                }
            )
        return vals

    def _prepare_sale_order_line_data(self, purchase_line, dest_company, sale_order):
        """Head office sells at its own price (see ``_kia_hq_prices``), never at a price the
        dealer typed; the dealer's order was set to the same prices when it was approved, so
        both sides agree to the cent."""
        vals = super()._prepare_sale_order_line_data(purchase_line, dest_company, sale_order)
        if self.kia_is_hq_order and not purchase_line.display_type:
            vals["price_unit"] = self._kia_hq_prices()[purchase_line.id]
            vals["discount"] = 0.0
        return vals

    def _kia_hq_prices(self):
        """Head office's unit price of each line of the order: the dealer price head office
        publishes for a part (its list price for anything else), nothing for the free
        replacement of an approved parts claim, and the order type's surcharge share of the
        parts for the surcharge line."""
        self.ensure_one()
        # sudo: the price comes from head office's catalogue and the order's own lines, whoever
        # approves; nothing is written here
        order = self.sudo()
        surcharge = self.env.ref("kia_parts.product_parts_surcharge", raise_if_not_found=False)
        lines = order.order_line.filtered(lambda line: not line.display_type)
        prices = {}
        for line in lines.filtered(lambda line: line.product_id != surcharge):
            product = line.product_id
            if order.kia_claim_id:
                prices[line.id] = 0.0
            elif product.kia_part_number:
                prices[line.id] = product.kia_dealer_price
            else:
                prices[line.id] = product.lst_price
        base = sum(
            prices[line.id] * line.product_qty for line in lines if line.product_id != surcharge
        )
        for line in lines.filtered(lambda line: line.product_id == surcharge):
            qty = line.product_qty or 1.0
            prices[line.id] = order.currency_id.round(base * order.kia_surcharge_pct / 100.0 / qty)
        return prices

    def _kia_apply_hq_prices(self):
        """Set the lines of orders to head office to head office's prices (discount dropped):
        the credit is checked, and the order committed, at what head office will charge."""
        for order in self:
            prices = order._kia_hq_prices()
            for line in order.order_line.browse(list(prices)):
                if (
                    order.currency_id.compare_amounts(line.price_unit, prices[line.id])
                    or line.discount
                ):
                    line.write({"price_unit": prices[line.id], "discount": 0.0})
