from datetime import datetime, time, timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.kia_base.models.kia_protected_mixin import kia_lock_rows

from .repair_order import RO_TYPE_SCOPES, RO_TYPES

CHANNELS = [
    ("phone", "Phone"),
    ("hotline", "Hotline"),
    ("portal", "Portal"),
    ("walk_in", "Walk-in"),
]
ACTIVE_STATES = ("confirmed", "arrived")
BOOKING_GROUPS = ("kia_base.group_advisor", "kia_base.group_customer_relations")


class KiaAppointment(models.Model):
    """A service appointment 预约 in one of the dealer's slots."""

    _name = "kia.appointment"
    _description = "Service Appointment"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        check_company=True,
        tracking=True,
    )
    vehicle_id = fields.Many2one("fleet.vehicle", index=True, check_company=True, tracking=True)
    advisor_id = fields.Many2one(
        "res.users",
        string="Service Advisor",
        index=True,
        tracking=True,
        check_company=True,
        default=lambda self: self.env.user,
    )
    date_start = fields.Datetime(string="Start", required=True, index=True, tracking=True)
    date_stop = fields.Datetime(
        string="End", compute="_compute_date_stop", store=True, readonly=False
    )
    channel = fields.Selection(CHANNELS, default="phone", required=True)
    service_type = fields.Selection(RO_TYPES, default="periodic")
    concern = fields.Text(string="Customer's Concern")
    labor_operation_ids = fields.Many2many(
        "kia.labor.operation", string="Booked Jobs", check_company=True
    )
    mileage = fields.Integer(string="Mileage (km)")
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("confirmed", "Confirmed"),
            ("arrived", "Arrived"),
            ("done", "Repair Order Created"),
            ("no_show", "No-Show"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    arrival_date = fields.Datetime(readonly=True, copy=False)
    cancel_reason = fields.Text(
        string="Reason",
        copy=False,
        help="Why the appointment was cancelled or the customer did not come.",
    )
    repair_id = fields.Many2one(
        "repair.order", string="Repair Order", readonly=True, copy=False, check_company=True
    )
    parts_warning = fields.Char(compute="_compute_parts_warning")
    slot_places_left = fields.Integer(
        string="Places Left in Slot",
        compute="_compute_slot_capacity",
        help="How many more appointments the slot takes besides the confirmed ones: its free "
        "bays, within the technicians' working hours (less their leave) and the optional cap.",
    )
    slot_hours_left = fields.Float(
        string="Technician Hours Left in Slot",
        compute="_compute_slot_capacity",
        help="Technician working hours in the slot, less the hours of its bookings.",
    )
    reminder_offset_sent = fields.Float(
        string="Last Reminder (hours before)",
        readonly=True,
        copy=False,
        help="The reminder last sent, in hours before the appointment; a reminder is sent once.",
    )
    color = fields.Integer()

    @api.depends("date_start", "company_id")
    def _compute_date_stop(self):
        for appointment in self:
            if appointment.date_start:
                appointment.date_stop = appointment.date_start + timedelta(
                    minutes=appointment.company_id.kia_appointment_slot_minutes or 60
                )

    def _compute_parts_warning(self):
        for appointment in self:
            products = appointment.labor_operation_ids.part_ids.filtered(lambda p: p.is_storable)
            short = products.filtered(lambda p: p.qty_available <= 0)
            appointment.parts_warning = (
                self.env._(
                    "Parts not in stock for this booking: %(parts)s. Order them now.",
                    parts=", ".join(short.mapped("display_name")),
                )
                if short
                else False
            )

    @api.depends("date_start", "date_stop", "company_id", "state", "labor_operation_ids")
    def _compute_slot_capacity(self):
        # Appointments of the same slot (a calendar shows several) share one computation.
        slots = {}
        for appointment in self:
            if not appointment.date_start or not appointment.date_stop:
                appointment.slot_places_left = appointment.slot_hours_left = 0
                continue
            key = (appointment.company_id, appointment.date_start, appointment.date_stop)
            if key not in slots:
                slots[key] = appointment._kia_slot_capacity(*key)
            slot = slots[key]
            appointment.slot_places_left = slot["places_left"]
            appointment.slot_hours_left = max(slot["hours_left"], 0.0)

    @api.constrains("date_start", "date_stop", "state", "company_id")
    def _check_capacity(self):
        self.filtered(lambda a: a.state in ACTIVE_STATES)._check_slot_free()

    @api.constrains("service_type", "company_id")
    def _check_service_type_scope(self):
        labels = dict(self._fields["service_type"]._description_selection(self.env))
        for appointment in self:
            scope = RO_TYPE_SCOPES.get(appointment.service_type)
            if scope:
                appointment.company_id._kia_check_scope(
                    scope,
                    self.env._("%(type)s appointments", type=labels[appointment.service_type]),
                )

    @api.onchange("vehicle_id")
    def _onchange_vehicle_id(self):
        if self.vehicle_id.kia_owner_id:
            self.partner_id = self.vehicle_id.kia_owner_id

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res.update(
            {
                "state": self.env._(
                    "the Confirm, Arrived, Create Repair Order, No-Show and Cancel buttons"
                ),
                "arrival_date": self.env._("the Arrived button"),
                "cancel_reason": self.env._("the No-Show and Cancel wizards"),
                "repair_id": self.env._("the Create Repair Order button"),
                "reminder_offset_sent": self.env._("the appointment reminder schedule"),
            }
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        Company = self.env["res.company"]
        for vals in vals_list:
            company = Company.browse(vals.get("company_id")) or self.env.company
            self._kia_check_not_past(vals.get("date_start"), company)
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kia.appointment") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if vals.get("date_start"):
            for appointment in self.filtered(lambda a: a.state in ("draft", *ACTIVE_STATES)):
                self._kia_check_not_past(vals["date_start"], appointment.company_id)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_active(self):
        if self.filtered(lambda a: a.state not in ("draft", "cancel")):
            raise UserError(self.env._("Cancel an appointment instead of deleting it."))

    def action_confirm(self):
        self._kia_require_groups(*BOOKING_GROUPS, action=self.env._("confirm"))
        if self.filtered(lambda a: a.state != "draft"):
            raise UserError(self.env._("Only a draft appointment can be confirmed."))
        for appointment in self:
            self._kia_check_not_past(appointment.date_start, appointment.company_id)
        self._check_slot_free()
        with self._kia_unlocked("state"):
            self.write({"state": "confirmed"})
        activity_type = self.env.ref("mail.mail_activity_data_call")
        for appointment in self:
            appointment.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=fields.Date.subtract(appointment.date_start.date(), days=1),
                summary=appointment._kia_lang_env()._("Remind the customer of the appointment"),
                user_id=(appointment.advisor_id or self.env.user).id,
            )
        return True

    def action_arrive(self):
        self._kia_require_groups("kia_base.group_advisor", action=self.env._("receive"))
        if self.filtered(lambda a: a.state != "confirmed"):
            raise UserError(self.env._("Only a confirmed appointment can arrive."))
        with self._kia_unlocked("state", "arrival_date"):
            self.write({"state": "arrived", "arrival_date": fields.Datetime.now()})
        return True

    def action_no_show(self, reason=None):
        """The customer did not come, for the reason given or already on the appointment."""
        self._kia_require_groups(*BOOKING_GROUPS, action=self.env._("record a no-show of"))
        if self.filtered(lambda a: a.state != "confirmed"):
            raise UserError(self.env._("Only a confirmed appointment can be a no-show."))
        self._kia_check_reason(reason)
        with self._kia_unlocked("state"):
            self.write({"state": "no_show"})
        self.activity_unlink(["mail.mail_activity_data_call"])
        return True

    def action_cancel(self, reason=None):
        """Cancel the appointment, for the reason given or already on the appointment."""
        self._kia_require_groups(*BOOKING_GROUPS, action=self.env._("cancel"))
        if self.filtered(lambda a: a.state in ("done",)):
            raise UserError(self.env._("The repair order is already made."))
        self._kia_check_reason(reason)
        with self._kia_unlocked("state"):
            self.write({"state": "cancel"})
        self.activity_unlink(["mail.mail_activity_data_call"])
        return True

    def action_create_repair(self):
        self.ensure_one()
        self._kia_require_groups("kia_base.group_advisor", action=self.env._("receive"))
        if self.state not in ("confirmed", "arrived"):
            raise UserError(self.env._("Only a confirmed appointment becomes a repair order."))
        repair = (
            self.env["repair.order"]
            .with_company(self.company_id)
            .create(self._prepare_repair_values())
        )
        with self._kia_unlocked("state", "repair_id", "arrival_date"):
            self.write(
                {
                    "state": "done",
                    "repair_id": repair.id,
                    "arrival_date": self.arrival_date or fields.Datetime.now(),
                }
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "repair.order",
            "res_id": repair.id,
            "views": [[False, "form"]],
        }

    def _check_slot_free(self):
        """Refuse a booking outside working hours or beyond the slot's capacity."""
        for appointment in self:
            company = appointment.company_id
            # Working hours are the dealer's local time.
            tz = company.partner_id.tz or "Asia/Shanghai"
            start = fields.Datetime.context_timestamp(
                appointment.with_context(tz=tz), appointment.date_start
            )
            hour = start.hour + start.minute / 60.0
            if hour < company.kia_workday_start or hour >= company.kia_workday_end:
                raise ValidationError(
                    self.env._(
                        "%(company)s takes appointments between %(start)s and %(end)s only.",
                        company=company.name,
                        start=_float_time(company.kia_workday_start),
                        end=_float_time(company.kia_workday_end),
                    )
                )
            # Two advisors may book the last place of a slot at once: the bookings of a dealer
            # take its company row (locked and touched), so the second one waits for nothing
            # and is retried on what the first booked, never on a stale count.
            kia_lock_rows(company)
            slot = self._kia_slot_capacity(
                company, appointment.date_start, appointment.date_stop, exclude=appointment
            )
            hours = appointment._kia_booked_hours()
            if slot["places_left"] < 1 or hours > slot["hours_left"] + 1e-6:
                raise ValidationError(
                    self.env._(
                        "The slot of %(time)s is full: %(company)s has %(bays)s free bays and "
                        "%(hours)s technician hours left in it (this booking needs %(need)s). "
                        "Please choose another time.",
                        time=start.strftime("%Y-%m-%d %H:%M"),
                        company=company.name,
                        bays=max(slot["bays"] - slot["booked"], 0),
                        hours=round(max(slot["hours_left"], 0.0), 2),
                        need=round(hours, 2),
                    )
                )

    def _kia_booked_hours(self):
        """Technician hours this booking takes in its slot: its booked jobs' flat-rate hours,
        or the whole slot when no job is booked, and never more than the slot lasts."""
        self.ensure_one()
        slot_hours = (self.date_stop - self.date_start).total_seconds() / 3600.0
        hours = sum(self.labor_operation_ids.mapped("hours")) or slot_hours
        return min(hours, slot_hours)

    @api.model
    def _kia_slot_capacity(self, company, start, stop, exclude=None):
        """What the dealer's workshop can still take between ``start`` and ``stop`` (UTC):
        its bays (equipment marked as bays), its technicians' working hours from their working
        schedules less their leave (resource's own interval computation), the optional cap of
        advisors per slot, and the confirmed bookings overlapping that time.

        :return: dict with bays, hours (technician hours), booked (bookings), booked_hours,
            places_left and hours_left
        """
        # sudo: the booking user (advisor, customer relations, portal) does not manage the
        # workshop's equipment, colleagues' working schedules and leave, yet they decide it.
        env_su = self.sudo().env
        bays = env_su["maintenance.equipment"].search_count(
            [("company_id", "=", company.id), ("kia_is_bay", "=", True)]
        )
        hours = self._kia_technician_hours(company, start, stop)
        domain = [
            ("company_id", "=", company.id),
            ("state", "in", ACTIVE_STATES),
            ("date_start", "<", stop),
            ("date_stop", ">", start),
        ]
        if exclude:
            domain.append(("id", "not in", exclude.ids))
        bookings = self.sudo().search(domain)
        booked_hours = sum(booking._kia_booked_hours() for booking in bookings)
        places = bays
        if company.kia_appointment_advisors > 0:
            places = min(places, company.kia_appointment_advisors)
        hours_left = hours - booked_hours
        places_left = places - len(bookings)
        if hours_left < 1e-6:
            places_left = 0
        return {
            "bays": bays,
            "hours": hours,
            "booked": len(bookings),
            "booked_hours": booked_hours,
            "places_left": max(places_left, 0),
            "hours_left": hours_left,
        }

    @api.model
    def _kia_technician_hours(self, company, start, stop):
        """Working hours of the dealer's productive technicians between ``start`` and ``stop``
        (naive UTC): each one's working schedule (their resource's, else the company's) less
        their leave and the schedule's public holidays."""
        technician = self.env.ref("kia_base.group_technician")
        non_productive = self.env.ref("kia_base.group_qc_inspector") | self.env.ref(
            "kia_base.group_foreman"
        )
        # sudo: see _kia_slot_capacity.
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", technician.ids),
                    ("groups_id", "not in", non_productive.ids),
                    ("company_id", "=", company.id),
                    ("share", "=", False),
                ]
            )
        )
        start = pytz.utc.localize(fields.Datetime.to_datetime(start))
        stop = pytz.utc.localize(fields.Datetime.to_datetime(stop))
        resources = users.resource_ids.filtered(
            lambda r: r.company_id in (company, company.browse()) and r.calendar_id
        )
        without = len(users - resources.user_id)
        hours = 0.0
        for calendar in resources.calendar_id:
            on_calendar = resources.filtered(lambda r, c=calendar: r.calendar_id == c)
            intervals = calendar._work_intervals_batch(start, stop, resources=on_calendar)
            for resource in on_calendar:
                hours += sum(
                    (stop_ - start_).total_seconds() / 3600.0
                    for start_, stop_, _meta in intervals[resource.id]
                )
        if without and company.resource_calendar_id:
            intervals = company.resource_calendar_id.sudo()._work_intervals_batch(start, stop)
            hours += without * sum(
                (end - begin).total_seconds() / 3600.0 for begin, end, _meta in intervals[False]
            )
        return hours

    def _kia_check_not_past(self, start, company):
        """Refuse an appointment at ``start`` whose slot is already over (superuser code,
        such as demo data and imported history, may record past visits)."""
        start = fields.Datetime.to_datetime(start)
        if self.env.su or not start:
            return
        slot = timedelta(minutes=company.kia_appointment_slot_minutes or 60)
        if start + slot <= fields.Datetime.now():
            raise ValidationError(
                self.env._(
                    "The appointment of %(time)s is in the past: choose a time that has not "
                    "passed yet.",
                    time=fields.Datetime.context_timestamp(self, start).strftime("%Y-%m-%d %H:%M"),
                )
            )

    def _kia_check_reason(self, reason):
        """Record ``reason`` on the appointments, or refuse those that have none."""
        reason = (reason or "").strip()
        if reason:
            with self._kia_unlocked("cancel_reason"):
                self.write({"cancel_reason": reason})
        missing = self.filtered(lambda a: not (a.cancel_reason or "").strip())
        if missing:
            raise UserError(
                self.env._("Say why appointment %(name)s is not kept.", name=missing[0].name)
            )

    def _prepare_repair_values(self):
        self.ensure_one()
        return {
            "company_id": self.company_id.id,
            "partner_id": self.partner_id.id,
            "vehicle_id": self.vehicle_id.id,
            "user_id": (self.advisor_id or self.env.user).id,
            "kia_appointment_id": self.id,
            "kia_ro_type": self.service_type or "general",
            "kia_customer_words": self.concern,
            "kia_odometer_in": self.mileage,
            "repair_service_ids": [
                fields.Command.create(
                    {"kia_labor_operation_id": operation.id, "display_name": operation.display_name}
                )
                for operation in self.labor_operation_ids
            ],
        }

    @api.model
    def _cron_send_reminders(self):
        """Remind customers of their confirmed appointments at the dealer's offsets (e.g. 24
        and 2 hours before). Each offset is sent once: an appointment remembers the last offset
        sent, so running the cron again sends nothing twice, and a booking made late gets only
        the nearest reminder."""
        now = fields.Datetime.now()
        appointments = self.search([("state", "=", "confirmed"), ("date_start", ">", now)])
        template = self.env.ref("kia_service.mail_template_kia_appointment_reminder")
        offsets_by_company = {}
        for appointment in appointments:
            company = appointment.company_id
            if company not in offsets_by_company:
                offsets_by_company[company] = company._kia_reminder_offsets()
            hours_before = (appointment.date_start - now).total_seconds() / 3600.0
            due = [o for o in offsets_by_company[company] if hours_before <= o]
            if not due:
                continue
            offset = min(due)
            sent = appointment.reminder_offset_sent
            if sent and sent <= offset:
                continue
            appointment.message_post_with_source(template, subtype_xmlid="mail.mt_comment")
            with appointment._kia_unlocked("reminder_offset_sent"):
                appointment.write({"reminder_offset_sent": offset})
        return True

    @api.model
    def _cron_no_show(self):
        """Confirmed appointments whose customer has not arrived the dealer's minutes after
        the start, and that have no repair order, become no-shows; their advisor gets an
        activity to call the customer and book again."""
        now = fields.Datetime.now()
        candidates = self.search(
            [("state", "=", "confirmed"), ("repair_id", "=", False), ("date_start", "<", now)]
        )
        late = candidates.filtered(
            lambda a: a.date_start + timedelta(minutes=a.company_id.kia_no_show_minutes or 0) <= now
        )
        late._kia_record_no_show()
        return True

    def _kia_record_no_show(self):
        """Record the appointments as no-shows (the customer did not come) and ask their
        advisors to call the customers and book again."""
        if not self:
            return True
        late = self
        activity_type = self.env.ref("mail.mail_activity_data_call")
        for appointment in late:
            with appointment._kia_unlocked("state", "cancel_reason"):
                appointment.write(
                    {
                        "state": "no_show",
                        "cancel_reason": appointment.cancel_reason
                        or self.env._("The customer did not come (recorded automatically)."),
                    }
                )
        late.activity_unlink(["mail.mail_activity_data_call"])
        for appointment in late:
            appointment.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=fields.Date.context_today(appointment),
                summary=appointment._kia_lang_env()._("No-show: call the customer to book again"),
                user_id=(appointment.advisor_id or appointment.company_id.partner_id.user_id).id
                or self.env.user.id,
            )
        return True

    @api.model
    def _kia_portal_slots(self, company):
        """The start times (local hours as floats) of the dealer's appointment slots."""
        step = (company.kia_appointment_slot_minutes or 60) / 60.0
        slots = []
        hour = company.kia_workday_start
        while hour + step <= company.kia_workday_end + 1e-6:
            slots.append(hour)
            hour += step
        return slots

    @api.model
    def _kia_portal_places(self, company, day):
        """The places left in each of the dealer's slots (``_kia_portal_slots``) on ``day``."""
        tz = pytz.timezone(company.partner_id.tz or "Asia/Shanghai")
        step = timedelta(minutes=company.kia_appointment_slot_minutes or 60)
        places = []
        for hour in self._kia_portal_slots(company):
            local = datetime.combine(day, time()) + timedelta(hours=hour)
            start = tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
            places.append(self._kia_slot_capacity(company, start, start + step)["places_left"])
        return places

    @api.model
    def _kia_portal_advisor(self, company):
        """The advisor who takes a portal booking: a plain advisor of the dealer first."""
        advisors = self.env.ref("kia_base.group_advisor").users.filtered(
            lambda user: company in user.company_ids and not user.share
        )
        managers = self.env.ref("kia_base.group_service_manager").users
        return ((advisors - managers) or advisors).sorted("id")[:1]

    @api.model
    def _kia_portal_book(self, vehicle, date_start, service_type, concern):
        """A confirmed portal booking of ``vehicle``'s owner; refused (ValidationError, nothing
        written) when the slot is full or outside working hours."""
        company = vehicle.company_id
        appointment = self.with_company(company).create(
            {
                "company_id": company.id,
                "partner_id": vehicle.kia_owner_id.id,
                "vehicle_id": vehicle.id,
                "advisor_id": self._kia_portal_advisor(company).id,
                "date_start": date_start,
                "channel": "portal",
                "service_type": service_type,
                "concern": concern,
                "mileage": int(vehicle.odometer),
            }
        )
        appointment.action_confirm()
        return appointment


def _float_time(value):
    return f"{int(value):02d}:{round(value % 1 * 60):02d}"
