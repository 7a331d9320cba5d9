from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

ORDER_TYPES = [
    ("regular", "Regular Stock Order"),
    ("emergency", "Emergency Order"),
    ("vor", "Vehicle Off Road (VOR)"),
]


class PurchaseOrder(models.Model):
    _inherit = "purchase.order"

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

    def button_confirm(self):
        hq_orders = self.filtered(lambda o: o.kia_is_hq_order and o.state in ("draft", "sent"))
        if hq_orders:
            self.env["kia.parts.deposit.line"]._lock_credit(hq_orders.company_id)
            hq_orders._kia_check_credit()
            for order in hq_orders:
                order.order_line.date_planned = order._kia_expected_arrival()
        return super().button_confirm()

    def action_kia_release_credit(self):
        if not self.env.user.has_group("kia_parts.group_hq_parts_officer"):
            raise UserError(self.env._("Only a head-office parts officer can release credit."))
        for order in self:
            order.kia_credit_released_by_id = self.env.user
            order.message_post(
                body=self.env._(
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
        """Head office sells at the price the dealer ordered at (the dealer price, or the
        surcharge amount), so both sides agree to the cent."""
        vals = super()._prepare_sale_order_line_data(purchase_line, dest_company, sale_order)
        if self.kia_is_hq_order and not purchase_line.display_type:
            vals["price_unit"] = purchase_line.price_unit
            vals["discount"] = purchase_line.discount
        return vals
