from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.kia_base.models.kia_protected_mixin import kia_lock_rows

from .kia_care_vat import kia_care_vat_line

# Who receives the call and sends the car; who works the rescue on the road.
DISPATCHERS = ("kia_base.group_advisor", "kia_base.group_customer_relations")
RESCUERS = (*DISPATCHERS, "kia_base.group_technician")

RESCUE_STATES = [
    ("new", "Received"),
    ("dispatched", "Dispatched"),
    ("arrived", "On Site"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]


class KiaRescue(models.Model):
    """Roadside rescue 外出救援: a call, the service car and technician sent, the times
    against the dealer's response standard, the charge and, when needed, a repair order."""

    _name = "kia.rescue"
    _description = "Roadside Rescue"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "call_time desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index="trigram"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        RESCUE_STATES, default="new", required=True, tracking=True, index=True, copy=False
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, check_company=True
    )
    caller_phone = fields.Char(string="Call-back Phone")
    vehicle_id = fields.Many2one("fleet.vehicle", index=True, check_company=True, tracking=True)
    location = fields.Char(required=True, help="Where the car stands: road, landmark, city.")
    distance_km = fields.Float(string="Distance (km)", tracking=True)
    problem = fields.Text(required=True)
    service_car_id = fields.Many2one(
        "fleet.vehicle",
        check_company=True,
        tracking=True,
        domain="[('kia_is_service_car', '=', True)]",
    )
    technician_id = fields.Many2one(
        "res.users",
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    call_time = fields.Datetime(required=True, default=fields.Datetime.now, tracking=True)
    dispatch_time = fields.Datetime(tracking=True, copy=False)
    arrival_time = fields.Datetime(tracking=True, copy=False)
    done_time = fields.Datetime(tracking=True, copy=False)
    standard_id = fields.Many2one(
        "kia.rescue.standard",
        string="Response Standard",
        compute="_compute_standard_id",
        store=True,
    )
    response_minutes = fields.Integer(
        string="Response (minutes)", compute="_compute_response", store=True
    )
    on_time = fields.Boolean(string="Within Standard", compute="_compute_response", store=True)
    odometer_start = fields.Float(string="Service Car km Out", copy=False)
    odometer_end = fields.Float(string="Service Car km Back", copy=False)
    mileage = fields.Float(string="Mileage (km)", compute="_compute_mileage", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    charge_amount = fields.Monetary(string="Charge", tracking=True)
    invoice_id = fields.Many2one("account.move", readonly=True, copy=False, check_company=True)
    repair_id = fields.Many2one(
        "repair.order", string="Repair Order", readonly=True, copy=False, check_company=True
    )
    hotline_call_id = fields.Many2one("kia.hotline.call", check_company=True, copy=False)
    car_log_ids = fields.One2many("kia.service.car.log", "rescue_id", string="Service Car Use")
    cancel_reason = fields.Text(readonly=True, copy=False, tracking=True)

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res.update(
            {
                "state": self.env._("the Dispatch, Arrived on Site, Done and Cancel buttons"),
                "cancel_reason": self.env._("the Cancel button"),
                "invoice_id": self.env._("the Invoice Charge button"),
                "repair_id": self.env._("the Create Repair Order button"),
            }
        )
        return res

    @api.depends("company_id", "distance_km")
    def _compute_standard_id(self):
        standards = self.env["kia.rescue.standard"].search(
            [("company_id", "in", self.company_id.ids)]
        )
        for rescue in self:
            rescue.standard_id = standards.filtered(
                lambda s, r=rescue: (
                    s.company_id == r.company_id
                    and s.distance_from <= r.distance_km < s.distance_to
                )
            )[:1]

    @api.depends("call_time", "arrival_time", "standard_id")
    def _compute_response(self):
        for rescue in self:
            if rescue.call_time and rescue.arrival_time:
                minutes = (rescue.arrival_time - rescue.call_time).total_seconds() // 60
                rescue.response_minutes = int(minutes)
                rescue.on_time = bool(rescue.standard_id) and (
                    minutes <= rescue.standard_id.response_minutes
                )
            else:
                rescue.response_minutes = 0
                rescue.on_time = False

    @api.depends("odometer_start", "odometer_end")
    def _compute_mileage(self):
        for rescue in self:
            rescue.mileage = max(rescue.odometer_end - rescue.odometer_start, 0.0)

    @api.constrains("call_time", "dispatch_time", "arrival_time", "done_time")
    def _check_times(self):
        for rescue in self:
            steps = [
                (rescue.call_time, rescue.dispatch_time, self.env._("dispatched before the call")),
                (rescue.dispatch_time, rescue.arrival_time, self.env._("arrived before dispatch")),
                (rescue.arrival_time, rescue.done_time, self.env._("done before arrival")),
            ]
            for before, after, what in steps:
                if after and (not before or after < before):
                    raise ValidationError(
                        self.env._(
                            "Rescue %(name)s cannot be %(what)s.", name=rescue.name, what=what
                        )
                    )

    @api.constrains("odometer_start", "odometer_end", "distance_km", "charge_amount")
    def _check_amounts(self):
        for rescue in self:
            if min(rescue.odometer_start, rescue.distance_km, rescue.charge_amount) < 0:
                raise ValidationError(
                    self.env._("Distances, readings and charges cannot be negative.")
                )
            if rescue.odometer_end and rescue.odometer_end < rescue.odometer_start:
                raise ValidationError(
                    self.env._(
                        "The service car's reading back (%(end)s km) is lower than when it left "
                        "(%(start)s km).",
                        end=rescue.odometer_end,
                        start=rescue.odometer_start,
                    )
                )

    @api.onchange("vehicle_id")
    def _onchange_vehicle_id(self):
        if self.vehicle_id.kia_owner_id:
            self.partner_id = self.vehicle_id.kia_owner_id

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                company = self.env["res.company"].browse(vals.get("company_id")) or (
                    self.env.company
                )
                vals["name"] = (
                    self.env["ir.sequence"].with_company(company).next_by_code("kia.rescue") or "/"
                )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        if any(rescue.state not in ("new", "cancelled") for rescue in self):
            raise UserError(self.env._("Only a rescue not yet dispatched can be deleted."))

    def action_dispatch(self):
        self._kia_require_groups(*DISPATCHERS, action=self.env._("dispatch"))
        for rescue in self:
            if rescue.state != "new":
                raise UserError(
                    self.env._("Rescue %(name)s was already dispatched.", name=rescue.name)
                )
            if not (rescue.service_car_id and rescue.technician_id):
                raise UserError(
                    self.env._(
                        "Choose the service car and the technician before dispatching rescue "
                        "%(name)s.",
                        name=rescue.name,
                    )
                )
        self._lock_service_cars()
        self.env["kia.service.car.log"]._kia_check_cars_free(self.service_car_id)
        self._kia_check_cars_not_on_rescue(self.service_car_id, exclude=self)
        with self._kia_unlocked("state"):
            for rescue in self:
                rescue.write(
                    {
                        "state": "dispatched",
                        "dispatch_time": rescue.dispatch_time or fields.Datetime.now(),
                        "odometer_start": rescue.odometer_start or rescue.service_car_id.odometer,
                    }
                )
        return True

    def action_arrive(self):
        self._kia_require_groups(*RESCUERS, action=self.env._("record the arrival of"))
        for rescue in self:
            if rescue.state != "dispatched":
                raise UserError(
                    self.env._(
                        "Rescue %(name)s must be dispatched before it arrives.", name=rescue.name
                    )
                )
            with self._kia_unlocked("state"):
                rescue.write(
                    {
                        "state": "arrived",
                        "arrival_time": rescue.arrival_time or fields.Datetime.now(),
                    }
                )
        return True

    def action_done(self):
        self._kia_require_groups(*RESCUERS, action=self.env._("finish"))
        logs = []
        for rescue in self:
            if rescue.state != "arrived":
                raise UserError(
                    self.env._(
                        "Rescue %(name)s must be on site before it is done.", name=rescue.name
                    )
                )
            with self._kia_unlocked("state"):
                rescue.write(
                    {"state": "done", "done_time": rescue.done_time or fields.Datetime.now()}
                )
            logs.append(rescue._prepare_car_log_values())
        self.env["kia.service.car.log"].create(logs)
        return True

    def action_cancel(self, reason=None):
        """Cancel with the reason the cancel wizard asked for."""
        self._kia_require_groups(*RESCUERS, action=self.env._("cancel"))
        if any(rescue.state == "done" for rescue in self):
            raise UserError(self.env._("A finished rescue cannot be cancelled."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason why the rescue is cancelled."))
        with self._kia_unlocked("state", "cancel_reason"):
            self.write({"state": "cancelled", "cancel_reason": reason.strip()})
        return True

    def action_create_invoice(self):
        self.ensure_one()
        self._kia_require_groups(*DISPATCHERS, action=self.env._("invoice"))
        if self.invoice_id:
            raise UserError(self.env._("Rescue %(name)s is already invoiced.", name=self.name))
        if self.state != "done" or self.charge_amount <= 0:
            raise UserError(
                self.env._(
                    "Only a finished rescue with a charge can be invoiced (%(name)s).",
                    name=self.name,
                )
            )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "company_id": self.company_id.id,
                "partner_id": self.partner_id.id,
                "invoice_origin": self.name,
                "invoice_line_ids": [
                    fields.Command.create(
                        # The rescue charge is what the customer pays, VAT included.
                        kia_care_vat_line(
                            self.company_id,
                            self.env.ref("kia_customer_care.product_roadside_rescue"),
                            self._kia_lang_env()._(
                                "Roadside rescue %(name)s: %(location)s (%(km)s km)",
                                name=self.name,
                                location=self.location,
                                km=self.distance_km,
                            ),
                            self.charge_amount,
                        )
                    )
                ],
            }
        )
        with self._kia_unlocked("invoice_id"):
            self.invoice_id = invoice
        return self._open(self.invoice_id)

    def action_create_repair(self):
        self.ensure_one()
        self._kia_require_groups(*DISPATCHERS, action=self.env._("open a repair order for"))
        if self.repair_id:
            return self._open(self.repair_id)
        if not self.vehicle_id:
            raise UserError(
                self.env._("Rescue %(name)s needs the vehicle for a repair order.", name=self.name)
            )
        repair = self.env["repair.order"].create(
            {
                "company_id": self.company_id.id,
                "partner_id": self.partner_id.id,
                "vehicle_id": self.vehicle_id.id,
                "internal_notes": self.problem,
            }
        )
        with self._kia_unlocked("repair_id"):
            self.repair_id = repair
        return self._open(self.repair_id)

    def _open(self, record):
        return {
            "type": "ir.actions.act_window",
            "res_model": record._name,
            "res_id": record.id,
            "view_mode": "form",
        }

    def _lock_service_cars(self):
        """Two advisors may send the same service car at once: the second fails to take it
        (at once, or because the first touched it after the second's snapshot), Odoo retries
        the request, and the retry sees the car out."""
        kia_lock_rows(self.service_car_id)

    @api.model
    def _kia_check_cars_not_on_rescue(self, cars, exclude=None):
        """Refuse if one of ``cars`` is out on a rescue (other than ``exclude``)."""
        busy = self.search(
            [
                ("service_car_id", "in", cars.ids),
                ("state", "in", ("dispatched", "arrived")),
                ("id", "not in", (exclude or self.browse()).ids),
            ],
            limit=1,
        )
        if busy:
            raise UserError(
                self.env._(
                    "Service car %(car)s is out on rescue %(name)s.",
                    car=busy.service_car_id.display_name,
                    name=busy.name,
                )
            )

    def _prepare_car_log_values(self):
        self.ensure_one()
        return {
            "company_id": self.company_id.id,
            "vehicle_id": self.service_car_id.id,
            "driver_id": self.technician_id.id,
            "date_start": self.dispatch_time,
            "date_end": self.done_time,
            "odometer_start": self.odometer_start,
            "odometer_end": self.odometer_end,
            "purpose": "rescue",
            "rescue_id": self.id,
            "note": self.location,
        }
