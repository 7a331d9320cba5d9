from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .kia_care_vat import kia_care_vat_line

COMPLAINT_CLASSES = [
    ("ordinary", "Ordinary"),
    ("major", "Major"),
    ("safety", "Safety"),
]
COMPLAINT_SOURCES = [
    ("follow_up", "Follow-up Call"),
    ("hotline", "Hotline"),
    ("walk_in", "Walk-in"),
    ("hq", "Head Office"),
    ("online", "Online / Mail"),
]
ESCALATION_LEVELS = [
    ("none", "On Time"),
    ("warned", "Deadline Near"),
    ("manager", "Escalated to Service Manager"),
    ("hq", "Escalated to Area Manager"),
]
# The Kia roles that take and handle complaints (all hold helpdesk rights).
COMPLAINT_HANDLERS = (
    "kia_base.group_customer_relations",
    "kia_base.group_advisor",
    "kia_base.group_service_manager",
    "kia_base.group_hq_officer",
)

SATISFACTION = [
    ("satisfied", "Satisfied"),
    ("neutral", "Neutral"),
    ("unsatisfied", "Unsatisfied"),
]


class HelpdeskTicket(models.Model):
    _name = "helpdesk.ticket"
    _inherit = ["helpdesk.ticket", "kia.safety.mixin", "kia.protected.mixin"]
    _check_company_auto = True
    _kia_safety_source = "complaint"

    kia_is_complaint = fields.Boolean(
        string="Complaint",
        # Kia staff take complaints; other helpdesk users, portal customers, the superuser (data
        # files, imports, the install onto a database with tickets) and mail to other teams than
        # a dealer's complaint team open plain tickets, which no Kia rule touches. A plain ticket
        # becomes a complaint only through action_kia_mark_complaint.
        default=lambda self: (
            not self.env.user._is_superuser() and self.env.user.has_group("kia_base.group_user")
        ),
        index=True,
        help="A customer complaint (客户投诉), with its deadlines and escalation.",
    )
    kia_complaint_class = fields.Selection(
        COMPLAINT_CLASSES,
        string="Complaint Class",
        default="ordinary",
        tracking=True,
        index=True,
    )
    kia_complaint_source = fields.Selection(
        COMPLAINT_SOURCES,
        string="Complaint Source",
        default="walk_in",
        tracking=True,
        index=True,
    )
    kia_received_date = fields.Datetime(
        string="Received On",
        default=fields.Datetime.now,
        tracking=True,
        help="When the customer made the complaint: the deadlines run from here.",
    )
    kia_vehicle_id = fields.Many2one(
        "fleet.vehicle", string="Vehicle", index=True, check_company=True, tracking=True
    )
    kia_repair_id = fields.Many2one(
        "repair.order",
        string="Repair Order",
        index=True,
        check_company=True,
        domain="[('vehicle_id', '=?', kia_vehicle_id)]",
    )
    kia_first_contact_user_id = fields.Many2one(
        "res.users",
        string="First-Contact Owner",
        default=lambda self: self.env.user,
        tracking=True,
        help="首问负责: the employee who took the complaint stays answerable until it is closed.",
    )
    kia_first_contact_date = fields.Datetime(string="Customer Contacted", tracking=True, copy=False)
    kia_first_contact_deadline = fields.Datetime(
        string="First Contact Due", compute="_compute_kia_deadlines", store=True
    )
    kia_resolution_deadline = fields.Datetime(
        string="Resolution Due", compute="_compute_kia_deadlines", store=True, index=True
    )
    kia_escalation_level = fields.Selection(
        ESCALATION_LEVELS,
        string="Escalation",
        default="none",
        tracking=True,
        copy=False,
        index=True,
    )
    kia_escalation_date = fields.Datetime(string="Escalated On", copy=False)
    kia_root_cause = fields.Text(string="Root Cause")
    kia_corrective_action = fields.Text(string="Corrective Action")
    kia_currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    kia_compensation_amount = fields.Monetary(
        string="Compensation", currency_field="kia_currency_id", tracking=True
    )
    kia_credit_note_id = fields.Many2one(
        "account.move", string="Credit Note", copy=False, readonly=True, check_company=True
    )
    kia_customer_confirmed = fields.Boolean(
        string="Customer Accepted Solution", tracking=True, copy=False
    )
    kia_customer_confirmed_date = fields.Datetime(string="Accepted On", copy=False)
    kia_satisfaction = fields.Selection(
        SATISFACTION, string="Satisfaction at Re-contact", tracking=True, copy=False
    )
    kia_recontact_date = fields.Datetime(string="Re-contacted On", copy=False)
    kia_hq_received = fields.Boolean(
        string="Received by Head Office",
        copy=False,
        help="The complaint reached head office and was routed to the dealer.",
    )
    kia_route_company_id = fields.Many2one(
        "res.company",
        string="Route to Dealer",
        copy=False,
        domain=[("kia_dealer_type", "in", ("dealer_4s", "service_station"))],
    )
    kia_days_to_close = fields.Float(
        string="Days to Close", compute="_compute_kia_days_to_close", store=True
    )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        automatic = self.env._("the complaint deadline check (automatic)")
        res.update(
            {
                "kia_is_complaint": self.env._(
                    "opening the ticket or the Mark as Complaint button (a complaint stays a "
                    "complaint)"
                ),
                "kia_first_contact_date": self.env._("the Customer Contacted button"),
                "kia_customer_confirmed": self.env._("the Customer Accepts Solution button"),
                "kia_customer_confirmed_date": self.env._("the Customer Accepts Solution button"),
                "kia_recontact_date": self.env._("the Satisfaction Recorded button"),
                "kia_escalation_level": automatic,
                "kia_escalation_date": automatic,
                "kia_hq_received": self.env._("head office's Route to Dealer button"),
                "kia_credit_note_id": self.env._("the Compensation Credit Note button"),
                "closed_date": self.env._("moving the complaint to a closing stage"),
            }
        )
        return res

    def _kia_locked_fields(self, fnames):
        """Only Kia complaints are guarded: the plain tickets of other helpdesk users and of
        portal customers meet no Kia rule, except turning one into a complaint."""
        locked = super()._kia_locked_fields(fnames)
        if locked and self and not any(self.mapped("kia_is_complaint")):
            return [fname for fname in locked if fname == "kia_is_complaint"]
        return locked

    @api.depends("kia_received_date", "kia_is_complaint", "kia_complaint_class", "company_id")
    def _compute_kia_deadlines(self):
        Deadline = self.env["kia.complaint.deadline"]
        rules = Deadline._kia_rules()
        # Complaints received at the same moment on one calendar share their deadline:
        # plan it once (a calendar planning costs a few ms, and imports hold thousands).
        planned = {}
        for ticket in self:
            if not ticket.kia_is_complaint or not ticket.kia_received_date:
                ticket.kia_first_contact_deadline = False
                ticket.kia_resolution_deadline = False
                continue
            rule = Deadline._for_ticket(ticket, rules)
            start = ticket.kia_received_date
            company = ticket.company_id or self.env.company
            legal_days = company.kia_complaint_legal_days
            days = min(rule.resolution_days, legal_days) if rule else legal_days
            ticket.kia_first_contact_deadline = (
                start + timedelta(hours=rule.first_contact_hours) if rule else False
            )
            key = (company.resource_calendar_id.id, start, days)
            if key not in planned:
                planned[key] = company._kia_add_working_days(start, days)
            ticket.kia_resolution_deadline = planned[key]

    @api.depends("closed_date", "kia_received_date")
    def _compute_kia_days_to_close(self):
        for ticket in self:
            if ticket.closed_date and ticket.kia_received_date:
                delta = ticket.closed_date - ticket.kia_received_date
                ticket.kia_days_to_close = round(delta.total_seconds() / 86400.0, 2)
            else:
                ticket.kia_days_to_close = 0.0

    @api.constrains("kia_compensation_amount")
    def _check_kia_compensation_amount(self):
        for ticket in self:
            if ticket.kia_compensation_amount < 0:
                raise ValidationError(self.env._("A compensation cannot be negative."))

    @api.constrains("kia_vehicle_id", "kia_repair_id")
    def _check_kia_repair_vehicle(self):
        for ticket in self:
            repair = ticket.kia_repair_id
            if (
                repair.vehicle_id
                and ticket.kia_vehicle_id
                and repair.vehicle_id != (ticket.kia_vehicle_id)
            ):
                raise ValidationError(
                    self.env._(
                        "Repair order %(repair)s is for another vehicle than %(vehicle)s.",
                        repair=repair.name,
                        vehicle=ticket.kia_vehicle_id.display_name,
                    )
                )

    @api.onchange("kia_vehicle_id")
    def _onchange_kia_vehicle_id(self):
        if self.kia_vehicle_id.kia_owner_id and not self.partner_id:
            self.partner_id = self.kia_vehicle_id.kia_owner_id

    @api.model
    def message_new(self, msg, custom_values=None):
        """Mail to a dealer's after-sales mailbox: an online complaint on the mail channel."""
        values = dict(custom_values or {})
        team_id = values.get("team_id")
        # Only the mailbox of a dealer's complaint team takes complaints; mail to other helpdesk
        # teams opens plain tickets as without the suite.
        if team_id and self.env["res.company"].sudo().search_count(
            [("kia_complaint_team_id", "=", team_id)], limit=1
        ):  # sudo: which company's complaint team it is, whatever the gateway's user reads
            channel = self.env.ref("helpdesk_mgmt.helpdesk_ticket_channel_email")
            values.setdefault("channel_id", channel.id)
            values.setdefault("kia_is_complaint", True)
            values.setdefault("kia_complaint_source", "online")
        return super().message_new(msg, custom_values=values)

    @api.model_create_multi
    def create(self, vals_list):
        default = self.default_get(["kia_is_complaint"]).get("kia_is_complaint")
        # Whether a new ticket is a complaint is chosen when it is opened.
        with self._kia_unlocked("kia_is_complaint"):
            if not any(vals.get("kia_is_complaint", default) for vals in vals_list):
                # plain tickets: no Kia field is guarded
                with self._kia_unlocked():
                    return super().create(vals_list)
            tickets = super().create(vals_list)
        tickets._kia_safety_notify()
        return tickets

    def write(self, vals):
        closing = bool(
            vals.get("stage_id")
            and self.env["helpdesk.ticket.stage"].browse(vals["stage_id"]).closed
        )
        if closing:
            self._kia_check_can_close(vals)
        if "kia_satisfaction" in vals and not self.env.su:
            recorded = self.filtered("kia_recontact_date")
            if recorded and not recorded._kia_same_value(
                "kia_satisfaction", vals["kia_satisfaction"]
            ):
                raise AccessError(
                    self.env._(
                        "The customer's satisfaction with complaint %(number)s was recorded at "
                        "the re-contact: it cannot be changed.",
                        number=recorded[0].number,
                    )
                )
        if "kia_compensation_amount" in vals and not self.env.su:
            paid = self.filtered("kia_credit_note_id")
            if paid and not paid._kia_same_value(
                "kia_compensation_amount", vals["kia_compensation_amount"]
            ):
                raise AccessError(
                    self.env._(
                        "The compensation of complaint %(number)s is paid by credit note: it "
                        "cannot be changed.",
                        number=paid[0].number,
                    )
                )
        if vals.get("kia_customer_confirmed") and "kia_customer_confirmed_date" not in vals:
            vals["kia_customer_confirmed_date"] = fields.Datetime.now()
        if closing:
            # helpdesk stamps the closing date of a ticket moved to a closing stage
            with self._kia_unlocked("closed_date"):
                res = super().write(vals)
            self._kia_schedule_recontact()
            return res
        res = super().write(vals)
        if vals.get("kia_complaint_class") == "safety" or vals.get("kia_is_complaint"):
            self._kia_safety_notify()
        return res

    def _kia_safety_flagged(self):
        return self.filtered(
            lambda ticket: ticket.kia_is_complaint and ticket.kia_complaint_class == "safety"
        )

    def _kia_safety_label(self):
        return self.env._("Complaint %(number)s", number=self.number)

    def action_kia_mark_complaint(self):
        """The deliberate step that turns plain tickets (opened before the suite was installed,
        by other helpdesk users, by portal customers or by mail) into Kia complaints."""
        self._kia_require_groups(*COMPLAINT_HANDLERS, action=self.env._("mark as complaint"))
        plain = self.filtered(lambda ticket: not ticket.kia_is_complaint)
        closed = plain.filtered("closed")
        if closed:
            raise UserError(
                self.env._(
                    "Ticket %(number)s is closed: it cannot become a complaint.",
                    number=closed[0].number,
                )
            )
        with self._kia_unlocked("kia_is_complaint"):
            plain.write({"kia_is_complaint": True})
        return True

    def _kia_complaints(self, action):
        """The Kia complaints among ``self``, after checking the caller may ``action`` them."""
        self._kia_require_groups(*COMPLAINT_HANDLERS, action=action)
        not_complaint = self.filtered(lambda ticket: not ticket.kia_is_complaint)
        if not_complaint:
            raise UserError(
                self.env._(
                    "Ticket %(number)s is not a Kia complaint.", number=not_complaint[0].number
                )
            )
        return self

    def action_kia_contact_customer(self):
        tickets = self._kia_complaints(self.env._("record the customer contact of"))
        with self._kia_unlocked("kia_first_contact_date"):
            tickets.filtered(lambda t: not t.kia_first_contact_date).write(
                {"kia_first_contact_date": fields.Datetime.now()}
            )
        return True

    def action_kia_customer_confirm(self):
        self._kia_complaints(self.env._("record the customer's acceptance of"))
        for ticket in self:
            if not (ticket.kia_root_cause and ticket.kia_corrective_action):
                raise UserError(
                    self.env._(
                        "Complaint %(number)s needs a root cause and a corrective action before "
                        "the customer can accept the solution.",
                        number=ticket.number,
                    )
                )
        with self._kia_unlocked("kia_customer_confirmed", "kia_customer_confirmed_date"):
            self.write(
                {
                    "kia_customer_confirmed": True,
                    "kia_customer_confirmed_date": fields.Datetime.now(),
                }
            )
        return True

    def action_kia_create_credit_note(self):
        """Compensation paid in money is a customer credit note of the dealer, made by its
        service manager."""
        self.ensure_one()
        self._kia_require_groups(
            "kia_base.group_service_manager", action=self.env._("pay a compensation for")
        )
        self._kia_complaints(self.env._("pay a compensation for"))
        if self.kia_credit_note_id:
            raise UserError(
                self.env._("Complaint %(number)s already has a credit note.", number=self.number)
            )
        if not self.partner_id or self.kia_compensation_amount <= 0:
            raise UserError(
                self.env._(
                    "Complaint %(number)s needs a customer and a compensation amount for a "
                    "credit note.",
                    number=self.number,
                )
            )
        product = self.env.ref("kia_customer_care.product_complaint_compensation")
        move = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "company_id": self.company_id.id,
                "partner_id": self.partner_id.id,
                "invoice_origin": self.number,
                "ref": self._kia_lang_env()._(
                    "Complaint %(number)s compensation", number=self.number
                ),
                "invoice_line_ids": [
                    fields.Command.create(
                        # The compensation agreed is what the customer gets, VAT included; it
                        # is booked as an expense (the product's expense account).
                        kia_care_vat_line(
                            self.company_id,
                            product,
                            self._kia_lang_env()._(
                                "Compensation for complaint %(number)s: %(title)s",
                                number=self.number,
                                title=self.name,
                            ),
                            self.kia_compensation_amount,
                            account=product.product_tmpl_id.with_company(
                                self.company_id
                            )._get_product_accounts()["expense"],
                        )
                    )
                ],
            }
        )
        with self._kia_unlocked("kia_credit_note_id"):
            self.kia_credit_note_id = move
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": move.id,
            "view_mode": "form",
        }

    def action_kia_route_to_dealer(self):
        """A complaint received at head office goes to the dealer who must handle it."""
        self._kia_require_groups(
            "kia_base.group_hq_officer", action=self.env._("route to a dealer")
        )
        self._kia_complaints(self.env._("route to a dealer"))
        for ticket in self:
            dealer = ticket.kia_route_company_id
            if not dealer:
                raise UserError(
                    self.env._(
                        "Choose the dealer complaint %(number)s is routed to.", number=ticket.number
                    )
                )
            if dealer not in self.env.user.company_ids:
                raise AccessError(
                    self.env._(
                        "You cannot route complaints to %(dealer)s.", dealer=dealer.display_name
                    )
                )
            # the dealer may not be among the companies active in the user's session
            ticket = ticket.with_context(
                allowed_company_ids=list({*self.env.companies.ids, dealer.id})
            )
            vals = {
                "company_id": dealer.id,
                "kia_hq_received": True,
                "kia_complaint_source": "hq",
                "kia_route_company_id": False,
                "team_id": dealer.kia_complaint_team_id.id,
                "user_id": False,
                "kia_first_contact_user_id": False,
            }
            if ticket.kia_vehicle_id.company_id and ticket.kia_vehicle_id.company_id != dealer:
                vals["kia_vehicle_id"] = False
            if ticket.kia_repair_id.company_id != dealer:
                vals["kia_repair_id"] = False
            with self._kia_unlocked("kia_hq_received"):
                ticket.write(vals)
            ticket.message_post(
                body=self._kia_lang_env()._(
                    "Routed by head office to %(dealer)s.", dealer=dealer.name
                )
            )
        return True

    def action_kia_record_recontact(self):
        self._kia_complaints(self.env._("record the re-contact of"))
        for ticket in self:
            if not ticket.kia_satisfaction:
                raise UserError(
                    self.env._(
                        "Record the customer's satisfaction for complaint %(number)s first.",
                        number=ticket.number,
                    )
                )
        with self._kia_unlocked("kia_recontact_date"):
            self.write({"kia_recontact_date": fields.Datetime.now()})
        self.activity_feedback(["kia_customer_care.mail_activity_type_complaint_recontact"])
        return True

    def _kia_check_can_close(self, vals):
        for ticket in self.filtered("kia_is_complaint"):
            confirmed = vals.get("kia_customer_confirmed", ticket.kia_customer_confirmed)
            if not confirmed:
                raise UserError(
                    self.env._(
                        "Complaint %(number)s cannot be closed before the customer accepts the "
                        "solution.",
                        number=ticket.number,
                    )
                )

    def _kia_schedule_recontact(self):
        for ticket in self.filtered(lambda t: t.kia_is_complaint and t.closed):
            days = ticket.company_id.kia_complaint_recontact_days
            ticket.activity_schedule(
                "kia_customer_care.mail_activity_type_complaint_recontact",
                date_deadline=fields.Date.context_today(ticket) + timedelta(days=days),
                user_id=(ticket.kia_first_contact_user_id or ticket.user_id or self.env.user).id,
            )

    @api.model
    def _cron_kia_complaint_deadlines(self):
        """Warn the owner before a complaint deadline, escalate to the dealer's service
        managers once it is breached, then to the region's area manager."""
        now = fields.Datetime.now()
        open_domain = [("kia_is_complaint", "=", True), ("closed", "=", False)]
        tickets = self.search(open_domain + [("kia_escalation_level", "!=", "hq")])
        if not tickets:
            return
        Deadline = self.env["kia.complaint.deadline"]
        rules = Deadline._kia_rules()
        managers_by_company = self._kia_service_managers(tickets.company_id)
        for ticket in tickets:
            deadline = ticket._kia_next_deadline()
            if not deadline:
                continue
            rule = Deadline._for_ticket(ticket, rules)
            warn_hours = rule.warning_hours if rule else 0
            level = ticket.kia_escalation_level
            hq_after = timedelta(hours=ticket.company_id.kia_complaint_hq_escalation_hours)
            if level == "manager" and now >= deadline + hq_after:
                ticket._kia_escalate_hq(deadline)
            elif level in ("none", "warned") and now > deadline:
                ticket._kia_escalate_manager(
                    deadline, managers_by_company.get(ticket.company_id.id, [])
                )
            elif level == "none" and now >= deadline - timedelta(hours=warn_hours):
                ticket._kia_warn(deadline)

    def _kia_next_deadline(self):
        self.ensure_one()
        if not self.kia_first_contact_date and self.kia_first_contact_deadline:
            return min(
                self.kia_first_contact_deadline,
                self.kia_resolution_deadline or (self.kia_first_contact_deadline),
            )
        return self.kia_resolution_deadline

    @api.model
    def _kia_service_managers(self, companies):
        group = self.env.ref("kia_base.group_service_manager")
        hq_group = self.env.ref("kia_base.group_hq_officer")
        result = {}
        # sudo: the cron (and any user) must find the dealer's managers to alert them.
        users = (
            self.env["res.users"]
            .sudo()
            .search([("groups_id", "in", group.ids), ("company_id", "in", companies.ids)])
        )
        for user in users:
            if hq_group not in user.groups_id:
                result.setdefault(user.company_id.id, []).append(user.id)
        return result

    def _kia_warn(self, deadline):
        self.ensure_one()
        owner = self.kia_first_contact_user_id or self.user_id
        self.activity_schedule(
            "kia_customer_care.mail_activity_type_complaint_warning",
            date_deadline=deadline.date(),
            summary=self._kia_lang_env()._("Complaint deadline near"),
            note=self._kia_lang_env()._(
                "Complaint %(number)s is due %(deadline)s.", number=self.number, deadline=deadline
            ),
            user_id=(owner or self.env.user).id,
        )
        with self._kia_unlocked("kia_escalation_level"):
            self.kia_escalation_level = "warned"

    def _kia_escalate_manager(self, deadline, manager_ids):
        self.ensure_one()
        for user_id in manager_ids:
            self.activity_schedule(
                "kia_customer_care.mail_activity_type_complaint_escalation",
                summary=self._kia_lang_env()._("Complaint deadline breached"),
                note=self._kia_lang_env()._(
                    "Complaint %(number)s was due %(deadline)s and is not handled.",
                    number=self.number,
                    deadline=deadline,
                ),
                user_id=user_id,
            )
        with self._kia_unlocked("kia_escalation_level", "kia_escalation_date"):
            self.write(
                {"kia_escalation_level": "manager", "kia_escalation_date": fields.Datetime.now()}
            )

    def _kia_escalate_hq(self, deadline):
        self.ensure_one()
        area_manager = self.company_id.kia_region_id.area_manager_id
        if area_manager:
            self.activity_schedule(
                "kia_customer_care.mail_activity_type_complaint_escalation",
                summary=self._kia_lang_env()._("Complaint escalated to head office"),
                note=self._kia_lang_env()._(
                    "Complaint %(number)s at %(dealer)s was due %(deadline)s and is still open.",
                    number=self.number,
                    dealer=self.company_id.name,
                    deadline=deadline,
                ),
                user_id=area_manager.id,
            )
        with self._kia_unlocked("kia_escalation_level", "kia_escalation_date"):
            self.write({"kia_escalation_level": "hq", "kia_escalation_date": fields.Datetime.now()})
