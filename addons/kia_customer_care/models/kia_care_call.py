from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

# Dealers planned per batch of the daily job, each batch committed with its progress. Odoo runs
# at most 10 batches of a job in one pass of a cron worker, under one CPU time limit (60 s by
# default): 10 dealers of a large network take about 3.5 s, so a pass stays well within it.
CARE_CALL_BATCH = 10

CALL_TYPES = [
    ("welcome", "Welcome Call"),
    ("maintenance_due", "Maintenance Reminder"),
    ("win_back", "Win-back"),
]
OUTCOMES = [
    ("todo", "To Call"),
    ("booked", "Booked"),
    ("reached", "Reached"),
    ("declined", "Declined"),
    ("unreachable", "Unreachable"),
    ("sold", "Sold the Car"),
]


class KiaCareCall(models.Model):
    """One line of the customer relations call list (定期保养用户一览表): a welcome call after a
    sale, a maintenance reminder before the due date, or a win-back call to a lapsed customer."""

    _name = "kia.care.call"
    _description = "Customer Care Call"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "state_sequence, due_date, id"
    _check_company_auto = True

    _sql_constraints = [
        (
            "due_km_positive",
            "CHECK(next_due_km >= 0)",
            "The due mileage cannot be negative.",
        ),
    ]

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    vehicle_id = fields.Many2one(
        "fleet.vehicle", required=True, index=True, check_company=True, ondelete="cascade"
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, check_company=True
    )
    phone = fields.Char(related="partner_id.phone")
    mobile = fields.Char(related="partner_id.mobile")
    contact_time = fields.Selection(related="partner_id.kia_care_contact_time")
    license_plate = fields.Char(related="vehicle_id.license_plate")
    call_type = fields.Selection(CALL_TYPES, required=True, index=True, tracking=True)
    due_date = fields.Date(
        required=True,
        index=True,
        help="Welcome calls: the planned call day. Reminders: the maintenance due date.",
    )
    next_due_km = fields.Float(string="Due at (km)")
    user_id = fields.Many2one(
        "res.users",
        string="Assigned To",
        tracking=True,
        index=True,
        default=lambda self: self.env.company.kia_care_user_id,
    )
    state = fields.Selection(
        OUTCOMES, string="Outcome", default="todo", required=True, index=True, tracking=True
    )
    state_sequence = fields.Integer(compute="_compute_state_sequence", store=True)
    call_date = fields.Datetime(string="Called On", readonly=True, tracking=True)
    attempt_count = fields.Integer(string="Attempts", readonly=True)
    note = fields.Text(string="Call Notes")

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        outcome = self.env._("the outcome buttons (Booked, Reached, Declined, ...) and Call Again")
        res.update({"state": outcome, "call_date": outcome, "attempt_count": outcome})
        return res

    @api.depends("call_type", "vehicle_id.license_plate", "vehicle_id.vin_sn")
    def _compute_name(self):
        labels = dict(self._fields["call_type"]._description_selection(self.env))
        for call in self:
            vehicle = call.vehicle_id.license_plate or call.vehicle_id.vin_sn or ""
            call.name = f"{labels.get(call.call_type, '')} {vehicle}".strip()

    @api.depends("state")
    def _compute_state_sequence(self):
        for call in self:
            call.state_sequence = 0 if call.state == "todo" else 1

    @api.onchange("vehicle_id")
    def _onchange_vehicle_id(self):
        if self.vehicle_id.kia_owner_id:
            self.partner_id = self.vehicle_id.kia_owner_id

    @api.model_create_multi
    def create(self, vals_list):
        vehicles = self.env["fleet.vehicle"].browse(
            [vals["vehicle_id"] for vals in vals_list if vals.get("vehicle_id")]
        )
        owners = {vehicle.id: vehicle.kia_owner_id.id for vehicle in vehicles}
        for vals in vals_list:
            if vals.get("vehicle_id") and not vals.get("partner_id"):
                vals["partner_id"] = owners.get(vals["vehicle_id"])
                if not vals["partner_id"]:
                    raise UserError(
                        self.env._("A care call needs a vehicle with an owner to call.")
                    )
        return super().create(vals_list)

    def action_outcome_booked(self):
        self._set_outcome("booked")
        return self._on_outcome_booked()

    def action_outcome_reached(self):
        return self._set_outcome("reached")

    def action_outcome_declined(self, reason=None):
        """Close the call as declined, with the reason the decline wizard asked for, or else
        the call notes as the reason."""
        reason = (reason or "").strip()
        if not reason and any(not (call.note or "").strip() for call in self):
            raise UserError(
                self.env._("Write down why the customer declined before closing the call.")
            )
        res = self._set_outcome("declined")
        if reason:
            self.write({"note": reason})
        return res

    def action_outcome_unreachable(self):
        return self._set_outcome("unreachable")

    def action_outcome_sold(self):
        self._set_outcome("sold")
        # sudo: customer relations may flag a sold car without the right to edit vehicle files.
        self.vehicle_id.sudo().kia_care_sold = True
        return True

    def action_reopen(self):
        """Call again (e.g. after 'unreachable'): back to the call list."""
        self._kia_require_groups(
            "kia_base.group_customer_relations", action=self.env._("call again")
        )
        with self._kia_unlocked("state"):
            self.write({"state": "todo"})
        return True

    def _set_outcome(self, outcome):
        self._kia_require_groups(
            "kia_base.group_customer_relations", action=self.env._("record the outcome of")
        )
        closed = self.filtered(lambda call: call.state != "todo")
        if closed:
            raise UserError(
                self.env._(
                    "Call %(call)s is already closed. Reopen it to record another outcome.",
                    call=closed[0].display_name,
                )
            )
        now = fields.Datetime.now()
        with self._kia_unlocked("state", "call_date", "attempt_count"):
            for call in self:
                call.write(
                    {
                        "state": outcome,
                        "call_date": now,
                        "attempt_count": call.attempt_count + 1,
                        "user_id": call.user_id.id or self.env.uid,
                    }
                )
        self.activity_feedback(["kia_customer_care.mail_activity_type_care_call"])
        return True

    def _on_outcome_booked(self):
        """The customer agreed to come: open a new appointment filled from the call, linked
        back to it. The slot is chosen in the form, where the dealer's capacity is checked."""
        if len(self) != 1:
            return True
        action = self.env["ir.actions.act_window"]._for_xml_id("kia_service.kia_appointment_action")
        action.update(
            {
                "views": [(False, "form")],
                "view_mode": "form",
                "target": "current",
                "context": {
                    "default_kia_care_call_id": self.id,
                    "default_partner_id": self.partner_id.id,
                    "default_vehicle_id": self.vehicle_id.id,
                    "default_company_id": self.company_id.id,
                    "default_channel": "phone",
                    "default_service_type": "periodic",
                    "default_mileage": int(self.vehicle_id.odometer),
                    "default_concern": self.name,
                },
            }
        )
        return action

    def _action_open(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_customer_care.kia_care_call_action"
        )
        action["domain"] = [("id", "in", self.ids)]
        return action

    @api.model
    def _create_for_vehicles(self, vehicles, call_type, due_dates=None):
        """Create one call per vehicle (skipping those with an open call of the same type) and
        schedule the call activity for the dealer's customer relations officer."""
        open_calls = self.search(
            [
                ("vehicle_id", "in", vehicles.ids),
                ("call_type", "=", call_type),
                ("state", "=", "todo"),
            ]
        )
        busy = set(open_calls.vehicle_id.ids)
        today = fields.Date.context_today(self)
        vals_list = [
            {
                "company_id": vehicle.company_id.id,
                "vehicle_id": vehicle.id,
                "partner_id": vehicle.kia_owner_id.id,
                "call_type": call_type,
                "due_date": (due_dates or {}).get(vehicle.id) or today,
                "next_due_km": vehicle.kia_care_next_due_km
                if call_type == "maintenance_due"
                else 0.0,
                "user_id": vehicle.company_id.kia_care_user_id.id,
            }
            for vehicle in vehicles
            if vehicle.id not in busy and vehicle.kia_owner_id
        ]
        calls = self.create(vals_list)
        for call in calls.filtered("user_id"):
            # the activity type's summary in the dealer's language, whoever plans the calls
            call.with_env(call._kia_lang_env()).activity_schedule(
                "kia_customer_care.mail_activity_type_care_call",
                date_deadline=min(call.due_date, today) if call.call_type != "welcome" else today,
                user_id=call.user_id.id,
            )
        return calls

    @api.model
    def _cron_generate(self):
        """Daily: refresh due dates, then plan welcome calls, maintenance reminders (with the
        reminder e-mail) for every dealer. Run by its scheduled job, the dealers are planned
        in batches of CARE_CALL_BATCH, each committed with the job's progress: a network's
        first run (or one after days without the job) can outlast a worker's time limit, and
        the next run goes on with the dealers not planned today instead of starting again."""
        Vehicle = self.env["fleet.vehicle"]
        today = fields.Date.context_today(self)
        companies = self.env["res.company"].search([("kia_dealer_type", "!=", "hq")])
        in_cron = bool(self.env.context.get("ir_cron_progress_id"))
        if in_cron:
            pending = companies.filtered(lambda c: c.kia_care_calls_date != today)
            # the due dates are refreshed once a day, before the day's first batch
            if pending == companies:
                Vehicle._kia_care_refresh_due()
            companies = pending[:CARE_CALL_BATCH]
        else:
            Vehicle._kia_care_refresh_due()
        calls = self.browse()
        for company in companies:
            welcome_last = today - timedelta(days=company.kia_care_welcome_days)
            welcome_first = welcome_last - timedelta(days=company.kia_care_welcome_window_days)
            sold = Vehicle.search(
                [
                    ("company_id", "=", company.id),
                    ("kia_owner_id", "!=", False),
                    ("kia_sale_date", ">", welcome_first),
                    ("kia_sale_date", "<=", welcome_last),
                    ("kia_care_call_ids", "not any", [("call_type", "=", "welcome")]),
                ]
            )
            calls |= self._create_for_vehicles(sold, "welcome")
            due = Vehicle.search(
                [
                    ("company_id", "=", company.id),
                    ("kia_owner_id", "!=", False),
                    ("kia_care_sold", "=", False),
                    (
                        "kia_care_next_due_date",
                        "<=",
                        today + timedelta(days=company.kia_care_reminder_days),
                    ),
                    # lapsed customers go to the win-back list instead
                    ("kia_care_lapsed", "=", False),
                ]
            )
            # One reminder per due date: a call already made for this due date is not repeated.
            done_for = {
                (call.vehicle_id.id, call.due_date)
                for call in self.search(
                    [("vehicle_id", "in", due.ids), ("call_type", "=", "maintenance_due")]
                )
            }
            due = due.filtered(
                lambda v, done_for=done_for: (v.id, v.kia_care_next_due_date) not in done_for
            )
            reminders = self._create_for_vehicles(
                due,
                "maintenance_due",
                {vehicle.id: vehicle.kia_care_next_due_date for vehicle in due},
            )
            reminders._send_reminder()
            calls |= reminders
        # sudo: the job's own mark of the day's planning on each dealer, whose settings its
        # user may not write
        companies.sudo().kia_care_calls_date = today
        if in_cron:
            self.env["ir.cron"]._notify_progress(
                done=len(companies), remaining=len(pending) - len(companies)
            )
        return calls

    def _send_reminder(self):
        """Remind each customer by their preferred channel: SMS to a mobile when they chose SMS
        (queued, sent by the SMS module's own cron), else e-mail when they have an address."""
        mail_template = self.env.ref("kia_customer_care.mail_template_care_reminder")
        sms_template = self.env.ref("kia_customer_care.sms_template_care_reminder")
        for call in self.filtered(lambda c: not c.partner_id.kia_care_no_reminder):
            partner = call.partner_id
            if partner.kia_care_contact_channel == "sms" and (partner.mobile or partner.phone):
                call._message_sms_with_template(template=sms_template, partner_ids=partner.ids)
            elif partner.email:
                call.message_post_with_source(mail_template, subtype_xmlid="mail.mt_comment")
