from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

RO_TYPES = [
    ("periodic", "Periodic Maintenance"),
    ("first_free", "First Free Maintenance"),
    ("general", "General Repair"),
    ("warranty", "Warranty"),
    ("body_paint", "Body & Paint"),
    ("campaign", "Campaign / Recall"),
    ("pdi", "PDI"),
    ("internal", "Internal"),
]
# The authorisation (res.company._kia_check_scope) each repair order type needs.
RO_TYPE_SCOPES = {
    "periodic": "mechanical",
    "first_free": "mechanical",
    "general": "mechanical",
    "warranty": "warranty",
    "campaign": "warranty",
    "body_paint": "body_paint",
    "pdi": "sales",
}
PAYMENT_TYPES = [
    ("customer", "Customer"),
    ("insurance", "Insurer"),
    ("warranty", "Warranty"),
    ("internal", "Internal"),
    ("goodwill", "Goodwill"),
]
# Payers invoiced through a sale order (the customer, the insurer); warranty is claimed from Kia;
# internal and goodwill work is the dealer's own cost, booked to an expense account.
SOLD_PAYERS = ("customer", "insurance")
COST_PAYERS = ("internal", "goodwill")
FUEL_LEVELS = [
    ("0", "Empty"),
    ("25", "1/4"),
    ("50", "1/2"),
    ("75", "3/4"),
    ("100", "Full"),
]
OLD_PARTS = [
    ("returned", "Taken by the Customer"),
    ("waived", "Left with the Dealer"),
    ("kept_warranty", "Retained for Warranty"),
    ("none", "No Old Parts"),
]
REPAIR_CLASSES = [
    ("major", "Major Repair / Overhaul"),
    ("assembly", "Assembly Repair"),
    ("minor", "Minor Repair / Maintenance"),
]
SATISFACTION = [
    ("5", "Very Satisfied"),
    ("4", "Satisfied"),
    ("3", "Neutral"),
    ("2", "Unsatisfied"),
    ("1", "Very Unsatisfied"),
]
UNSATISFIED = ("1", "2")
STATE_STAMPS = {
    "confirmed": "kia_confirm_date",
    "under_repair": "kia_start_date",
    "done": "kia_done_date",
    "cancel": "kia_cancel_date",
}
# What Odoo's own repair actions write: the state and the date stamp of each state.
STATE_FIELDS = ("state", *STATE_STAMPS.values())
# What a portal customer reads of their repair order over RPC (the portal pages read it in
# sudo after their access checks): no internal notes, costs, technicians or inspection data.
PORTAL_FIELDS = {
    "id",
    "display_name",
    "name",
    "state",
    "partner_id",
    "company_id",
    "vehicle_id",
    "user_id",
    "create_date",
    "write_date",
    "schedule_date",
    "priority",
    "repair_service_ids",
    "move_ids",
    "kia_ro_type",
    "kia_payment_type",
    "kia_customer_words",
    "kia_odometer_in",
    "kia_promised_date",
    "kia_estimate_amount",
    "kia_approved_date",
    "kia_qc_state",
    "kia_ready_date",
    "kia_delivery_date",
    "kia_old_parts",
    "kia_work_explanation",
    "kia_appointment_id",
    "access_url",
}


def kia_portal_field_access(records, allowed, check, operation, field_names):
    """``check_field_access_rights`` for a model whose portal customers read only the fields
    ``allowed`` (the portal pages read the rest they show in sudo, after their access checks);
    ``check`` is the model's inherited method."""
    # Internal users are the non-share ones; the user's groups are cached (the share flag would
    # read the user's row on every request).
    if records.env.su or records.env.user._has_group("base.group_user"):
        return check(operation, field_names)
    if not field_names:
        return [name for name in check(operation, field_names) if name in allowed]
    hidden = [name for name in field_names if name in records._fields and name not in allowed]
    if hidden:
        raise AccessError(
            records.env._(
                "These details of a repair order are not shown to customers: %(fields)s.",
                fields=", ".join(
                    records._fields[name]._description_string(records.env) for name in hidden
                ),
            )
        )
    return check(operation, field_names)


