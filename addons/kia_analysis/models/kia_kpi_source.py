from datetime import datetime, timedelta

from odoo import api, models
from odoo.tools import SQL

# How far back a repair order can recover a declined job of an earlier one (the dealer's
# window, kia_declined_recovery_days, is at most this in practice): finishing it may change
# the declined-work recovery of those earlier months.
RECOVERY_LOOKBACK_DAYS = 400


class KiaKpiSourceMixin(models.AbstractModel):
    """A model whose records the KPI figures read (kia.kpi.report): creating, changing (one
    of ``_kia_kpi_fields``) or deleting a record dated in a dealer's closed month
    recomputes that dealer-month of the snapshot when the transaction commits. In the
    current month (nearly every change) it costs no query."""

    _name = "kia.kpi.source.mixin"
    _description = "Records behind the KPI figures"

    # the fields whose change may move a figure of the record's month (or the month itself)
    _kia_kpi_fields = ()
    # whether its records move or value parts: the stock the months not closed start from
    _kia_kpi_stock = False

    def _kia_kpi_places(self):
        """[(company, UTC datetime or local date)] of the figures these records count in."""
        return []

    def _kia_kpi_touch(self, places):
        if places:
            self.env["kia.kpi.snapshot"]._kia_touch(places, stock=self._kia_kpi_stock)
        return True

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._kia_kpi_touch(records._kia_kpi_places())
        return records

    def write(self, vals):
        if not set(vals).intersection(self._kia_kpi_fields):
            return super().write(vals)
        before = self._kia_kpi_places()
        result = super().write(vals)
        self._kia_kpi_touch(before + self._kia_kpi_places())
        return result

    def unlink(self):
        self._kia_kpi_touch(self._kia_kpi_places())
        return super().unlink()


class RepairOrder(models.Model):
    _name = "repair.order"
    _inherit = ["repair.order", "kia.kpi.source.mixin"]

    _kia_kpi_fields = (
        "state",
        "company_id",
        "kia_ro_type",
        "kia_payment_type",
        "kia_comeback_of_id",
        "kia_delivery_date",
        "kia_done_date",
        "schedule_date",
        "kia_on_time",
        "kia_followup_state",
        "kia_satisfaction",
        "kia_appointment_id",
        "vehicle_id",
    )

    def _kia_kpi_places(self):
        return [
            (ro.company_id, ro.kia_delivery_date or ro.kia_done_date or ro.schedule_date)
            for ro in self
            if ro.state == "done"
        ]

    def _kia_kpi_touch(self, places):
        """Also the earlier finished repair orders of the same vehicles with a declined job:
        this one may be the later order that recovers it (one query, when one is done)."""
        done = self.filtered(lambda ro: ro.state == "done" and ro.vehicle_id)
        dates = [when for _company, when in places if when] or [datetime.now()]
        first = min(dates) - timedelta(days=RECOVERY_LOOKBACK_DAYS)
        closed = self.env["kia.kpi.snapshot"]._kia_closed_months_cached()
        if done and any(first.date() < closed.get(c.id, first.date()) for c in done.company_id):
            self.env.cr.execute(
                SQL(
                    """
                    SELECT DISTINCT r.company_id,
                           COALESCE(r.kia_delivery_date, r.kia_done_date, r.schedule_date)
                      FROM repair_order r
                      JOIN repair_service rs ON rs.repair_id = r.id
                     WHERE r.vehicle_id IN %s AND r.state = 'done' AND r.id NOT IN %s
                       AND rs.kia_approval_state = 'declined'
                       AND rs.kia_labor_operation_id IS NOT NULL
                       AND COALESCE(r.kia_delivery_date, r.kia_done_date, r.schedule_date)
                           >= %s
                    """,
                    tuple(done.vehicle_id.ids),
                    tuple(done.ids),
                    first,
                )
            )
            Company = self.env["res.company"]
            places = places + [
                (Company.browse(company_id), when) for company_id, when in self.env.cr.fetchall()
            ]
        return super()._kia_kpi_touch(places)


class RepairService(models.Model):
    _name = "repair.service"
    _inherit = ["repair.service", "kia.kpi.source.mixin"]

    _kia_kpi_fields = (
        "repair_id",
        "product_uom_qty",
        "kia_payer",
        "kia_approval_state",
        "kia_labor_operation_id",
    )

    def _kia_kpi_places(self):
        return self.repair_id._kia_kpi_places()


class KiaRepairJobTime(models.Model):
    _name = "kia.repair.job.time"
    _inherit = ["kia.repair.job.time", "kia.kpi.source.mixin"]

    _kia_kpi_fields = ("company_id", "user_id", "date_start", "date_stop", "duration")

    def _kia_kpi_places(self):
        return [(time.company_id, time.date_start) for time in self]


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "kia.kpi.source.mixin"]

    _kia_kpi_fields = ("company_id", "kia_is_complaint", "kia_received_date")

    def _kia_kpi_places(self):
        return [
            (ticket.company_id, ticket.kia_received_date)
            for ticket in self
            if ticket.kia_is_complaint
        ]


