from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

CERTIFICATE_CODE = "kia.completion.certificate"


class ResCompany(models.Model):
    _inherit = "res.company"

    kia_labor_hourly_rate = fields.Monetary(
        string="Labor Hourly Rate",
        currency_field="currency_id",
        default=200.0,
        help="Price of one flat-rate labor hour charged to the customer.",
    )
    kia_labor_product_id = fields.Many2one(
        "product.product",
        string="Labor Product",
        domain=[("type", "=", "service")],
        help="Service product used for labor lines on repair orders and sale orders.",
    )
    kia_certificate_sequence_id = fields.Many2one(
        "ir.sequence",
        string="Completion Certificate Numbering",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The dealer's numbering of completion certificates, made at its first delivery.",
    )
    kia_followup_days = fields.Integer(
        string="Follow-up After (days)",
        default=3,
        help="The follow-up call is due this many days after delivery.",
    )
    kia_followup_attempts = fields.Integer(
        string="Follow-up Attempts",
        default=3,
        help="A customer not reached is called again, up to this many attempts; then the "
        "follow-up is recorded as unreachable.",
    )
    kia_followup_retry_days = fields.Integer(
        string="Retry After (days)",
        default=1,
        help="Days between two attempts to reach a customer for the follow-up.",
    )
    kia_appointment_slot_minutes = fields.Integer(string="Appointment Slot (minutes)", default=60)
    kia_appointment_advisors = fields.Integer(
        string="Advisors per Slot",
        default=0,
        help="Optional cap on the bookings of one slot (reception desk); 0: no cap. The "
        "workshop's bays and its technicians' working hours always limit a slot.",
    )
    kia_appointment_reminder_hours = fields.Char(
        string="Reminders Before (hours)",
        default="24,2",
        help="The customer is reminded of the appointment this many hours before it, e.g. "
        "24,2: the day before and two hours before.",
    )
    kia_no_show_minutes = fields.Integer(
        string="No-Show After (minutes)",
        default=60,
        help="A confirmed appointment whose customer has not arrived this many minutes after "
        "its start is recorded as a no-show, and its advisor asked to reschedule.",
    )
    kia_workday_start = fields.Float(string="Workshop Opens", default=8.5)
    kia_workday_end = fields.Float(string="Workshop Closes", default=17.5)
    kia_kiosk_max_attempts = fields.Integer(
        string="Kiosk: Wrong PINs Allowed",
        default=5,
        help="Wrong PINs or badges in a row that the workshop kiosk accepts before it refuses "
        "every try for a while.",
    )
    kia_kiosk_block_minutes = fields.Integer(
        string="Kiosk: Blocked For (minutes)",
        default=15,
        help="How long the workshop kiosk refuses every PIN and badge after too many wrong ones.",
    )
    kia_kiosk_idle_seconds = fields.Integer(
        string="Kiosk: Sign Out After (seconds)",
        default=90,
        help="A technician identified on the shared workshop kiosk is signed out after this "
        "many seconds without a touch.",
    )
    kia_comeback_days = fields.Integer(
        string="Comeback Window (days)",
        default=30,
        help="A new repair order for the same vehicle and fault within this many days is a "
        "comeback.",
    )
    kia_comeback_km = fields.Integer(string="Comeback Window (km)", default=3000)
    # Repair quality guarantee periods (PRC regulation), whichever comes first, from delivery.
    kia_guarantee_major_km = fields.Integer(string="Guarantee: Major Repair (km)", default=20000)
    kia_guarantee_major_days = fields.Integer(string="Guarantee: Major Repair (days)", default=100)
    kia_guarantee_assembly_km = fields.Integer(
        string="Guarantee: Assembly Repair (km)", default=5000
    )
    kia_guarantee_assembly_days = fields.Integer(
        string="Guarantee: Assembly Repair (days)", default=30
    )
    kia_guarantee_minor_km = fields.Integer(string="Guarantee: Minor Repair (km)", default=2000)
    kia_guarantee_minor_days = fields.Integer(string="Guarantee: Minor Repair (days)", default=10)
    kia_qc_inspector_not_technician = fields.Boolean(
        string="Final Inspector Differs from Technician", default=True
    )
    kia_followup_survey_id = fields.Many2one(
        "survey.survey",
        string="Follow-up Questionnaire",
        help="Questionnaire customer relations fill in on the follow-up call; empty means Kia's "
        "standard follow-up questionnaire.",
    )
    kia_ro_invoice_auto_post = fields.Boolean(
        string="Post Repair Invoices at Settlement",
        default=True,
        help="When the advisor settles a repair order (结算), its customer and insurer invoices "
        "are posted at once; otherwise they are left in draft for the accountant to check and "
        "post.",
    )
    kia_internal_expense_account_id = fields.Many2one(
        "account.account",
        string="Internal Work Expense Account",
        check_company=True,
        help="Internal work (the dealer's own cars) is booked at delivery as a cost entry to "
        "this expense account, crediting the parts' and labour's cost accounts; no invoice.",
    )
    kia_goodwill_expense_account_id = fields.Many2one(
        "account.account",
        string="Goodwill Expense Account",
        check_company=True,
        help="Goodwill work (free of charge to the customer, borne by the dealer) is booked at "
        "delivery as a cost entry to this expense account.",
    )

    def write(self, vals):
        result = super().write(vals)
        if "kia_dealer_code" in vals:
            # sudo: the dealer code is head office's to set; the warehouses follow it.
            warehouses = self.env["stock.warehouse"].sudo().search([("company_id", "in", self.ids)])
            warehouses._kia_update_repair_sequence()
        return result

    @tools.ormcache("self.id")
    def _kia_keeps_books(self):
        """Whether this company invoices in Odoo (has a sales journal): then a repair order is
        settled into invoices and the cashier collects before the car leaves. Cached: asked at
        every settlement and delivery; a sales journal created, archived, moved or deleted
        clears the cache (account.journal)."""
        self.ensure_one()
        # sudo: whether the company has a sales journal, asked at settlement and delivery by
        # advisors, who hold no accounting rights.
        return bool(
            self.env["account.journal"]
            .sudo()
            .search_count([("company_id", "=", self.id), ("type", "=", "sale")], limit=1)
        )

    def _kia_cost_expense_account(self, payer):
        """The expense account internal or goodwill work of this company is booked to."""
        self.ensure_one()
        return (
            self.kia_goodwill_expense_account_id
            if payer == "goodwill"
            else self.kia_internal_expense_account_id
        )

    def _kia_followup_survey(self):
        self.ensure_one()
        return self.kia_followup_survey_id or self.env.ref("kia_service.survey_followup")

    def _kia_guarantee_period(self, repair_class):
        """(km, days) of the repair quality guarantee for ``repair_class``."""
        self.ensure_one()
        return (
            self[f"kia_guarantee_{repair_class}_km"],
            self[f"kia_guarantee_{repair_class}_days"],
        )

    def _kia_certificate_sequence(self):
        """The dealer's own numbering of completion certificates (竣工出厂合格证), made on first
        use and kept on the company (read with it at delivery, no lookup)."""
        self.ensure_one()
        # sudo: the numbering is the dealer's, drawn at delivery by advisors, who do not
        # manage sequences nor the company's settings.
        sequence = self.sudo().kia_certificate_sequence_id
        if sequence:
            return sequence
        Sequence = self.env["ir.sequence"].sudo()
        sequence = Sequence.search(
            [("code", "=", CERTIFICATE_CODE), ("company_id", "=", self.id)], limit=1
        ) or Sequence.create(
            {
                "name": self._kia_lang_env()._(
                    "Completion Certificates %(dealer)s", dealer=self.name
                ),
                "code": CERTIFICATE_CODE,
                "company_id": self.id,
                "prefix": f"{self.kia_dealer_code or self.id}-HG%(year)s-",
                "padding": 5,
            }
        )
        self.sudo().kia_certificate_sequence_id = sequence
        return sequence

    @api.constrains("kia_kiosk_max_attempts", "kia_kiosk_block_minutes", "kia_kiosk_idle_seconds")
    def _check_kia_kiosk_settings(self):
        for company in self:
            if (
                min(
                    company.kia_kiosk_max_attempts,
                    company.kia_kiosk_block_minutes,
                    company.kia_kiosk_idle_seconds,
                )
                < 1
            ):
                raise ValidationError(
                    self.env._(
                        "The workshop kiosk's wrong tries, blocked minutes and sign-out seconds "
                        "must each be at least 1."
                    )
                )

    @api.constrains("kia_appointment_reminder_hours")
    def _check_kia_appointment_reminder_hours(self):
        for company in self:
            company._kia_reminder_offsets()

    def _kia_reminder_offsets(self):
        """The reminder offsets in hours, largest first; refused when not a list of numbers."""
        self.ensure_one()
        text = (self.kia_appointment_reminder_hours or "").replace("，", ",")
        try:
            offsets = sorted({float(part) for part in text.split(",") if part.strip()})
        except ValueError:
            offsets = None
        if offsets is None or any(offset <= 0 for offset in offsets):
            raise ValidationError(
                self.env._(
                    "Reminders Before (hours) must be positive numbers separated by commas, "
                    "such as 24,2 (not %(value)s).",
                    value=self.kia_appointment_reminder_hours,
                )
            )
        return offsets[::-1]
