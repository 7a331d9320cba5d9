from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError


class KiaWarrantyFittedPart(models.Model):
    """A genuine part the customer paid for, fitted on a repair order: the start of its
    paid-parts warranty (from the delivery date and the odometer read at reception). Only the
    delivery of the repair order records it."""

    _name = "kia.warranty.fitted.part"
    _description = "Fitted Paid Part"
    _inherit = ["kia.protected.mixin"]
    _order = "fitted_date desc, id desc"
    _rec_name = "product_id"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", string="Dealer", required=True, index=True)
    repair_id = fields.Many2one(
        "repair.order", string="Repair Order", required=True, index=True, ondelete="cascade"
    )
    move_id = fields.Many2one("stock.move", string="Part Line", index=True, ondelete="set null")
    vehicle_id = fields.Many2one("fleet.vehicle", index=True)
    kia_vehicle_id = fields.Many2one(
        "kia.vehicle", string="Network Vehicle", required=True, index=True, ondelete="cascade"
    )
    product_id = fields.Many2one("product.product", string="Part", required=True, index=True)
    quantity = fields.Float(digits="Product Unit of Measure")
    fitted_date = fields.Date(string="Fitted On", required=True, index=True)
    fitted_km = fields.Integer(string="Fitted At (km)")

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        delivery = self.env._("the delivery of the repair order")
        res.update(
            dict.fromkeys(
                (
                    "company_id",
                    "repair_id",
                    "move_id",
                    "vehicle_id",
                    "kia_vehicle_id",
                    "product_id",
                    "quantity",
                    "fitted_date",
                    "fitted_km",
                ),
                delivery,
            )
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self._kia_is_unlocked("fitted_date"):
            raise AccessError(
                self.env._(
                    "A fitted paid part is recorded only by the delivery of its repair order."
                )
            )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_system(self):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "A fitted paid part is recorded only by the delivery of its repair order."
                )
            )

    def _kia_window(self, coverage):
        """(end date, end km) of this fitting's paid-parts warranty under ``coverage``."""
        self.ensure_one()
        return (
            self.fitted_date + relativedelta(months=coverage.months),
            (self.fitted_km or 0) + coverage.km,
        )

    @api.model
    def _kia_paid_parts_policy(self, on_date=None):
        """Head office's paid-parts policy in force for a fitting on ``on_date``."""
        on_date = on_date or fields.Date.context_today(self)
        # sudo: the policy is network data every dealer reads; it may be archived for a reader.
        coverages = (
            self.env["kia.warranty.coverage"]
            .sudo()
            .search([("category", "=", "paid_parts"), ("excluded", "=", False)])
            .sorted("date_from", reverse=True)
        )
        for coverage in coverages:
            if coverage.date_from <= on_date:
                return coverage
        return coverages[-1:] if coverages else coverages

    @api.model
    def _kia_record_delivery(self, repairs):
        """The customer-paid part lines of the delivered ``repairs`` become fitted parts. Only
        reads and writes when such lines exist."""
        values = []
        today = fields.Date.context_today(self)
        for repair in repairs:
            moves = repair._kia_old_part_moves().filtered(
                lambda move: move.kia_payer == "customer" and move.product_id.type == "consu"
            )
            if not moves:
                continue
            identity = repair.vehicle_id.kia_vehicle_id
            if not identity:
                continue
            values += [
                {
                    "company_id": repair.company_id.id,
                    "repair_id": repair.id,
                    "move_id": move.id,
                    "vehicle_id": repair.vehicle_id.id,
                    "kia_vehicle_id": identity.id,
                    "product_id": move.product_id.id,
                    "quantity": move.quantity or move.product_uom_qty,
                    "fitted_date": today,
                    # The reading at reception; else the vehicle's last reading.
                    "fitted_km": int(repair.kia_odometer_in or repair.vehicle_id.odometer or 0),
                }
                for move in moves
            ]
        if not values:
            return self.browse()
        with self._kia_unlocked():
            return self.create(values)
