from odoo import fields, models


class RepairOrder(models.Model):
    _inherit = "repair.order"

    kia_health_record_ids = fields.One2many(
        "kia.health.record", "repair_id", string="Health Records", readonly=True
    )

    def action_kia_deliver(self):
        res = super().action_kia_deliver()
        # Just delivered: no record yet, only the settled ones are queued.
        self.env["kia.health.record"]._kia_queue(self._kia_health_settled())
        return res

    def _kia_health_settled(self):
        """Settled repair orders (结算): delivered, and every line the customer or an insurer
        pays invoiced on a posted invoice. A repair order all paid by warranty (claimed from
        Kia) or by the dealer (internal, goodwill: booked to expense) is settled at delivery."""
        settled = self.browse()
        for repair in self.filtered("kia_delivery_date"):
            lines = repair._kia_lines_by_payer()
            billable = any(lines["customer"] + lines["insurance"])
            orders = repair.kia_sale_order_ids.filtered(lambda o: o.state != "cancel")
            if not billable or (
                orders
                and all(o.invoice_status == "invoiced" for o in orders)
                and all(
                    move.state == "posted" for move in orders.invoice_ids if move.state != "cancel"
                )
            ):
                settled |= repair
        return settled

    def _kia_health_queue(self, reason=None):
        """Queue the health records of these repair orders once settled; a repair order
        already reported is corrected whatever its invoices say now (a credit note leaves its
        order to invoice again)."""
        repairs = self._kia_health_settled() | self.filtered("kia_health_record_ids")
        return self.env["kia.health.record"]._kia_queue(repairs, reason)