class AccountMove(models.Model):
    _name = "account.move"
    _inherit = ["account.move", "kia.kpi.source.mixin"]

    # posting, resetting to draft or cancelling, and the accounting date
    _kia_kpi_fields = ("state", "date", "company_id")

    def _kia_kpi_places(self):
        return [
            (move.company_id, move.date)
            for move in self
            if move.state == "posted" and move.move_type in ("out_invoice", "out_refund")
        ]


class KiaTechnicianCapacity(models.Model):
    _name = "kia.technician.capacity"
    _inherit = ["kia.technician.capacity", "kia.kpi.source.mixin"]

    _kia_kpi_fields = ("company_id", "date", "hours")

    def _kia_kpi_places(self):
        return [(capacity.company_id, capacity.date) for capacity in self]


class KiaWarrantyClaim(models.Model):
    _name = "kia.warranty.claim"
    _inherit = ["kia.warranty.claim", "kia.kpi.source.mixin"]

    _kia_kpi_fields = ("company_id", "state", "review_date")

    def _kia_kpi_places(self):
        return [(claim.company_id, claim.review_date) for claim in self if claim.review_date]


class StockMove(models.Model):
    """Parts issued, the stock and its dead part at month end and the part lines asked are
    dated by the move; the parts cost by its repair order. A move changed in a closed month
    (a done quantity corrected, a move cancelled) recomputes that month."""

    _name = "stock.move"
    _inherit = ["stock.move", "kia.kpi.source.mixin"]

    _kia_kpi_fields = (
        "state",
        "date",
        "quantity",
        "product_uom_qty",
        "product_id",
        "location_id",
        "location_dest_id",
        "company_id",
        "repair_id",
        "repair_line_type",
        "sale_line_id",
        "picking_id",
    )
    _kia_kpi_stock = True

    def _kia_kpi_places(self):
        return [(move.company_id, move.date) for move in self]

    def _kia_kpi_touch(self, places):
        """Also the months of the documents the moves count in, for figures other than the
        stock: when a place of the moves is in a closed month, their repair orders' (the
        parts cost: an order is delivered after its parts moved); and, for moves of a
        counter sale put in a backorder, their order's (a line filled from stock is one no
        backorder delivers)."""
        super()._kia_kpi_touch(places)
        snapshot = self.env["kia.kpi.snapshot"]
        related = []
        if any(snapshot._kia_maybe_closed(company, when) for company, when in places):
            related += self.repair_id._kia_kpi_places()
        backordered = self.filtered(lambda move: move.sale_line_id and move.picking_id)
        backordered = backordered.filtered("picking_id.backorder_id")
        related += backordered.sale_line_id.order_id._kia_kpi_places()
        if related:
            snapshot._kia_touch(related)
        return True


class StockValuationLayer(models.Model):
    """A layer added to a move of a closed month (a revaluation, a landed cost, a correction)
    moves that month's stock value."""

    _name = "stock.valuation.layer"
    _inherit = ["stock.valuation.layer", "kia.kpi.source.mixin"]

    _kia_kpi_fields = ("quantity", "value", "stock_move_id", "company_id", "product_id")
    _kia_kpi_stock = True

    def _kia_kpi_places(self):
        return [(layer.company_id, layer.stock_move_id.date or layer.create_date) for layer in self]


class SaleOrder(models.Model):
    """A counter sale's part lines count in the month of its order."""

    _name = "sale.order"
    _inherit = ["sale.order", "kia.kpi.source.mixin"]

    _kia_kpi_fields = ("state", "date_order", "company_id")

    def _kia_kpi_places(self):
        return [(order.company_id, order.date_order) for order in self if order.state == "sale"]


class SaleOrderLine(models.Model):
    _name = "sale.order.line"
    _inherit = ["sale.order.line", "kia.kpi.source.mixin"]

    _kia_kpi_fields = ("product_id", "order_id")

    def _kia_kpi_places(self):
        return self.order_id._kia_kpi_places()


class KiaPartsLostSale(models.Model):
    """A part line lost for want of stock: a counter sale's in its own month, a repair
    order's in the month of the order's moves of that part."""

    _name = "kia.parts.lost.sale"
    _inherit = ["kia.parts.lost.sale", "kia.kpi.source.mixin"]

    _kia_kpi_fields = ("company_id", "date", "repair_id", "product_id")

    def _kia_kpi_places(self):
        places = [(lost.company_id, lost.date) for lost in self if not lost.repair_id]
        for lost in self.filtered("repair_id"):
            places += [
                (move.company_id, move.date)
                for move in lost.repair_id.move_ids
                if move.product_id == lost.product_id
            ]
        return places
