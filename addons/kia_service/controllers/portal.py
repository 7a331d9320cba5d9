from datetime import datetime, time, timedelta

import pytz

from odoo import fields, http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.repair_order import RO_TYPES

# Visits a customer can book online; PDI and internal orders are the dealer's own.
PORTAL_SERVICE_TYPES = ("periodic", "first_free", "general", "warranty", "body_paint", "campaign")
OPEN_REPAIR_DOMAIN = [("state", "!=", "cancel"), ("kia_delivery_date", "=", False)]


class KiaCustomerPortal(CustomerPortal):
    """The Kia customer portal 客户门户: own vehicles and their service history, open repair
    orders with additional work to approve, and online appointments."""

    def _kia_vehicle_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [("kia_owner_id", "child_of", partner.id)]

    def _kia_repair_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "child_of", partner.id)]

    def _kia_appointment_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [("partner_id", "child_of", partner.id)]

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        env = request.env
        if "kia_vehicle_count" in counters:
            Vehicle = env["fleet.vehicle"]
            values["kia_vehicle_count"] = (
                Vehicle.search_count(self._kia_vehicle_domain())
                if Vehicle.has_access("read")
                else 0
            )
        if "kia_repair_count" in counters:
            Repair = env["repair.order"]
            values["kia_repair_count"] = (
                Repair.search_count(self._kia_repair_domain() + OPEN_REPAIR_DOMAIN)
                if Repair.has_access("read")
                else 0
            )
        if "kia_approval_count" in counters:
            Service = env["repair.service"]
            values["kia_approval_count"] = (
                Service.search_count(
                    [
                        ("repair_id.partner_id", "child_of", env.user.commercial_partner_id.id),
                        ("kia_approval_state", "=", "pending"),
                    ]
                )
                if Service.has_access("read")
                else 0
            )
        if "kia_appointment_count" in counters:
            Appointment = env["kia.appointment"]
            values["kia_appointment_count"] = (
                Appointment.search_count(
                    self._kia_appointment_domain()
                    + [("state", "in", ("draft", "confirmed", "arrived"))]
                )
                if Appointment.has_access("read")
                else 0
            )
        return values

    # The customer's pages only read: Odoo serves them on a read-only cursor, which a
    # PostgreSQL replica can serve (db_replica_host).
    @http.route(
        ["/my/vehicles", "/my/vehicles/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_kia_vehicles(self, page=1, **kw):
        Vehicle = request.env["fleet.vehicle"]
        domain = self._kia_vehicle_domain()
        pager = portal_pager(
            url="/my/vehicles",
            total=Vehicle.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        vehicles = Vehicle.search(
            domain, order="id desc", limit=self._items_per_page, offset=pager["offset"]
        )
        request.session["my_kia_vehicles_history"] = vehicles.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: the customer may read these vehicles (searched under the portal
                # rules above); their model and brand are shown without fleet rights.
                "vehicles": vehicles.sudo(),
                "page_name": "kia_vehicle",
                "pager": pager,
                "default_url": "/my/vehicles",
            }
        )
        return request.render("kia_service.portal_my_kia_vehicles", values)

    @http.route(
        ["/my/vehicles/<int:vehicle_id>"], type="http", auth="user", website=True, readonly=True
    )
    def portal_my_kia_vehicle(self, vehicle_id, **kw):
        try:
            vehicle_sudo = self._document_check_access("fleet.vehicle", vehicle_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        # Only the repair orders the customer may read: a second-hand car's earlier owner's
        # visits stay theirs.
        repairs = request.env["repair.order"].search(
            self._kia_repair_domain() + [("vehicle_id", "=", vehicle_id)],
            order="create_date desc, id desc",
        )
        # sudo: after the access checks above; shows the work, parts and decline reasons of
        # the customer's own repair orders.
        repairs_sudo = repairs.sudo()
        declined = vehicle_sudo.kia_declined_service_ids.filtered(
            lambda line: line.repair_id in repairs_sudo and not line.kia_recovered_repair_id
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "vehicle": vehicle_sudo,
                "repairs": repairs_sudo,
                "declined": declined,
                "page_name": "kia_vehicle",
            }
        )
        values = self._get_page_view_values(
            vehicle_sudo, None, values, "my_kia_vehicles_history", False
        )
        return request.render("kia_service.portal_my_kia_vehicle", values)

    def _kia_repair_filters(self):
        return {
            "open": {"label": request.env._("In Progress"), "domain": OPEN_REPAIR_DOMAIN},
            "all": {"label": request.env._("All"), "domain": []},
        }

    @http.route(
        ["/my/repairs", "/my/repairs/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_kia_repairs(self, page=1, filterby=None, **kw):
        Repair = request.env["repair.order"]
        filters = self._kia_repair_filters()
        if filterby not in filters:
            filterby = "open"
        domain = self._kia_repair_domain() + filters[filterby]["domain"]
        pager = portal_pager(
            url="/my/repairs",
            url_args={"filterby": filterby},
            total=Repair.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        repairs = Repair.search(
            domain,
            order="create_date desc, id desc",
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_kia_repairs_history"] = repairs.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: searched under the portal rules; the vehicle is shown too.
                "repairs": repairs.sudo(),
                "page_name": "kia_repair",
                "pager": pager,
                "default_url": "/my/repairs",
                "searchbar_filters": filters,
                "filterby": filterby,
            }
        )
        return request.render("kia_service.portal_my_kia_repairs", values)

    def _kia_repair_page(self, repair_sudo, error=None, message=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "repair": repair_sudo,
                "page_name": "kia_repair",
                "error": error,
                "message": message,
                "work_lines": repair_sudo.repair_service_ids,
                "part_moves": repair_sudo.move_ids.filtered(
                    lambda move: move.repair_line_type == "add"
                ),
            }
        )
        values = self._get_page_view_values(
            repair_sudo, None, values, "my_kia_repairs_history", False
        )
        return request.render("kia_service.portal_my_kia_repair", values)

    @http.route(
        ["/my/repairs/<int:repair_id>"], type="http", auth="user", website=True, readonly=True
    )
    def portal_my_kia_repair(self, repair_id, message=None, **kw):
        try:
            repair_sudo = self._document_check_access("repair.order", repair_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        return self._kia_repair_page(repair_sudo, message=message)

    @http.route(["/my/repairs/<int:repair_id>/accept"], type="json", auth="user", website=True)
    def portal_kia_repair_accept(self, repair_id, name=None, signature=None, **kw):
        """The customer signs and accepts the repair order (委托书) on the portal, as sale's
        quotations are signed: the signature and its stamp are kept on the repair order."""
        try:
            repair_sudo = self._document_check_access("repair.order", repair_id)
        except (AccessError, MissingError):
            return {"error": request.env._("Invalid repair order.")}
        if repair_sudo.state != "draft" or repair_sudo.kia_approved_date:
            return {"error": request.env._("This repair order is not waiting for your signature.")}
        if not signature:
            return {"error": request.env._("Signature is missing.")}
        try:
            with request.env.cr.savepoint():
                # sudo: portal customers do not write repair orders; signing checks the state
                # and stamps the approval, recorded with the name the customer gives.
                repair = repair_sudo.with_user(request.env.user).sudo()
                repair._kia_sign(signature, signed_by=name)
                repair.message_post(
                    body=request.env._(
                        "Repair order signed by the customer on the portal (%(name)s).",
                        name=repair.kia_signed_by,
                    ),
                    author_id=request.env.user.partner_id.id,
                )
        except (UserError, ValueError, TypeError) as error:
            return {"error": str(error.args[0]) if error.args else str(error)}
        return {
            "force_refresh": True,
            "redirect_url": f"/my/repairs/{repair_id}?message=signed",
        }

    def _kia_pending_line(self, repair_id, line_id):
        """The customer's repair order (after the access check) and one of its work lines."""
        repair_sudo = self._document_check_access("repair.order", repair_id)
        if line_id not in repair_sudo.repair_service_ids.ids:
            raise MissingError(request.env._("This work line does not exist."))
        # sudo() on the customer's own environment (not the superuser's record from the
        # access check): env.user stays the customer, who is recorded as deciding.
        line_sudo = request.env["repair.service"].browse(line_id).sudo()
        return repair_sudo, line_sudo

    @http.route(
        ["/my/repairs/<int:repair_id>/work/<int:line_id>/approve"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_kia_work_approve(self, repair_id, line_id, **kw):
        try:
            repair_sudo, line_sudo = self._kia_pending_line(repair_id, line_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            # sudo: portal customers do not write repair lines; the approval and its chatter
            # message are recorded as the customer's (see _kia_pending_line).
            line_sudo.action_kia_approve()
        except UserError as error:
            return self._kia_repair_page(repair_sudo, error=error.args[0])
        return request.redirect(f"/my/repairs/{repair_id}?message=approved")

    @http.route(
        ["/my/repairs/<int:repair_id>/work/<int:line_id>/decline"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_kia_work_decline(self, repair_id, line_id, reason=None, **kw):
        try:
            repair_sudo, line_sudo = self._kia_pending_line(repair_id, line_id)
        except (AccessError, MissingError):
            return request.redirect("/my")
        reason = (reason or "").strip()
        if not reason:
            return self._kia_repair_page(
                repair_sudo,
                error=request.env._("Please tell us why you decline this work."),
            )
        try:
            # sudo: as for the approval, recorded as the customer's own decision.
            with request.env.cr.savepoint():
                line_sudo.action_kia_decline(reason=reason)
        except UserError as error:
            return self._kia_repair_page(repair_sudo, error=error.args[0])
        return request.redirect(f"/my/repairs/{repair_id}?message=declined")

    @http.route(
        ["/my/appointments", "/my/appointments/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_kia_appointments(self, page=1, message=None, **kw):
        Appointment = request.env["kia.appointment"]
        domain = self._kia_appointment_domain()
        pager = portal_pager(
            url="/my/appointments",
            total=Appointment.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        appointments = Appointment.search(
            domain, limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: searched under the portal rules; vehicle and company are shown too.
                "appointments": appointments.sudo(),
                "page_name": "kia_appointment",
                "pager": pager,
                "default_url": "/my/appointments",
                "message": message,
            }
        )
        return request.render("kia_service.portal_my_kia_appointments", values)

    def _kia_booking_values(self, form=None, error=None):
        vehicles = request.env["fleet.vehicle"].search(self._kia_vehicle_domain())
        company = vehicles[:1].company_id or request.env.company
        Appointment = request.env["kia.appointment"]
        slots = [
            (f"{int(hour):02d}:{round(hour % 1 * 60):02d}")
            for hour in Appointment._kia_portal_slots(company)
        ]
        # The places left in each slot of the day chosen (the form's, else today).
        try:
            day = fields.Date.to_date((form or {}).get("date")) or fields.Date.context_today(
                Appointment
            )
        except ValueError:
            day = fields.Date.context_today(Appointment)
        # sudo: the dealer's workshop capacity, which the customer does not read otherwise.
        places = Appointment.sudo()._kia_portal_places(company.sudo(), day)
        slot_labels = {
            slot: request.env._("%(time)s (%(places)s places left)", time=slot, places=left)
            for slot, left in zip(slots, places, strict=True)
        }
        service_types = [item for item in RO_TYPES if item[0] in PORTAL_SERVICE_TYPES]
        labels = dict(Appointment._fields["service_type"]._description_selection(request.env))
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # sudo: the customer's own vehicles (searched under the portal rules).
                "vehicles": vehicles.sudo(),
                "slots": slots,
                "slot_labels": slot_labels,
                "slot_day": fields.Date.to_string(day),
                "service_types": [(key, labels[key]) for key, _label in service_types],
                "min_date": fields.Date.to_string(fields.Date.context_today(Appointment)),
                "form": form or {},
                "error": error,
                "page_name": "kia_appointment_new",
            }
        )
        return values

    @http.route(["/my/appointments/new"], type="http", auth="user", methods=["GET"], website=True)
    def portal_kia_appointment_new(self, **kw):
        form = {"date": kw["date"]} if kw.get("date") else None
        return request.render(
            "kia_service.portal_kia_appointment_new", self._kia_booking_values(form=form)
        )

    def _kia_parse_booking(self, form):
        """Checks the booking form; returns (vehicle, UTC start) or raises UserError."""
        env = request.env
        try:
            vehicle_id = int(form.get("vehicle_id") or 0)
        except ValueError:
            vehicle_id = 0
        vehicle = env["fleet.vehicle"].search(
            self._kia_vehicle_domain() + [("id", "=", vehicle_id)]
        )
        if not vehicle:
            raise UserError(env._("Choose one of your vehicles."))
        if form.get("service_type") not in PORTAL_SERVICE_TYPES:
            raise UserError(env._("Choose the kind of service you need."))
        try:
            day = fields.Date.to_date(form.get("date"))
            hour, minute = (int(part) for part in (form.get("slot") or "").split(":"))
            local = datetime.combine(day, time(hour, minute))
        except (TypeError, ValueError):
            raise UserError(env._("Choose the day and the time of your visit.")) from None
        # sudo: the vehicle's dealer and its time zone, to read the local slot time.
        company = vehicle.sudo().company_id
        tz = pytz.timezone(company.partner_id.tz or "Asia/Shanghai")
        start = tz.localize(local).astimezone(pytz.utc).replace(tzinfo=None)
        if start <= fields.Datetime.now() + timedelta(minutes=1):
            raise UserError(env._("Choose a time in the future."))
        return vehicle, start

    @http.route(["/my/appointments/new"], type="http", auth="user", methods=["POST"], website=True)
    def portal_kia_appointment_book(self, **form):
        env = request.env
        try:
            vehicle, start = self._kia_parse_booking(form)
            with env.cr.savepoint():
                # sudo: portal customers do not create appointments themselves; the vehicle
                # was checked to be theirs, and the capacity rule refuses a full slot.
                env["kia.appointment"].sudo()._kia_portal_book(
                    vehicle.sudo(),
                    start,
                    form["service_type"],
                    (form.get("concern") or "").strip(),
                )
        except (UserError, ValidationError) as error:
            return request.render(
                "kia_service.portal_kia_appointment_new",
                self._kia_booking_values(form=form, error=error.args[0]),
            )
        return request.redirect("/my/appointments?message=booked")