class RepairOrder(models.Model):
    _name = "repair.order"
    # portal.mixin: mails about an RO take its customer to the RO's portal page (/my/repairs)
    _inherit = ["repair.order", "portal.mixin", "kia.protected.mixin"]

    vehicle_id = fields.Many2one(
        "fleet.vehicle",
        index=True,
        tracking=True,
        check_company=True,
        help="The customer's vehicle this repair order is for.",
    )
    kia_ro_type = fields.Selection(
        RO_TYPES, string="RO Type", default="general", required=True, index=True, tracking=True
    )
    kia_payment_type = fields.Selection(
        PAYMENT_TYPES, string="Payment Type", default="customer", required=True, tracking=True
    )
    kia_appointment_id = fields.Many2one(
        "kia.appointment", string="Appointment", index=True, check_company=True, copy=False
    )
    kia_odometer_in = fields.Float(string="Odometer In (km)", tracking=True, copy=False)
    kia_odometer_id = fields.Many2one(
        "fleet.vehicle.odometer", string="Odometer Reading", readonly=True, copy=False
    )
    kia_fuel_level = fields.Selection(FUEL_LEVELS, string="Fuel Level", copy=False)
    kia_customer_words = fields.Text(
        string="Customer's Words", help="The customer's concern in their own words."
    )
    kia_valuables = fields.Char(string="Valuables in Car", copy=False)
    kia_spare_tyre = fields.Boolean(string="Spare Tyre Present", copy=False)
    kia_tools_present = fields.Boolean(string="Tools Present", copy=False)
    kia_warning_lights = fields.Char(string="Warning Lights On", copy=False)
    kia_promised_date = fields.Datetime(string="Promised Delivery", tracking=True, copy=False)
    kia_estimate_amount = fields.Float(
        string="Estimate", compute="_compute_kia_estimate_amount", store=True, tracking=True
    )
    kia_customer_signature = fields.Binary(
        string="Customer Signature",
        copy=False,
        help="The customer's signature on the repair order (委托书), given at the counter or on "
        "the customer portal; no work starts without it.",
    )
    kia_signed_by = fields.Char(string="Signed By", readonly=True, copy=False)
    # The name the signature pad writes as the customer's signature.
    kia_partner_name = fields.Char(related="partner_id.name", string="Customer Name")
    kia_approved_date = fields.Datetime(string="Customer Signed On", readonly=True, copy=False)
    kia_confirm_date = fields.Datetime(string="Confirmed On", readonly=True, copy=False)
    kia_start_date = fields.Datetime(string="Repair Started On", readonly=True, copy=False)
    kia_done_date = fields.Datetime(string="Repair Finished On", readonly=True, copy=False)
    kia_cancel_date = fields.Datetime(string="Cancelled On", readonly=True, copy=False)
    kia_cancel_reason = fields.Text(string="Cancellation Reason", readonly=True, copy=False)
    kia_check_ids = fields.One2many("kia.repair.check", "repair_id", string="Checks", copy=False)
    kia_walkaround_ids = fields.One2many(
        "kia.repair.check",
        "repair_id",
        string="Walk-Around Check",
        domain=[("kind", "=", "walkaround")],
        copy=False,
    )
    kia_qc_check_ids = fields.One2many(
        "kia.repair.check",
        "repair_id",
        string="Final Inspection Checklist",
        domain=[("kind", "=", "qc")],
        copy=False,
    )
    kia_job_ids = fields.One2many("kia.repair.job", "repair_id", string="Jobs", copy=False)
    kia_qc_state = fields.Selection(
        [("pending", "To Inspect"), ("passed", "Passed"), ("failed", "Failed")],
        string="Final Inspection",
        index=True,
        tracking=True,
        copy=False,
    )
    kia_qc_user_id = fields.Many2one(
        "res.users", string="QC Inspector", readonly=True, tracking=True, copy=False
    )
    kia_qc_date = fields.Datetime(string="Inspected On", readonly=True, copy=False)
    kia_qc_note = fields.Text(string="Inspection Remarks", copy=False)
    kia_rework_count = fields.Integer(string="Reworks", readonly=True, copy=False)
    kia_delivery_date = fields.Datetime(
        string="Delivered On", readonly=True, tracking=True, copy=False, index=True
    )
    kia_on_time = fields.Boolean(string="Delivered On Time", readonly=True, copy=False)
    kia_old_parts = fields.Selection(
        OLD_PARTS,
        string="Old Parts",
        copy=False,
        help="What happens to the old parts of every part line (a line can say otherwise); "
        "warranty parts are always retained for the warranty claim.",
    )
    kia_repair_class = fields.Selection(
        REPAIR_CLASSES,
        string="Repair Class",
        default="minor",
        required=True,
        tracking=True,
        help="Sets the repair quality guarantee period given at delivery.",
    )
    kia_guarantee_km = fields.Integer(
        string="Guarantee (km)", compute="_compute_kia_guarantee", compute_sudo=True
    )
    kia_guarantee_days = fields.Integer(
        string="Guarantee (days)", compute="_compute_kia_guarantee", compute_sudo=True
    )
    kia_guarantee_until_date = fields.Date(
        string="Guarantee Until", readonly=True, copy=False, index=True
    )
    kia_guarantee_until_km = fields.Integer(
        string="Guarantee Until (km)", readonly=True, copy=False
    )
    kia_certificate_number = fields.Char(
        string="Completion Certificate No.", readonly=True, copy=False, index=True
    )
    kia_guarantee_repair = fields.Boolean(
        string="Guarantee Repair",
        readonly=True,
        copy=False,
        help="A comeback within the repair quality guarantee of the original repair order: "
        "repaired free of charge to the customer.",
    )
    kia_guarantee_escalated = fields.Boolean(
        string="Escalated: Fault Persists",
        readonly=True,
        copy=False,
        tracking=True,
        help="The same fault came back after two repairs within the guarantee period: the "
        "service manager arranges another repairer at the dealer's cost.",
    )
    kia_work_explanation = fields.Text(string="Work Explained to Customer", copy=False)
    kia_followup_state = fields.Selection(
        [("pending", "To Call"), ("done", "Done"), ("unreachable", "Unreachable")],
        string="Follow-up",
        index=True,
        tracking=True,
        copy=False,
    )
    kia_followup_user_id = fields.Many2one(
        "res.users", string="Follow-up By", tracking=True, copy=False
    )
    kia_followup_date = fields.Datetime(string="Followed Up On", readonly=True, copy=False)
    kia_unreachable_count = fields.Integer(string="Unreachable Attempts", readonly=True, copy=False)
    kia_satisfaction = fields.Selection(
        SATISFACTION, string="Satisfaction", tracking=True, copy=False, index=True
    )
    kia_followup_note = fields.Text(string="Follow-up Remarks", copy=False)
    kia_comeback_of_id = fields.Many2one(
        "repair.order",
        string="Comeback Of",
        readonly=True,
        index=True,
        copy=False,
        help="An earlier repair order of the same vehicle and fault within the comeback window.",
    )
    kia_comeback_technician_ids = fields.Many2many(
        "res.users",
        compute="_compute_kia_comeback_technician_ids",
        string="Original Technicians",
    )
    kia_comeback_qc_user_id = fields.Many2one(
        related="kia_comeback_of_id.kia_qc_user_id", string="Original QC Inspector"
    )
    kia_declined_service_ids = fields.Many2many(
        "repair.service",
        compute="_compute_kia_declined_service_ids",
        string="Declined Earlier",
        help="Work this vehicle's customer declined at earlier visits and not done since.",
    )
    kia_survey_input_ids = fields.One2many(
        "survey.user_input",
        "kia_repair_id",
        string="Follow-up Questionnaires",
        copy=False,
        groups="kia_base.group_customer_relations,survey.group_survey_user",
    )
    kia_sale_order_ids = fields.One2many(
        "sale.order", "kia_repair_id", string="Sale Orders by Payer", copy=False
    )
    kia_sale_order_count = fields.Integer(
        string="Sale Orders", compute="_compute_kia_sale_order_count"
    )
    kia_ready_date = fields.Datetime(
        string="Ready Notice Sent On",
        readonly=True,
        copy=False,
        tracking=True,
        help="When the customer was told the car is ready for collection; the three guarantees "
        "repair time ends here.",
    )
    kia_ready_notice_due = fields.Boolean(
        string="Ready Notice Queued",
        readonly=True,
        copy=False,
        index=True,
        help="The ready notice waits for its cron, woken when the car is ready, to be posted "
        "and mailed to the customer.",
    )

    kia_followup_notice_due = fields.Boolean(
        string="Follow-up Notice Queued",
        readonly=True,
        copy=False,
        index=True,
        help='The follow-up caller\'s "assigned to you" notice waits for its cron, woken at '
        "delivery; the call activity itself is theirs from delivery on.",
    )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        states = self.env._("the Confirm, Start Repair, End Repair and Cancel buttons")
        qc = self.env._("the Final Inspection, Pass Inspection and Fail buttons")
        delivery = self.env._("the Deliver button")
        followup = self.env._("the Follow-up Done and Unreachable buttons")
        confirm = self.env._("confirming the repair order")
        signing = self.env._("the customer's signature (at the counter or on the portal)")
        res.update(dict.fromkeys(STATE_FIELDS, states))
        res.update(
            {
                "kia_approved_date": signing,
                "kia_customer_signature": signing,
                "kia_signed_by": signing,
                "kia_cancel_reason": self.env._("the Cancel Repair button"),
                "kia_qc_state": qc,
                "kia_qc_user_id": qc,
                "kia_qc_date": qc,
                "kia_rework_count": qc,
                "kia_ready_date": self.env._("the Tell Customer: Car Ready button"),
                "kia_ready_notice_due": self.env._("the Tell Customer: Car Ready button"),
                "kia_delivery_date": delivery,
                "kia_followup_notice_due": delivery,
                "kia_on_time": delivery,
                "kia_guarantee_until_date": delivery,
                "kia_guarantee_until_km": delivery,
                "kia_certificate_number": delivery,
                "kia_guarantee_repair": confirm,
                "kia_guarantee_escalated": confirm,
                "kia_followup_state": followup,
                "kia_followup_date": followup,
                "kia_unreachable_count": followup,
                "kia_odometer_id": confirm,
                "kia_comeback_of_id": confirm,
            }
        )
        return res

    def check_field_access_rights(self, operation, field_names):
        return kia_portal_field_access(
            self, PORTAL_FIELDS, super().check_field_access_rights, operation, field_names
        )

    def _compute_access_url(self):
        for repair in self:
            repair.access_url = f"/my/repairs/{repair.id}"

    @api.depends(
        "repair_service_ids.kia_amount",
        "move_ids.product_uom_qty",
        "move_ids.product_id",
        "move_ids.repair_line_type",
    )
    def _compute_kia_estimate_amount(self):
        for repair in self:
            parts = sum(
                move.product_id.lst_price * move.product_uom_qty
                for move in repair.move_ids
                if move.repair_line_type == "add"
            )
            labor = sum(
                repair.repair_service_ids.filtered(
                    lambda line: line.kia_approval_state != "declined"
                ).mapped("kia_amount")
            )
            repair.kia_estimate_amount = parts + labor

    @api.depends("kia_repair_class", "company_id")
    def _compute_kia_guarantee(self):
        for repair in self:
            km, days = repair.company_id._kia_guarantee_period(repair.kia_repair_class)
            repair.kia_guarantee_km = km
            repair.kia_guarantee_days = days

    @api.depends("kia_comeback_of_id.kia_job_ids.technician_id")
    def _compute_kia_comeback_technician_ids(self):
        for repair in self:
            repair.kia_comeback_technician_ids = repair.kia_comeback_of_id.kia_job_ids.technician_id

    def _compute_kia_declined_service_ids(self):
        vehicles = self.vehicle_id
        declined = self.env["repair.service"].search(
            [
                ("kia_vehicle_id", "in", vehicles.ids),
                ("kia_approval_state", "=", "declined"),
                ("kia_recovered_repair_id", "=", False),
            ]
        )
        for repair in self:
            repair.kia_declined_service_ids = declined.filtered(
                lambda line, r=repair: line.kia_vehicle_id == r.vehicle_id and line.repair_id != r
            )

    @api.depends("kia_sale_order_ids")
    def _compute_kia_sale_order_count(self):
        for repair in self:
            repair.kia_sale_order_count = len(repair.kia_sale_order_ids)

    @api.onchange("vehicle_id")
    def _onchange_vehicle_id(self):
        if self.vehicle_id.kia_owner_id:
            self.partner_id = self.vehicle_id.kia_owner_id

    @api.onchange("kia_payment_type")
    def _onchange_kia_payment_type(self):
        # The payment type is every line's default payer; lines already sold keep theirs.
        for line in self.repair_service_ids.filtered(lambda line: not line.kia_sale_line_id):
            line.kia_payer = self.kia_payment_type
        for move in self.move_ids.filtered(lambda m: not m.sale_line_id):
            move.kia_payer = self.kia_payment_type

    @api.constrains("kia_ro_type", "company_id")
    def _check_kia_ro_type_scope(self):
        """A service station runs no PDI (a 4S dealer's sales work); an outlet runs only the
        work head office authorised it for."""
        labels = dict(self._fields["kia_ro_type"]._description_selection(self.env))
        for repair in self:
            scope = RO_TYPE_SCOPES.get(repair.kia_ro_type)
            if scope:
                repair.company_id._kia_check_scope(
                    scope,
                    self.env._("%(type)s repair orders", type=labels[repair.kia_ro_type]),
                )

    @api.model_create_multi
    def create(self, vals_list):
        # The signature goes through signing, which stamps it (the form sends it with the rest).
        vals_list = [dict(vals) for vals in vals_list]
        signatures = [vals.pop("kia_customer_signature", False) for vals in vals_list]
        repairs = super().create(vals_list)
        repairs.filtered(lambda r: not r.kia_walkaround_ids)._kia_load_checklist("walkaround")
        for repair, signature in zip(repairs, signatures, strict=True):
            if signature:
                # A stamp given with it (data files, in sudo) is kept: signed then.
                repair._kia_sign(signature, signed_on=repair.kia_approved_date)
        return repairs

    def write(self, vals):
        stamp = STATE_STAMPS.get(vals.get("state"))
        if stamp and stamp not in vals:
            vals = dict(vals, **{stamp: fields.Datetime.now()})
        if "kia_customer_signature" in vals and not self._kia_is_unlocked("kia_customer_signature"):
            vals = dict(vals)
            signature = vals.pop("kia_customer_signature")
            result = super().write(vals) if vals else True
            if not self._kia_same_value("kia_customer_signature", signature):
                self._kia_sign(signature)
            return result
        return super().write(vals)

    def _kia_workshop_self(self, group, action):
        """The records to run an Odoo repair step on for a Kia workshop role without Odoo's
        repair rights: ``self`` for a caller with them (Odoo's own repair flow, an Inventory
        user), else, once the caller holds ``group`` and may read these repair orders, ``self``
        in sudo."""
        if self.env.su or self.env.user.has_group("stock.group_stock_user"):
            return self
        self._kia_require_groups(group, action=action)
        self.check_access("read")
        # sudo: technicians and QC inspectors read repair orders and hold no stock rights;
        # the repair's state and its parts move as the step of their role they just passed.
        return self.sudo()

    # Odoo's repair actions write the state: they keep working for whoever Odoo lets run them.

    def _action_repair_confirm(self):
        to_confirm = self.filtered(lambda repair: repair.state == "draft")
        with (
            self._kia_unlocked(
                *STATE_FIELDS,
                "kia_odometer_id",
                "kia_comeback_of_id",
                "kia_guarantee_repair",
                "kia_guarantee_escalated",
            ),
            self.env["repair.service"]._kia_unlocked("kia_recovered_repair_id"),
        ):
            to_confirm._kia_check_reception()
            to_confirm._kia_record_odometer()
            result = super()._action_repair_confirm()
            to_confirm.repair_service_ids._kia_create_jobs()
            to_confirm._kia_link_comeback()
            to_confirm._kia_recover_declined()
        return result

    def action_repair_start(self):
        repairs = self
        if not (self.env.su or self.env.user.has_group("stock.group_stock_user")):
            # A technician starts the repair order by starting its first job: never a repair
            # order not yet confirmed (starting one confirms it).
            if self.filtered(lambda repair: repair.state != "confirmed"):
                raise UserError(self.env._("Only a confirmed repair order can be started."))
            repairs = self._kia_workshop_self("kia_base.group_technician", self.env._("start"))
        with self._kia_unlocked(*STATE_FIELDS):
            return super(RepairOrder, repairs).action_repair_start()

    def action_repair_done(self):
        with self._kia_unlocked(*STATE_FIELDS):
            return super().action_repair_done()

    def action_repair_cancel(self):
        with self._kia_unlocked(*STATE_FIELDS):
            return super().action_repair_cancel()

    def action_repair_cancel_draft(self):
        with self._kia_unlocked(*STATE_FIELDS):
            return super().action_repair_cancel_draft()

    def action_kia_customer_approve(self):
        """The customer's approval is their signature: signing stamps it. Kept for clients
        that call it after signing; without a signature it is refused."""
        self._kia_require_groups("kia_base.group_advisor", action=self.env._("record approval of"))
        for repair in self:
            if not repair.kia_customer_signature:
                raise UserError(
                    self.env._(
                        "Repair order %(name)s needs the customer's signature on the estimate.",
                        name=repair.name,
                    )
                )
        unstamped = self.filtered(lambda r: not r.kia_approved_date)
        with self._kia_unlocked("kia_approved_date"):
            unstamped.write({"kia_approved_date": fields.Datetime.now()})
        return True

    def _kia_sign(self, signature, signed_by=None, signed_on=None):
        """The customer signs the repair order (委托书): at the counter, on the advisor's
        screen, or on the portal (in sudo, after the portal's access check). Signing stamps
        the customer's approval; a repair order is signed before it is confirmed, and the
        signature stays as given once it is."""
        self._kia_require_groups("kia_base.group_advisor", action=self.env._("sign"))
        for repair in self:
            if repair.state != "draft":
                raise UserError(
                    self.env._(
                        "Repair order %(name)s is confirmed: the customer's signature stays as "
                        "signed.",
                        name=repair.name,
                    )
                )
        values = {
            "kia_customer_signature": signature or False,
            "kia_approved_date": (signed_on or fields.Datetime.now()) if signature else False,
        }
        with self._kia_unlocked("kia_customer_signature", "kia_approved_date", "kia_signed_by"):
            for repair in self:
                name = (signed_by or "").strip() or repair.partner_id.name or ""
                repair.write(dict(values, kia_signed_by=name if signature else False))
        return True

    def _kia_check_reception(self):
        """Before work: the customer signed the repair order and every walk-around line is
        answered. Kia's rule, at Kia's dealers: Odoo's users outside Kia's roles (an Inventory
        user running Odoo's own repair flow) and companies outside the network never meet it."""
        if not (self.env.su or self.env.user.has_group("kia_base.group_user")):
            return
        dealer_types = ("dealer_4s", "service_station")
        for repair in self.filtered(lambda r: r.company_id.kia_dealer_type in dealer_types):
            if not repair.kia_approved_date:
                raise UserError(
                    self.env._(
                        "Repair order %(name)s is not signed: the customer signs the repair "
                        "order (委托书) at the counter or on the portal before any work starts.",
                        name=repair.name,
                    )
                )
            unanswered = repair.kia_walkaround_ids.filtered(lambda line: not line.result)
            if unanswered:
                raise UserError(
                    self.env._(
                        "The walk-around check of %(name)s is not filled in: answer %(lines)s.",
                        name=repair.name,
                        lines=", ".join(unanswered.mapped("name")),
                    )
                )

    def action_kia_start_qc(self):
        self._kia_require_groups(
            "kia_base.group_qc_inspector", action=self.env._("start the final inspection of")
        )
        if self.filtered(lambda r: r.state != "under_repair" or r.kia_qc_state == "pending"):
            raise UserError(
                self.env._("Only a repair order under repair and not yet inspected goes to QC.")
            )
        self.filtered(lambda r: not r.kia_qc_check_ids)._kia_load_checklist("qc")
        with self._kia_unlocked("kia_qc_state"):
            self.write({"kia_qc_state": "pending"})
        return True

    def action_kia_qc_pass(self):
        self._kia_check_qc_allowed()
        with self._kia_unlocked("kia_qc_state", "kia_qc_user_id", "kia_qc_date"):
            self.write(
                {
                    "kia_qc_state": "passed",
                    "kia_qc_user_id": self.env.user.id,
                    "kia_qc_date": fields.Datetime.now(),
                }
            )
        to_end = self.filtered(lambda r: r.state == "under_repair")
        if to_end:
            to_end._kia_workshop_self(
                "kia_base.group_qc_inspector", self.env._("end the repair of")
            ).action_repair_end()
        self.action_kia_notify_ready()
        return True

    def action_kia_qc_fail(self, reason=None):
        """Fail the final inspection: the finished jobs go back to their technicians for
        rework, for the reason the inspector gives (kept as the inspection remarks)."""
        self._kia_check_qc_allowed(failing=True)
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the work goes back for rework."))
        for repair in self:
            repair.kia_job_ids.filtered(lambda job: job.state == "done")._send_back(reason)
            with self._kia_unlocked(
                "kia_qc_state", "kia_qc_user_id", "kia_qc_date", "kia_rework_count"
            ):
                repair.write(
                    {
                        "kia_qc_state": "failed",
                        "kia_qc_user_id": self.env.user.id,
                        "kia_qc_date": fields.Datetime.now(),
                        "kia_qc_note": reason,
                        "kia_rework_count": repair.kia_rework_count + 1,
                    }
                )
            repair.message_post(
                body=repair._kia_lang_env()._(
                    "Final inspection failed, sent back for rework: %(reason)s", reason=reason
                )
            )
        return True

    def action_kia_cancel(self, reason=None):
        """Cancel the repair order for the reason given, which it keeps."""
        self._kia_require_groups("kia_base.group_advisor", action=self.env._("cancel"))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Say why the repair order is cancelled."))
        with self._kia_unlocked("kia_cancel_reason"):
            self.write({"kia_cancel_reason": reason})
        self.action_repair_cancel()
        for repair in self:
            repair.message_post(
                body=repair._kia_lang_env()._("Repair order cancelled: %(reason)s", reason=reason)
            )
        return True

    def action_repair_end(self):
        for repair in self:
            if repair.kia_job_ids.filtered(lambda job: job.state not in ("done", "cancel")):
                raise UserError(
                    self.env._(
                        "Repair order %(name)s still has open jobs or additional work waiting "
                        "for the customer.",
                        name=repair.name,
                    )
                )
        with self._kia_unlocked(*STATE_FIELDS):
            return super().action_repair_end()

    def action_kia_notify_ready(self):
        """Tell the customer the car is ready: stamp kia_ready_date and queue the notice to the
        customer (posted and mailed by its cron).
        Only after a passed final inspection; a repair order already notified keeps its
        first stamp. Sent by itself when the final inspection passes: the car is ready at that
        moment, and a notice no one has to remember keeps the three guarantees repair-time
        clock honest (not stretched by a late call, not stopped before the car is ready)."""
        self._kia_require_groups(
            "kia_base.group_advisor",
            "kia_base.group_qc_inspector",
            action=self.env._("send the ready notice of"),
        )
        not_passed = self.filtered(lambda r: r.kia_qc_state != "passed")
        if not_passed:
            raise UserError(
                self.env._(
                    "Repair order %(name)s has not passed its final inspection: the car is not "
                    "ready for the customer yet.",
                    name=not_passed[0].name,
                )
            )
        to_notify = self.filtered(lambda r: not r.kia_ready_date)
        if not to_notify:
            return True
        with self._kia_unlocked("kia_ready_date", "kia_ready_notice_due"):
            to_notify.write({"kia_ready_date": fields.Datetime.now(), "kia_ready_notice_due": True})
        # The notice itself (template, message, mail) is posted by its cron, woken now: the QC
        # pass does not wait for the rendering and the mail, the customer hears within a minute.
        self._kia_cron("kia_service.ir_cron_kia_ready_notice")._trigger()
        return True

    def _kia_cron(self, xmlid):
        """The cron of ``xmlid`` from ir.model.data's cached lookup, for waking it (env.ref
        would read the cron back on every request to check it still exists; deleting a record
        deletes its xmlid and clears that cache). Raises ValueError if it is missing."""
        cron_id = self.env["ir.model.data"]._xmlid_to_res_id(xmlid, raise_if_not_found=True)
        return self.env["ir.cron"].browse(cron_id)

    @api.model
    def _cron_kia_send_ready_notices(self, batch=200):
        """Post the queued ready notices: the template's message to the customer, from their
        service advisor, its mail through the mail queue. A batch at a time; the cron wakes
        itself again while some are left."""
        repairs = self.search([("kia_ready_notice_due", "=", True)], order="id", limit=batch)
        template = self.env.ref("kia_service.mail_template_repair_ready")
        for repair in repairs:
            author = repair.user_id.partner_id or repair.company_id.partner_id
            repair.message_post_with_source(
                template,
                subtype_xmlid="mail.mt_comment",
                partner_ids=repair.partner_id.ids,
                author_id=author.id,
            )
        with repairs._kia_unlocked("kia_ready_notice_due"):
            repairs.write({"kia_ready_notice_due": False})
        if len(repairs) == batch:
            self._kia_cron("kia_service.ir_cron_kia_ready_notice")._trigger()
        return True

    def action_kia_deliver(self):
        self._kia_require_groups("kia_base.group_advisor", action=self.env._("deliver"))
        now = fields.Datetime.now()
        for repair in self:
            if repair.kia_qc_state != "passed" or repair.state != "done":
                raise UserError(
                    self.env._(
                        "Repair order %(name)s cannot be delivered before it passes the final "
                        "inspection.",
                        name=repair.name,
                    )
                )
            if repair.kia_delivery_date:
                raise UserError(
                    self.env._("Repair order %(name)s was already delivered.", name=repair.name)
                )
            undecided = repair._kia_old_part_moves().filtered(lambda move: not move.kia_old_part)
            if undecided:
                raise UserError(
                    self.env._(
                        "Say what happens to the old parts of %(name)s before delivery (taken "
                        "by the customer, left with the dealer or retained for warranty): "
                        "%(parts)s.",
                        name=repair.name,
                        parts=", ".join(undecided.product_id.mapped("display_name")),
                    )
                )
        self._kia_invoice_on_delivery()
        today = fields.Date.context_today(self)
        for repair in self:
            km, days = repair.company_id._kia_guarantee_period(repair.kia_repair_class)
            certificates = repair.company_id._kia_certificate_sequence()
            values = {
                "kia_delivery_date": now,
                "kia_on_time": (not repair.kia_promised_date or now <= repair.kia_promised_date),
                "kia_followup_state": "pending",
                "kia_guarantee_until_date": fields.Date.add(today, days=days),
                "kia_guarantee_until_km": int(repair.kia_odometer_in) + km,
                "kia_certificate_number": certificates.next_by_id(),
            }
            if not repair.kia_old_parts and not repair._kia_old_part_moves():
                values["kia_old_parts"] = "none"
            with self._kia_unlocked(
                "kia_delivery_date",
                "kia_on_time",
                "kia_followup_state",
                "kia_guarantee_until_date",
                "kia_guarantee_until_km",
                "kia_certificate_number",
            ):
                repair.write(values)
        self._kia_schedule_followup()
        return True

    def action_kia_followup_survey(self):
        """Customer relations start the follow-up questionnaire of this repair order: one
        answer per repair order, for the customer, opened in the survey form."""
        self.ensure_one()
        self._kia_check_followup_caller()
        if self.kia_followup_state == "done":
            raise UserError(
                self.env._("The follow-up of %(name)s is already done.", name=self.name)
            )
        survey = self.company_id._kia_followup_survey()
        answer = self.kia_survey_input_ids.filtered(
            lambda a: a.survey_id == survey and a.state != "done"
        )[:1]
        if not answer:
            answer = survey._create_answer(
                partner=self.partner_id, check_attempts=False, kia_repair_id=self.id
            )
        return survey.action_start_survey(answer=answer)

    def action_kia_view_survey_answers(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Follow-up Questionnaires"),
            "res_model": "survey.user_input",
            "views": [[False, "list"], [False, "form"]],
            "domain": [("kia_repair_id", "=", self.id)],
        }

    def action_kia_followup_unreachable(self):
        """The customer could not be reached: the call is tried again the dealer's days later,
        up to its number of attempts; after the last one the follow-up is recorded as
        unreachable (manual: up to three attempts), never dropped."""
        self._kia_check_followup_caller()
        activity_type = self.env.ref("mail.mail_activity_data_call")
        for repair in self:
            if repair.kia_followup_state != "pending":
                raise UserError(
                    self.env._(
                        "The follow-up of %(name)s is not waiting for a call.", name=repair.name
                    )
                )
            company = repair.company_id
            attempts = repair.kia_unreachable_count + 1
            last = attempts >= max(company.kia_followup_attempts, 1)
            with self._kia_unlocked("kia_unreachable_count", "kia_followup_state"):
                repair.write(
                    {
                        "kia_unreachable_count": attempts,
                        "kia_followup_state": "unreachable" if last else "pending",
                    }
                )
            if last:
                repair.activity_feedback(
                    ["mail.mail_activity_data_call"],
                    feedback=repair._kia_lang_env()._(
                        "Not reached after %(attempts)s attempts: recorded as unreachable.",
                        attempts=attempts,
                    ),
                )
                continue
            repair.activity_unlink(["mail.mail_activity_data_call"])
            repair.activity_schedule(
                activity_type_id=activity_type.id,
                date_deadline=fields.Date.add(
                    fields.Date.context_today(repair), days=company.kia_followup_retry_days
                ),
                summary=repair._kia_lang_env()._(
                    "Follow-up call, attempt %(attempt)s of %(attempts)s",
                    attempt=attempts + 1,
                    attempts=company.kia_followup_attempts,
                ),
                user_id=(repair.kia_followup_user_id or self.env.user).id,
            )
        return True

    def action_kia_followup_done(self, satisfaction=None, note=None):
        self._kia_check_followup_caller()
        for repair in self:
            values = {"kia_followup_state": "done", "kia_followup_date": fields.Datetime.now()}
            if satisfaction:
                values["kia_satisfaction"] = satisfaction
            if note:
                values["kia_followup_note"] = note
            with self._kia_unlocked("kia_followup_state", "kia_followup_date"):
                repair.write(values)
            if not repair.kia_satisfaction:
                raise UserError(
                    self.env._("Record the customer's satisfaction for %(name)s.", name=repair.name)
                )
            repair.activity_feedback(
                ["mail.mail_activity_data_call"], feedback=repair.kia_followup_note or ""
            )
        unhappy = self.filtered(lambda r: r.kia_satisfaction in UNSATISFIED)
        if unhappy:
            unhappy._kia_followup_unsatisfied()
        return True

    def action_create_sale_order(self):
        """One sale order per payer that has lines: customer lines for the customer, insurer
        lines for the insurer; warranty lines are claimed from Kia, internal and goodwill work
        is booked to expense at delivery."""
        for repair in self:
            lines = repair._kia_lines_by_payer()
            if not any(lines["customer"] + lines["insurance"]):
                raise UserError(
                    self.env._(
                        "No line of %(name)s is paid by the customer or an insurer: warranty "
                        "work is claimed from Kia through the warranty claim, internal and "
                        "goodwill work is booked to expense at delivery; nothing is sold.",
                        name=repair.name,
                    )
                )
            if repair.kia_sale_order_ids.filtered(lambda o: o.state != "cancel"):
                raise UserError(
                    self.env._(
                        "Repair order %(name)s already has its sale orders.", name=repair.name
                    )
                )
        self._kia_check_insurer()
        with_customer = self.filtered(lambda r: any(r._kia_lines_by_payer()["customer"]))
        if with_customer:
            # Odoo makes the customer's order; the lines route themselves to their payer's.
            super(RepairOrder, with_customer).action_create_sale_order()
        for repair in self - with_customer:
            repair._kia_payer_order("insurance", create=True)
            repair.move_ids._create_repair_sale_order_line()
            repair.repair_service_ids._create_repair_sale_order_line()
        return self.action_kia_view_sale_orders()

    def action_kia_view_sale_orders(self):
        orders = self.kia_sale_order_ids
        action = {
            "type": "ir.actions.act_window",
            "name": self.env._("Sale Orders"),
            "res_model": "sale.order",
            "domain": [("id", "in", orders.ids)],
            "views": [[False, "list"], [False, "form"]],
        }
        if len(orders) == 1:
            action.update(res_id=orders.id, views=[[False, "form"]])
        return action

    def _kia_load_checklist(self, kind):
        if not (self.env.su or self.env.user.has_group("kia_base.group_user")):
            # An Inventory user outside Kia's roles runs Odoo's repair flow, without Kia's
            # checklists.
            return
        Template = self.env["kia.checklist.template"]
        Item = self.env["kia.checklist.template.item"]
        values = []
        for repair in self:
            template = Template._find(kind, repair.kia_ro_type, repair.company_id)
            # The items and the fields copied, in one query.
            items = (
                Item.search_fetch(
                    [("template_id", "=", template.id)],
                    ["sequence", "name", "area"],
                    order="sequence, id",
                )
                if template
                else Item
            )
            values += [
                {
                    "repair_id": repair.id,
                    "kind": kind,
                    "sequence": item.sequence,
                    "name": item.name,
                    "area": item.area,
                }
                for item in items
            ]
        self.env["kia.repair.check"].create(values)

    def _kia_record_odometer(self):
        """The odometer read at reception goes into the vehicle's history, which refuses a
        reading lower than an earlier one."""
        repairs = self.filtered(
            lambda r: r.vehicle_id and r.kia_odometer_in and not r.kia_odometer_id
        )
        readings = self.env["fleet.vehicle.odometer"].create(
            [
                {
                    "vehicle_id": repair.vehicle_id.id,
                    "value": repair.kia_odometer_in,
                    "date": fields.Date.context_today(repair),
                }
                for repair in repairs
            ]
        )
        for repair, reading in zip(repairs, readings, strict=True):
            repair.kia_odometer_id = reading

    def _kia_link_comeback(self):
        """Same vehicle and a same labor operation within the dealer's comeback window, or
        within the repair quality guarantee of the earlier repair order: then it is a
        guarantee repair, free to the customer; the same fault after two repairs within the
        guarantee is escalated to the service manager."""
        today = fields.Date.context_today(self)
        for repair in self.filtered(lambda r: r.vehicle_id and r.repair_service_ids):
            company = repair.company_id
            since = fields.Datetime.subtract(fields.Datetime.now(), days=company.kia_comeback_days)
            operations = repair.repair_service_ids.kia_labor_operation_id
            if not operations:
                continue
            odometer = repair.kia_odometer_in
            window = [("kia_delivery_date", ">=", since)]
            guarantee = [("kia_guarantee_until_date", ">=", today)]
            if odometer:
                window.append(("kia_odometer_in", ">=", odometer - company.kia_comeback_km))
                guarantee.append(("kia_guarantee_until_km", ">=", odometer))
            domain = [
                ("vehicle_id", "=", repair.vehicle_id.id),
                ("id", "!=", repair.id),
                ("kia_delivery_date", "!=", False),
                ("repair_service_ids.kia_labor_operation_id", "in", operations.ids),
                "|",
                *(["&"] * (len(window) - 1)),
                *window,
                *(["&"] * (len(guarantee) - 1)),
                *guarantee,
            ]
            original = self.search(domain, order="kia_delivery_date desc", limit=1)
            if not original:
                continue
            repair.kia_comeback_of_id = original
            repair.message_post(
                body=self._kia_lang_env()._(
                    "Comeback: the same fault was repaired on %(original)s.",
                    original=original.name,
                )
            )
            in_guarantee = original.kia_guarantee_until_date and (
                original.kia_guarantee_until_date >= today
                and (not odometer or original.kia_guarantee_until_km >= odometer)
            )
            if in_guarantee:
                repair._kia_guarantee_repair(original)

    def _kia_guarantee_repair(self, original):
        """A comeback within the original's repair quality guarantee: repaired free to the
        customer (the dealer bears it, as internal work). Repairs of the fault so far: the
        original and the guarantee repairs before it; after two, the fault is escalated."""
        self.ensure_one()
        repairs = 1
        earlier = original
        while earlier.kia_guarantee_repair and earlier.kia_comeback_of_id:
            repairs += 1
            earlier = earlier.kia_comeback_of_id
        values = {"kia_guarantee_repair": True, "kia_payment_type": "internal"}
        if repairs >= 2:
            values["kia_guarantee_escalated"] = True
        self.write(values)
        self.repair_service_ids.filtered(lambda line: line.kia_payer == "customer").write(
            {"kia_payer": "internal"}
        )
        self.move_ids.filtered(lambda move: move.kia_payer in (False, "customer")).write(
            {"kia_payer": "internal"}
        )
        self.message_post(
            body=self._kia_lang_env()._(
                "Guarantee repair: %(original)s is within its repair quality guarantee; this "
                "repair is free of charge to the customer.",
                original=original.name,
            )
        )
        if repairs >= 2:
            self._kia_escalate_guarantee(repairs)

    def _kia_escalate_guarantee(self, repairs):
        """The same fault after two repairs within the guarantee period: the regulation has
        the dealer arrange another repairer and bear the cost; the service manager decides."""
        group = self.env.ref("kia_base.group_service_manager")
        managers = group.users.filtered(
            lambda user: self.company_id in user.company_ids and not user.share
        ).sorted("id")
        summary = self.env._("Same fault repaired %(count)s times in guarantee", count=repairs)
        note = self.env._(
            "The same fault came back after %(count)s repairs within the repair quality "
            "guarantee: arrange another repairer for the customer at the dealer's cost.",
            count=repairs,
        )
        self.message_post(body=note)
        if managers:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=note,
                user_id=managers[0].id,
            )

    def _kia_settlement_summary(self):
        """The settlement sheet's fee classes (labour 工时费, parts 材料费) with each payer's
        share: ``[(class label, {payer: amount}, total)]`` and the totals per payer. The
        customer always shows; another payer when it has lines."""
        self.ensure_one()
        lines = self._kia_lines_by_payer()
        payers = [
            key
            for key, _label in self.env["repair.service"]._fields["kia_payer"].selection
            if key == "customer" or any(lines[key])
        ]
        labour = {payer: sum(lines[payer][0].mapped("kia_amount")) for payer in payers}
        parts = {
            payer: sum(move.product_id.lst_price * move.product_uom_qty for move in lines[payer][1])
            for payer in payers
        }
        rows = [
            (self.env._("Labour Charges"), labour, sum(labour.values())),
            (self.env._("Parts and Materials"), parts, sum(parts.values())),
        ]
        totals = {payer: labour[payer] + parts[payer] for payer in payers}
        return rows, totals

    def _kia_old_part_moves(self):
        """The part lines whose old parts the customer decides on at delivery."""
        self.ensure_one()
        return self.move_ids.filtered(
            lambda move: move.repair_line_type == "add" and move.state != "cancel"
        )

    def _kia_recover_declined(self):
        """Work declined at an earlier visit and now done is counted as recovered."""
        declined = self.env["repair.service"].search(
            [
                ("kia_vehicle_id", "in", self.vehicle_id.ids),
                ("kia_approval_state", "=", "declined"),
                ("kia_recovered_repair_id", "=", False),
                (
                    "kia_labor_operation_id",
                    "in",
                    self.repair_service_ids.kia_labor_operation_id.ids,
                ),
            ]
        )
        for repair in self:
            recovered = declined.filtered(
                lambda line, r=repair: (
                    line.kia_vehicle_id == r.vehicle_id
                    and line.repair_id != r
                    and line.kia_labor_operation_id in r.repair_service_ids.kia_labor_operation_id
                )
            )
            recovered.kia_recovered_repair_id = repair

    def _kia_check_qc_allowed(self, failing=False):
        if not self.env.user.has_group("kia_base.group_qc_inspector"):
            raise AccessError(self.env._("Only a QC inspector can do the final inspection."))
        for repair in self:
            jobs = repair.kia_job_ids.filtered(lambda job: job.state != "cancel")
            if repair.company_id.kia_qc_inspector_not_technician and jobs._kia_worked_by(
                self.env.user
            ):
                raise UserError(
                    self.env._(
                        "You worked on %(name)s: its final inspection must be done by another "
                        "QC inspector.",
                        name=repair.name,
                    )
                )
            if failing:
                continue
            if not jobs or any(job.state != "done" or not job.foreman_check_date for job in jobs):
                raise UserError(
                    self.env._(
                        "Repair order %(name)s cannot pass final inspection: every job must be "
                        "finished, self-checked and checked by the foreman.",
                        name=repair.name,
                    )
                )
            unanswered = repair.kia_qc_check_ids.filtered(lambda line: not line.result)
            if unanswered:
                raise UserError(
                    self.env._(
                        "The final inspection checklist of %(name)s is not filled in: answer "
                        "%(lines)s.",
                        name=repair.name,
                        lines=", ".join(unanswered.mapped("name")),
                    )
                )
            if repair.kia_qc_check_ids.filtered(lambda line: line.result == "fail"):
                raise UserError(
                    self.env._(
                        "Repair order %(name)s has failed checklist items: fail the inspection "
                        "instead.",
                        name=repair.name,
                    )
                )

    def _kia_followup_user(self):
        """Customer relations staff of the dealer, never the advisor who handled the car."""
        self.ensure_one()
        xmlid_to_res_id = self.env["ir.model.data"]._xmlid_to_res_id
        Users = self.env["res.users"]
        domain = [
            ("groups_id", "in", xmlid_to_res_id("kia_base.group_customer_relations")),
            ("company_ids", "in", self.company_id.ids),
            ("share", "=", False),
            ("id", "!=", self.user_id.id),
        ]
        # The service manager holds the role too, but callers come first.
        manager_group = xmlid_to_res_id("kia_base.group_service_manager")
        return Users.search(
            [*domain, ("groups_id", "not in", [manager_group])], order="id", limit=1
        ) or Users.search(domain, order="id", limit=1)

    def _kia_schedule_followup(self):
        """The follow-up call activity for the dealer's caller, theirs at once (and the caller
        follows the repair order); Odoo's "assigned to you" notice of it (rendered message and
        mail) is posted by its cron, woken now: the advisor hands the car over without
        waiting for it, the caller hears within a minute."""
        # The cached xmlid lookup, not env.ref: no query to read the activity type back.
        activity_type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "mail.mail_activity_data_call", raise_if_not_found=True
        )
        quick = self.with_context(mail_activity_quick_update=True)
        scheduled = self.browse()
        for repair in quick:
            user = repair._kia_followup_user()
            if not user:
                continue
            repair.kia_followup_user_id = user
            repair.activity_schedule(
                activity_type_id=activity_type_id,
                date_deadline=fields.Date.add(
                    fields.Date.context_today(repair), days=repair.company_id.kia_followup_days
                ),
                summary=repair._kia_lang_env()._("Follow-up call"),
                user_id=user.id,
            )
            if user != self.env.user:
                scheduled |= repair
        if scheduled:
            with self._kia_unlocked("kia_followup_notice_due"):
                scheduled.write({"kia_followup_notice_due": True})
            self._kia_cron("kia_service.ir_cron_kia_followup_notice")._trigger()

    @api.model
    def _cron_kia_send_followup_notices(self, batch=200):
        """Notify the callers of their queued follow-up call activities (Odoo's "assigned to
        you" message, in the caller's language, its mail through the mail queue), from the
        advisor who delivered the car. A batch at a time; the cron wakes itself again while
        some are left."""
        repairs = self.search([("kia_followup_notice_due", "=", True)], order="id", limit=batch)
        call_type = self.env.ref("mail.mail_activity_data_call")
        activities = self.env["mail.activity"].search(
            [
                ("res_model", "=", "repair.order"),
                ("res_id", "in", repairs.ids),
                ("activity_type_id", "=", call_type.id),
            ]
        )
        for repair in repairs:
            activity = activities.filtered(
                lambda a, r=repair: a.res_id == r.id and a.user_id == r.kia_followup_user_id
            )[:1]
            if not activity:
                # Done or cancelled before the cron ran: nothing to announce.
                continue
            # sudo: the cron posts Odoo's notice as the advisor who delivered the car (its
            # author, as when posted at delivery); the message only goes to the caller.
            activity.with_user(activity.create_uid).sudo().with_context(
                mail_notify_force_send=False
            ).action_notify()
        with repairs._kia_unlocked("kia_followup_notice_due"):
            repairs.write({"kia_followup_notice_due": False})
        if len(repairs) == batch:
            self._kia_cron("kia_service.ir_cron_kia_followup_notice")._trigger()
        return True

    def _kia_check_followup_caller(self):
        self._kia_require_groups(
            "kia_base.group_customer_relations", action=self.env._("record the follow-up of")
        )
        for repair in self:
            if repair.user_id == self.env.user:
                raise UserError(
                    self.env._(
                        "The advisor who handled %(name)s cannot do its follow-up call.",
                        name=repair.name,
                    )
                )
            if not repair.kia_delivery_date:
                raise UserError(
                    self.env._("Repair order %(name)s is not delivered yet.", name=repair.name)
                )

    def _kia_followup_unsatisfied(self):
        """Customers unsatisfied at the follow-up call: customer care opens their complaints."""
        return True

    def _kia_apply_followup_answer(self, answer):
        """A completed questionnaire closes the follow-up with the satisfaction it gives; an
        unsatisfied one opens the complaint, as the manual follow-up does."""
        self.ensure_one()
        if self.kia_followup_state == "done":
            return
        comments = answer.user_input_line_ids.filtered(
            lambda line: line.answer_type in ("text_box", "char_box") and not line.skipped
        )
        note = "\n".join(
            line.value_text_box or line.value_char_box or "" for line in comments
        ).strip()
        satisfaction = answer._kia_satisfaction()
        if not satisfaction:
            self.message_post(
                body=self._kia_lang_env()._(
                    "Follow-up questionnaire answered: record the customer's satisfaction."
                )
            )
            return
        self.action_kia_followup_done(satisfaction=satisfaction, note=note or None)

    def _kia_lines_by_payer(self):
        """Labor lines (repair.service) and parts (stock moves) of this repair order per payer:
        ``{"customer": (services, moves), "warranty": (...), "internal": (...)}``. Declined
        work and cancelled parts are left out. kia_warranty claims the ``warranty`` lines."""
        self.ensure_one()
        services = self.repair_service_ids.filtered(
            lambda line: line.kia_approval_state != "declined"
        )
        moves = self.move_ids.filtered(
            lambda m: m.repair_line_type == "add" and m.state != "cancel"
        )
        return {
            payer: (
                services.filtered(lambda line, p=payer: line.kia_payer == p),
                moves.filtered(lambda m, p=payer: (m.kia_payer or "customer") == p),
            )
            for payer, _label in self.env["repair.service"]._fields["kia_payer"].selection
        }

    def _kia_payer_order(self, payer, create=False):
        """The sale order of ``payer`` for this repair order, made on demand once the repair
        order has its sale orders (or when ``create``); none for warranty, which is claimed
        from Kia, nor for internal and goodwill work, booked to expense."""
        self.ensure_one()
        if payer not in SOLD_PAYERS or not (self.kia_sale_order_ids or create):
            return self.env["sale.order"]
        order = self.kia_sale_order_ids.filtered(
            lambda o: o.kia_payer == payer and o.state != "cancel"
        )[:1]
        if order:
            return order
        partner = self.partner_id if payer == "customer" else self.kia_insurer_id
        if not partner:
            raise UserError(
                self.env._(
                    "Repair order %(name)s has lines paid by an insurer: give the insurer first.",
                    name=self.name,
                )
            )
        values = {
            "company_id": self.company_id.id,
            "partner_id": partner.id,
            "warehouse_id": self.picking_type_id.warehouse_id.id,
            "kia_repair_id": self.id,
            "kia_payer": payer,
            "origin": self.name,
        }
        if payer == "customer":
            values["repair_order_ids"] = [fields.Command.link(self.id)]
        return self.env["sale.order"].create(values)
