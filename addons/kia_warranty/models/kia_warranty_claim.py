from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL

CLAIM_TYPES = [
    ("warranty", "Warranty"),
    ("first_maintenance", "First Free Maintenance"),
    ("campaign", "Recall / Campaign"),
]
CLAIM_STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("returned", "Returned for Correction"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
    ("settled", "Settled"),
    ("charged_back", "Charged Back"),
]
# Claims another claim for the same VIN and causal part must not duplicate.
OPEN_STATES = ("submitted", "returned", "approved")
# Coverage categories of the main parts the three guarantees count replacements of (engine,
# gearbox, traction battery).
MAIN_PART_CATEGORIES = ("powertrain", "ev_battery")
# Head office's input to a chargeback: a reviewer of another company types it on a settled claim,
# the Charge Back button books it.
REVIEW_INPUTS = {"chargeback_amount"}
WARRANTY_ADMIN = "kia_warranty.group_warranty_admin"
REVIEWER = "kia_warranty.group_hq_warranty_reviewer"


class KiaWarrantyClaim(models.Model):
    _name = "kia.warranty.claim"
    _description = "Warranty Claim"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Claim No.", required=True, copy=False, readonly=True, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        CLAIM_STATES, default="draft", required=True, index=True, tracking=True, copy=False
    )
    claim_type = fields.Selection(
        CLAIM_TYPES, required=True, default="warranty", index=True, tracking=True
    )
    repair_id = fields.Many2one(
        "repair.order", string="Repair Order", check_company=True, index=True
    )
    vehicle_id = fields.Many2one("fleet.vehicle", required=True, check_company=True, index=True)
    vin = fields.Char(related="vehicle_id.vin_sn", store=True, index=True, string="VIN")
    partner_id = fields.Many2one(related="vehicle_id.kia_owner_id", string="Owner")
    sale_date = fields.Date(related="vehicle_id.kia_sale_date")
    repair_date = fields.Date(
        string="Repair Completed", tracking=True, help="The submission deadline counts from it."
    )
    odometer = fields.Integer(string="Mileage (km)", tracking=True)
    causal_product_id = fields.Many2one(
        "product.product", string="Causal Part", check_company=True, index=True, tracking=True
    )
    coverage_category = fields.Selection(
        selection=lambda self: self.env["kia.warranty.coverage"]._fields["category"].selection,
        compute="_compute_coverage_category",
        store=True,
        string="Coverage",
    )
    failure_code_id = fields.Many2one("kia.warranty.code", domain=[("code_type", "=", "failure")])
    condition_code_id = fields.Many2one(
        "kia.warranty.code", domain=[("code_type", "=", "condition")]
    )
    cause_code_id = fields.Many2one("kia.warranty.code", domain=[("code_type", "=", "cause")])
    kia_network_history_html = fields.Html(
        related="vehicle_id.kia_network_history_html", string="Network History"
    )
    campaign_id = fields.Many2one("kia.warranty.campaign", index=True)
    kia_wty_paid_parts_html = fields.Html(
        related="vehicle_id.kia_wty_paid_parts_html", string="Paid Parts Under Warranty"
    )
    description = fields.Text(string="Symptom and Diagnosis")
    line_ids = fields.One2many("kia.warranty.claim.line", "claim_id", string="Lines", copy=True)
    amount_total = fields.Monetary(
        string="Claimed", compute="_compute_amounts", store=True, tracking=True
    )
    amount_approved = fields.Monetary(string="Approved", readonly=True, tracking=True, copy=False)
    pwa_ids = fields.Many2many(
        "kia.warranty.pwa", compute="_compute_pwa_ids", string="Prior Authorisations"
    )
    pwa_number = fields.Char(string="PWA No.", compute="_compute_pwa_ids")
    submit_date = fields.Date(readonly=True, copy=False)
    reviewer_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    review_date = fields.Date(readonly=True, copy=False)
    reject_reason_id = fields.Many2one(
        "kia.warranty.code",
        string="Rejection Reason",
        domain=[("code_type", "=", "rejection")],
        tracking=True,
        copy=False,
    )
    review_note = fields.Text(copy=False)
    invoice_id = fields.Many2one(
        "account.move", string="Settlement", readonly=True, copy=False, check_company=True
    )
    chargeback_amount = fields.Monetary(tracking=True, copy=False)
    chargeback_move_id = fields.Many2one(
        "account.move", string="Chargeback", readonly=True, copy=False, check_company=True
    )
    old_part_ids = fields.One2many("kia.warranty.old.part", "claim_id", string="Old Parts")
    old_part_count = fields.Integer(compute="_compute_old_part_count")
    document_count = fields.Integer(compute="_compute_document_count", string="Documents")

    @api.depends("causal_product_id")
    def _compute_coverage_category(self):
        categories = self.env["kia.warranty.coverage"]._kia_category_of(self.causal_product_id)
        for claim in self:
            claim.coverage_category = categories.get(claim.causal_product_id, "vehicle")

    @api.depends("line_ids.amount")
    def _compute_amounts(self):
        for claim in self:
            claim.amount_total = sum(claim.line_ids.mapped("amount"))

    @api.depends("repair_id", "vehicle_id")
    def _compute_pwa_ids(self):
        # The prior authorisations of the claim's repair order (kia_warranty_claim_hq.py).
        for claim in self:
            claim.pwa_ids = claim._kia_pwa_records()
            claim.pwa_number = ", ".join(
                claim.pwa_ids.filtered(lambda p: p.state == "approved").mapped("name")
            )

    def _compute_old_part_count(self):
        counts = dict(
            self.env["kia.warranty.old.part"]._read_group(
                [("claim_id", "in", self.ids)], ["claim_id"], ["__count"]
            )
        )
        for claim in self:
            claim.old_part_count = counts.get(claim, 0)

    def _compute_document_count(self):
        counts = dict(
            self.env["ir.attachment"]._read_group(
                [("res_model", "=", self._name), ("res_id", "in", self.ids)],
                ["res_id"],
                ["__count"],
            )
        )
        for claim in self:
            claim.document_count = counts.get(claim.id, 0)

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        submit = self.env._("the Submit to Head Office button")
        review = self.env._("head office's Approve, Return for Correction and Reject buttons")
        res.update(
            {
                "state": self.env._(
                    "the claim's buttons (Submit to Head Office, Approve, Return for "
                    "Correction, Reject, Settle, Charge Back, Reset to Draft)"
                ),
                "submit_date": submit,
                "reviewer_id": review,
                "review_date": review,
                "amount_approved": self.env._("head office's Approve button"),
                "reject_reason_id": self.env._("head office's Reject button"),
                "review_note": self.env._(
                    "head office's Return for Correction, Reject and Charge Back buttons"
                ),
                "invoice_id": self.env._("the Settle button"),
                "chargeback_move_id": self.env._("head office's Charge Back button"),
            }
        )
        return res

    @api.constrains("company_id")
    def _check_company_warranty_scope(self):
        self.company_id._kia_check_scope("warranty", self.env._("warranty claims"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kia.warranty.claim") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            # Protected fields are the mixin's (refused unless an action writes them).
            editable = (
                set(vals)
                - set(self._kia_protected_fields())
                - REVIEW_INPUTS
                - {"message_main_attachment_id"}
            )
            if self.env.user.has_group(REVIEWER):
                # A reviewer adjusts line amounts; the lines check what they may change.
                editable -= {"line_ids"}
            locked = self.filtered(lambda c: c.state not in ("draft", "returned"))
            if editable and locked:
                raise UserError(
                    self.env._(
                        "Claim %(name)s is %(state)s: only draft claims and claims returned for "
                        "correction can be changed.",
                        name=locked[0].name,
                        state=dict(CLAIM_STATES)[locked[0].state],
                    )
                )
            if set(vals) & REVIEW_INPUTS:
                self._kia_check_reviewer()
                self._kia_check_state(("settled",), self.env._("charged back"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_submitted(self):
        if any(claim.state != "draft" for claim in self):
            raise UserError(self.env._("Only draft claims can be deleted."))

    def action_submit(self):
        self._kia_require_groups(WARRANTY_ADMIN, action=self.env._("submit"))
        self._kia_check_state(("draft", "returned"), self.env._("submitted"))
        self.company_id._kia_check_scope("warranty", self.env._("warranty claims"))
        self._kia_check_submitter()
        errors = self._kia_precheck_errors()
        if errors:
            lines = []
            for claim in self.filtered(lambda c: c.id in errors):
                lines.append(self.env._("Claim %(name)s cannot be submitted:", name=claim.name))
                lines += [f"- {msg}" for msg in errors[claim.id]]
            raise UserError("\n".join(lines))
        self._kia_stamp_paid_parts()
        with self._kia_unlocked("state", "submit_date"):
            self.write({"state": "submitted", "submit_date": fields.Date.context_today(self)})
        self._kia_create_old_parts()
        # sudo: the three guarantees alert is the system's, for the service manager; who
        # submits a claim needs no right to schedule activities on the vehicle.
        self.vehicle_id.sudo()._kia_wty_sanbao_alert()
        return True

    def action_approve(self):
        """Approve; lines head office adjusted count at their approved amount (partial)."""
        self._kia_check_reviewer()
        self._kia_check_state(("submitted",), self.env._("approved"))
        for claim in self:
            approved = sum(line._kia_approved() for line in claim.line_ids)
            with self._kia_unlocked("state", "amount_approved", "reviewer_id", "review_date"):
                claim.write(
                    {
                        "state": "approved",
                        "amount_approved": approved,
                        "reviewer_id": self.env.uid,
                        "review_date": fields.Date.context_today(self),
                    }
                )
        return True

    def action_return(self, note=None):
        """Head office sends the claims back to the dealer for correction: ``note`` (else each
        claim's review note) tells what to correct and goes to the chatter."""
        self._kia_check_reviewer()
        self._kia_check_state(("submitted",), self.env._("returned"))
        note = (note or "").strip()
        if not note and any(not claim.review_note for claim in self):
            raise UserError(self.env._("Write in the review note what the dealer must correct."))
        vals = {
            "state": "returned",
            "reviewer_id": self.env.uid,
            "review_date": fields.Date.context_today(self),
        }
        if note:
            vals["review_note"] = note
        with self._kia_unlocked(*vals):
            self.write(vals)
        for claim in self:
            claim.message_post(body=claim.review_note)
        return True

    def action_reject(self, reason_id=None, note=None):
        """Head office rejects the claims for ``reason_id`` (a rejection code; else each claim's
        rejection reason), ``note`` optionally explaining it in the review note and chatter."""
        self._kia_check_reviewer()
        self._kia_check_state(("submitted",), self.env._("rejected"))
        reason = self.env["kia.warranty.code"].browse(reason_id).exists()
        if reason_id and reason.code_type != "rejection":
            raise UserError(
                self.env._(
                    "%(reason)s is not a rejection reason.",
                    reason=reason.display_name or reason_id,
                )
            )
        if not reason and any(not claim.reject_reason_id for claim in self):
            raise UserError(self.env._("Choose the rejection reason first."))
        note = (note or "").strip()
        vals = {
            "state": "rejected",
            "amount_approved": 0.0,
            "reviewer_id": self.env.uid,
            "review_date": fields.Date.context_today(self),
        }
        if reason:
            vals["reject_reason_id"] = reason.id
        if note:
            vals["review_note"] = note
        with self._kia_unlocked(*vals):
            self.write(vals)
        if note:
            for claim in self:
                claim.message_post(body=note)
        return True

    def action_settle(self):
        """The approved amount becomes a posted customer invoice from the dealer to head
        office in the dealer's books."""
        self._kia_require_groups(WARRANTY_ADMIN, REVIEWER, action=self.env._("settle"))
        self._kia_check_state(("approved",), self.env._("settled"))
        product = self.env.ref("kia_warranty.product_warranty_settlement")
        for claim in self:
            # sudo: head office's company is not among a dealer user's companies; only its
            # partner, the customer of the settlement invoice, is read from it
            hq = claim.company_id.kia_hq_company_id.sudo()
            if not hq:
                raise UserError(
                    self.env._(
                        "Dealer %(name)s has no head office to settle with.",
                        name=claim.company_id.name,
                    )
                )
            # sudo: warranty staff hold no accounting rights; the invoice only carries the
            # head-office-approved amount into the dealer's own books.
            move = (
                self.env["account.move"]
                .sudo()
                .with_company(claim.company_id)
                .create(claim._kia_move_vals("out_invoice", claim.amount_approved, product, hq))
            )
            move.action_post()
            with self._kia_unlocked("state", "invoice_id"):
                claim.write({"state": "settled", "invoice_id": move.id})
        return True

    def action_chargeback(self, note=None):
        """After an audit head office takes back part or all of a settled claim: a credit note
        (the settlement itself is never edited). ``note`` explains it in the review note."""
        self._kia_check_reviewer()
        self._kia_check_state(("settled",), self.env._("charged back"))
        note = (note or "").strip()
        for claim in self:
            if not 0 < claim.chargeback_amount <= claim.amount_approved:
                raise UserError(
                    self.env._(
                        "The chargeback of claim %(name)s must be above zero and at most the "
                        "approved amount.",
                        name=claim.name,
                    )
                )
            # By reversal of the settlement on both sides (kia_warranty_claim_hq.py).
            move = claim._kia_wty_reverse_settlement(claim.chargeback_amount)
            vals = {"state": "charged_back", "chargeback_move_id": move.id}
            if note:
                vals["review_note"] = note
            with self._kia_unlocked(*vals):
                claim.write(vals)
            if note:
                claim.message_post(body=note)
        return True

    def action_reset_draft(self):
        self._kia_require_groups(WARRANTY_ADMIN, action=self.env._("reset to draft"))
        self._kia_check_state(("returned",), self.env._("reset to draft"))
        with self._kia_unlocked("state"):
            self.write({"state": "draft"})
        return True

    def action_view_old_parts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_warranty.kia_warranty_old_part_action"
        )
        action["domain"] = [("claim_id", "=", self.id)]
        return action

    def _kia_move_vals(self, move_type, amount, product, hq):
        self.ensure_one()
        return {
            "move_type": move_type,
            "company_id": self.company_id.id,
            "partner_id": hq.partner_id.id,
            "invoice_origin": self.name,
            "ref": self.name,
            "kia_wty_claim_id": self.id,
            "invoice_line_ids": [
                Command.create(
                    {
                        "product_id": product.id,
                        "name": self._kia_lang_env()._(
                            "Warranty claim %(name)s, VIN %(vin)s", name=self.name, vin=self.vin
                        ),
                        "quantity": 1,
                        "price_unit": amount,
                        # VAT of the dealer's chart (l10n_cn); head office's bill mirrors it.
                        "tax_ids": [Command.set(self.company_id._kia_vat("sale").ids)],
                    }
                )
            ],
        }

    def _kia_check_submitter(self):
        """Hook: refuse a submitter who may not sign claims (kia_warranty_training checks the
        warranty administrator's certifications)."""
        return True

    def _kia_check_reviewer(self):
        user = self.env.user
        if self.env.su:
            return
        if not user.has_group(REVIEWER) or (user.company_id.kia_dealer_type != "hq"):
            raise AccessError(self.env._("Only a head-office warranty reviewer can review claims."))
        own = self.filtered(lambda c: c.company_id == user.company_id)
        if own:
            raise AccessError(
                self.env._(
                    "Claim %(name)s belongs to your own company: you cannot review it.",
                    name=own[0].name,
                )
            )

    def _kia_check_state(self, states, action):
        wrong = self.filtered(lambda c: c.state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "Claim %(name)s is %(state)s: it cannot be %(action)s.",
                    name=wrong[0].name,
                    state=dict(CLAIM_STATES)[wrong[0].state],
                    action=action,
                )
            )

    def _kia_create_old_parts(self):
        vals_list = []
        for claim in self:
            tagged = claim.old_part_ids.mapped("claim_line_id")
            for line in claim.line_ids:
                if line.line_type == "part" and line.product_id and line not in tagged:
                    vals_list.append(
                        {
                            "claim_id": claim.id,
                            "claim_line_id": line.id,
                            "product_id": line.product_id.id,
                            "quantity": line.quantity,
                            "company_id": claim.company_id.id,
                        }
                    )
        OldPart = self.env["kia.warranty.old.part"]
        with OldPart._kia_unlocked():
            return OldPart.create(vals_list)

    def _kia_precheck_errors(self):
        """{claim id: [message, ...]} for every claim of the batch that fails a pre-check.

        Set-based: each check runs one query for the whole batch, so checking 10,000 claims
        costs the same number of queries as checking one."""
        if not self:
            return {}
        self.flush_model()
        self.env["kia.warranty.claim.line"].flush_model()
        self.env["ir.attachment"].flush_model(["res_model", "res_id"])
        self.env["fleet.vehicle"].flush_model(["kia_sale_date", "model_id", "kia_use_type"])
        errors = {}

        def add(claim_id, message):
            errors.setdefault(claim_id, []).append(message)

        self.env.cr.execute(
            SQL(
                """
                SELECT c.id, c.name, c.claim_type, c.repair_date, c.odometer,
                       c.coverage_category, c.company_id, c.amount_total,
                       c.causal_product_id, v.kia_sale_date, v.model_id,
                       v.kia_use_type, v.vin_sn,
                       (SELECT count(*) FROM kia_warranty_claim_line l
                         WHERE l.claim_id = c.id) AS line_count,
                       (SELECT count(*) FROM kia_warranty_claim_line l
                         WHERE l.claim_id = c.id AND l.line_type = 'labor'
                           AND l.repair_service_id IS NOT NULL) AS job_line_count,
                       (SELECT count(*) FROM kia_warranty_claim_line l
                         WHERE l.claim_id = c.id AND l.kia_paid_part) AS paid_line_count
                  FROM kia_warranty_claim c
                  JOIN fleet_vehicle v ON v.id = c.vehicle_id
                 WHERE c.id = ANY(%s)
                """,
                self.ids,
            )
        )
        rows = self.env.cr.dictfetchall()
        companies = {
            company.id: company
            for company in self.env["res.company"].browse({row["company_id"] for row in rows})
        }
        today = fields.Date.context_today(self)
        # The paid-parts check reads the fittings: only claims with such lines.
        with_paid = self.browse([row["id"] for row in rows if row["paid_line_count"]])
        paid_claims = with_paid._kia_precheck_paid_parts(add)
        policies = self._kia_policies_for_rows(rows)
        category_names = dict(self._fields["coverage_category"]._description_selection(self.env))
        for row in rows:
            company = companies[row["company_id"]]
            if not row["line_count"]:
                add(row["id"], self.env._("The claim has no labour, part or sublet line."))
            if not row["repair_date"]:
                add(row["id"], self.env._("Enter the date the repair was completed."))
            elif row["repair_date"] + timedelta(days=company.kia_wty_claim_deadline_days) < today:
                add(
                    row["id"],
                    self.env._(
                        "The submission deadline of %(days)s days after the repair on %(date)s "
                        "has passed.",
                        days=company.kia_wty_claim_deadline_days,
                        date=row["repair_date"],
                    ),
                )
            if row["claim_type"] == "first_maintenance" and not self._kia_first_maint_in_window(
                company, row["kia_sale_date"], row["repair_date"] or today, row["odometer"]
            ):
                add(
                    row["id"],
                    self.env._(
                        "The first free maintenance window (%(months)s months / %(km)s km from "
                        "the sale date) is over.",
                        months=company.kia_wty_first_maint_months,
                        km=company.kia_wty_first_maint_km,
                    ),
                )
            # A causal part claimed under the paid-parts policy is covered from its fitting
            # (checked above), not by the vehicle's warranty.
            if row["claim_type"] == "warranty" and row["id"] not in paid_claims:
                if not row["causal_product_id"]:
                    add(row["id"], self.env._("Enter the causal part."))
                category = row["coverage_category"] or "vehicle"
                coverage = policies.get(row["id"], {}).get(category)
                on_date = row["repair_date"] or today
                if not row["kia_sale_date"]:
                    add(
                        row["id"],
                        self.env._(
                            "Vehicle %(vin)s has no sale date: its warranty cannot be checked.",
                            vin=row["vin_sn"],
                        ),
                    )
                elif not coverage or not coverage._kia_covers(
                    row["kia_sale_date"], on_date, row["odometer"]
                ):
                    add(
                        row["id"],
                        self.env._(
                            "Vehicle %(vin)s is not covered (%(coverage)s) on %(date)s at "
                            "%(km)s km.",
                            vin=row["vin_sn"],
                            coverage=category_names.get(category, category),
                            date=on_date,
                            km=row["odometer"],
                        ),
                    )
        self._kia_precheck_duplicates(add)
        self._kia_precheck_pwa(add)
        self._kia_precheck_documents(add, rows, companies)
        # The labour checks read the repair order's jobs: only claims with such lines.
        with_jobs = self.browse([row["id"] for row in rows if row["job_line_count"]])
        for check in (with_jobs._kia_check_clocked_hours, with_jobs._kia_check_certification):
            for claim_id, messages in check().items():
                for message in messages:
                    add(claim_id, message)
        return errors

    def _kia_paid_part_fittings(self):
        """{claim line: (fitting or None, policy)} for the paid-part lines of these claims:
        the latest paid fitting of the same part on the same network vehicle before the
        repair, at any dealer, read with one query."""
        lines = self.line_ids.filtered(lambda line: line.kia_paid_part)
        if not lines:
            return {}
        Fitted = self.env["kia.warranty.fitted.part"]
        identities = lines.claim_id.vehicle_id.kia_vehicle_id
        # sudo: the part may have been fitted at another dealer of the network; only its date,
        # mileage and dealer are used, never the customer or the price.
        fittings = Fitted.sudo().search(
            [
                ("kia_vehicle_id", "in", identities.ids),
                ("product_id", "in", lines.product_id.ids),
            ]
        )
        today = fields.Date.context_today(self)
        result = {}
        for line in lines:
            claim = line.claim_id
            on_date = claim.repair_date or today
            found = fittings.filtered(
                lambda f, line=line, claim=claim, on_date=on_date: (
                    f.kia_vehicle_id == claim.vehicle_id.kia_vehicle_id
                    and f.product_id == line.product_id
                    and f.fitted_date <= on_date
                )
            )[:1]
            policy = Fitted._kia_paid_parts_policy(found.fitted_date if found else on_date)
            result[line] = (found or None, policy)
        return result

    def _kia_precheck_paid_parts(self, add):
        """Refuse each paid-part line without a paid fitting, or outside the paid-parts window
        of head office's policy. Returns the ids of claims whose causal part is a paid part
        within its window (their vehicle warranty is not what covers it)."""
        covered = set()
        for line, (fitting, policy) in self._kia_paid_part_fittings().items():
            claim = line.claim_id
            on_date = claim.repair_date or fields.Date.context_today(self)
            part = line.product_id.display_name or line.name
            if line.line_type != "part" or not line.product_id:
                add(
                    claim.id,
                    self.env._(
                        "Line %(line)s is not a part: only parts are claimed under the "
                        "paid-parts warranty.",
                        line=line.name,
                    ),
                )
                continue
            if not policy:
                add(claim.id, self.env._("Head office has no paid-parts warranty policy."))
                continue
            if not fitting:
                add(
                    claim.id,
                    self.env._(
                        "No paid fitting of part %(part)s on vehicle %(vin)s is recorded before "
                        "%(date)s: it cannot be claimed under the paid-parts warranty "
                        "(%(months)s months / %(km)s km from fitting).",
                        part=part,
                        vin=claim.vin,
                        date=on_date,
                        months=policy.months,
                        km=policy.km,
                    ),
                )
                continue
            until_date, until_km = fitting._kia_window(policy)
            if on_date > until_date or (claim.odometer or 0) > until_km:
                add(
                    claim.id,
                    self.env._(
                        "Part %(part)s was fitted on %(fitted_date)s at %(fitted_km)s km: its "
                        "paid-parts warranty of %(months)s months / %(km)s km ended on "
                        "%(until_date)s or at %(until_km)s km (repair on %(date)s at "
                        "%(odometer)s km).",
                        part=part,
                        fitted_date=fitting.fitted_date,
                        fitted_km=fitting.fitted_km,
                        months=policy.months,
                        km=policy.km,
                        until_date=until_date,
                        until_km=until_km,
                        date=on_date,
                        odometer=claim.odometer,
                    ),
                )
                continue
            if line.product_id == claim.causal_product_id:
                covered.add(claim.id)
        return covered

    def _kia_stamp_paid_parts(self):
        """At submission, each paid-part line keeps the fitting it is accepted on, for head
        office's reviewer (date, mileage and dealer of the fitting)."""
        Line = self.env["kia.warranty.claim.line"]
        for line, (fitting, _policy) in self._kia_paid_part_fittings().items():
            if not fitting:
                continue
            with Line._kia_unlocked("fitted_part_id", "fitted_date", "fitted_km", "fitted_dealer"):
                line.write(
                    {
                        "fitted_part_id": fitting.id,
                        "fitted_date": fitting.fitted_date,
                        "fitted_km": fitting.fitted_km,
                        "fitted_dealer": fitting.company_id.kia_dealer_code
                        or fitting.company_id.name,
                    }
                )
        return True

    def _kia_policies_for_rows(self, rows):
        """Coverage policies per claim row, with the policy table read once and each (sale
        date, model, use type) resolved once."""
        table = [
            (
                coverage,
                coverage.category,
                coverage.date_from,
                set(coverage.model_ids.ids),
                coverage.use_type,
            )
            for coverage in self.env["kia.warranty.coverage"].search([])
        ]
        resolved = {}
        result = {}
        for row in rows:
            key = (row["kia_sale_date"], row["model_id"], row["kia_use_type"])
            if key not in resolved:
                sale_date, model_id, use_type = key
                best = {}
                for coverage, category, date_from, model_ids, coverage_use in table:
                    if sale_date and date_from > sale_date:
                        continue
                    if model_ids and model_id not in model_ids:
                        continue
                    if coverage_use and coverage_use != use_type:
                        continue
                    rank = (bool(model_ids), bool(coverage_use), date_from)
                    if category not in best or rank > best[category][0]:
                        best[category] = (rank, coverage)
                resolved[key] = {cat: value[1] for cat, value in best.items()}
            result[row["id"]] = resolved[key]
        return result

    def _kia_precheck_duplicates(self, add):
        # Raw SQL, no record rules on purpose: a duplicate claim may sit at another dealer that
        # the user cannot read; only its number, dealer and date are disclosed. The same VIN
        # is the same car at every dealer (one network vehicle per VIN).
        self.env.cr.execute(
            SQL(
                """
                SELECT c.id, c.claim_type, o.name, co.name, o.repair_date,
                       COALESCE(camp.code, '')
                  FROM kia_warranty_claim c
                  JOIN kia_warranty_claim o ON o.vin = c.vin AND o.id <> c.id
                  JOIN res_company co ON co.id = o.company_id
                  LEFT JOIN kia_warranty_campaign camp ON camp.id = o.campaign_id
                 WHERE c.id = ANY(%s)
                   AND ((c.claim_type = 'warranty' AND o.claim_type = 'warranty'
                         AND o.causal_product_id = c.causal_product_id AND o.state IN %s)
                     OR (c.claim_type = 'first_maintenance'
                         AND o.claim_type = 'first_maintenance'
                         AND o.state NOT IN ('draft', 'rejected'))
                     OR (c.claim_type = 'campaign' AND o.claim_type = 'campaign'
                         AND o.campaign_id = c.campaign_id
                         AND o.state NOT IN ('draft', 'rejected')))
                """,
                self.ids,
                OPEN_STATES,
            )
        )
        for claim_id, claim_type, other, dealer, day, campaign in self.env.cr.fetchall():
            if claim_type == "warranty":
                message = self.env._(
                    "Claim %(other)s for the same VIN and causal part is still open.", other=other
                )
            elif claim_type == "campaign":
                message = self.env._(
                    "Campaign %(campaign)s of this VIN was already claimed at %(dealer)s for "
                    "the repair of %(date)s (%(other)s).",
                    campaign=campaign,
                    dealer=dealer,
                    date=day or "-",
                    other=other,
                )
            else:
                message = self.env._(
                    "The first free maintenance of this VIN was already claimed at %(dealer)s "
                    "for the repair of %(date)s (%(other)s).",
                    dealer=dealer,
                    date=day or "-",
                    other=other,
                )
            add(claim_id, message)

    def _kia_precheck_documents(self, add, rows, companies):
        self.env.cr.execute(
            SQL(
                """
                SELECT res_id, count(*) FROM ir_attachment
                 WHERE res_model = %s AND res_id = ANY(%s)
                 GROUP BY res_id
                """,
                self._name,
                self.ids,
            )
        )
        counts = dict(self.env.cr.fetchall())
        for row in rows:
            required = companies[row["company_id"]].kia_wty_min_documents
            if counts.get(row["id"], 0) < required:
                add(
                    row["id"],
                    self.env._(
                        "Attach at least %(count)s document(s) or photo(s) to the claim.",
                        count=required,
                    ),
                )

    @api.model
    def _kia_first_maint_in_window(self, company, sale_date, on_date, odometer):
        if not sale_date:
            return False
        limit = sale_date + relativedelta(months=company.kia_wty_first_maint_months)
        return on_date <= limit and (odometer or 0) <= company.kia_wty_first_maint_km

    def _kia_check_clocked_hours(self):
        """{claim id: [message]} for labour lines built from a repair order whose clocked hours
        (the jobs' time logs, read now) are not within the company's tolerance of the labour
        catalog's standard hours for the vehicle's model. One query for the batch."""
        if not self:
            return {}
        self.env["kia.repair.job"].flush_model(["service_id", "state", "actual_hours"])
        self.env["kia.labor.operation"].flush_model(["hours"])
        self.env["kia.labor.operation.time"].flush_model()
        self.env["res.company"].flush_model(["kia_wty_clocked_tolerance"])
        self.env.cr.execute(
            SQL(
                """
                SELECT l.claim_id, l.name, l.standard, l.clocked, l.tolerance
                  FROM (
                      SELECT l.id, l.claim_id, l.name, co.kia_wty_clocked_tolerance AS tolerance,
                             COALESCE(t.hours, o.hours, 0) AS standard,
                             COALESCE((SELECT sum(j.actual_hours) FROM kia_repair_job j
                                        WHERE j.service_id = l.repair_service_id
                                          AND j.state != 'cancel'), 0) AS clocked
                        FROM kia_warranty_claim_line l
                        JOIN kia_warranty_claim c ON c.id = l.claim_id
                        JOIN res_company co ON co.id = c.company_id
                        JOIN fleet_vehicle v ON v.id = c.vehicle_id
                        JOIN kia_labor_operation o ON o.id = l.labor_operation_id
                   LEFT JOIN kia_labor_operation_time t
                          ON t.operation_id = o.id AND t.model_id = v.model_id
                       WHERE l.claim_id = ANY(%s) AND l.line_type = 'labor'
                         AND l.repair_service_id IS NOT NULL
                  ) l
                 WHERE abs(l.clocked - l.standard) > l.standard * l.tolerance / 100.0
                 ORDER BY l.claim_id, l.id
                """,
                self.ids,
            )
        )
        errors = {}
        for claim_id, name, standard, clocked, tolerance in self.env.cr.fetchall():
            clocked_text = f"{clocked:.2f}"
            tolerance_text = f"{tolerance:g}%"
            standard_text = f"{standard:.2f}"
            errors.setdefault(claim_id, []).append(
                self.env._(
                    "Labour line %(line)s: %(clocked)s hours clocked are not within %(tolerance)s "
                    "of the %(standard)s standard hours.",
                    line=name,
                    clocked=clocked_text,
                    tolerance=tolerance_text,
                    standard=standard_text,
                )
            )
        return errors

    def _kia_check_certification(self):
        """Hook: {claim id: [message]} for labour done by a technician without the required
        certification. kia_warranty_training (installed with kia_training) implements it; self
        holds only claims with labour lines built from a repair order's jobs."""
        return {}
