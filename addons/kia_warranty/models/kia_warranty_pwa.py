from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

PWA_STATES = [
    ("draft", "Draft"),
    ("requested", "Requested"),
    ("approved", "Approved"),
    ("rejected", "Rejected"),
]
REQUESTERS = ("kia_base.group_advisor", "kia_warranty.group_warranty_admin")
# What the dealer fills in before requesting; locked once requested.
DEALER_FIELDS = {"repair_id", "vehicle_id", "service_ids", "move_ids", "estimated_cost", "reason"}


class KiaWarrantyPwa(models.Model):
    """Prior warranty authorisation (PWA, 预先授权): the dealer asks head office, from the
    repair order, to authorise the warranty lines head office's rules list, before the work
    starts; head office's warranty reviewer approves or rejects it within the rule's response
    time. Photos (plate, chassis number, licence, odometer) are attached to the request."""

    _name = "kia.warranty.pwa"
    _description = "Prior Warranty Authorisation"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="PWA No.", required=True, copy=False, readonly=True, default="/")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    state = fields.Selection(
        PWA_STATES, default="draft", required=True, index=True, tracking=True, copy=False
    )
    repair_id = fields.Many2one(
        "repair.order", string="Repair Order", index=True, check_company=True, tracking=True
    )
    vehicle_id = fields.Many2one("fleet.vehicle", required=True, index=True, check_company=True)
    vin = fields.Char(related="vehicle_id.vin_sn", string="VIN")
    service_ids = fields.Many2many(
        "repair.service", string="Labour Lines", check_company=True, copy=False
    )
    move_ids = fields.Many2many("stock.move", string="Parts", check_company=True, copy=False)
    rule_ids = fields.Many2many(
        "kia.warranty.pwa.rule",
        string="Rules",
        readonly=True,
        copy=False,
        help="Head office's rules that made these lines need the authorisation.",
    )
    estimated_cost = fields.Monetary(tracking=True)
    reason = fields.Text(string="Symptom and Diagnosis")
    requested_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    request_date = fields.Datetime(readonly=True, copy=False, index=True)
    deadline = fields.Datetime(
        string="Answer Due",
        readonly=True,
        copy=False,
        index=True,
        help="Head office answers by then (the shortest response time of the rules).",
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue", string="Overdue"
    )
    reviewer_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    review_date = fields.Datetime(readonly=True, copy=False)
    review_note = fields.Text(
        copy=False, help="Head office's reason: required to reject, optional to approve."
    )

    def _compute_is_overdue(self):
        now = fields.Datetime.now()
        for pwa in self:
            pwa.is_overdue = pwa.state == "requested" and bool(pwa.deadline) and pwa.deadline < now

    def _search_is_overdue(self, operator, value):
        domain = [("state", "=", "requested"), ("deadline", "<", fields.Datetime.now())]
        if (operator == "=") == bool(value):
            return domain
        return ["!", "&", *domain]

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        review = self.env._("head office's Approve and Reject buttons")
        request = self.env._("the Request Authorisation button")
        res.update(
            {
                "state": self.env._(
                    "the buttons Request Authorisation (the dealer), Approve and Reject (head "
                    "office)"
                ),
                "rule_ids": request,
                "requested_by_id": request,
                "request_date": request,
                "deadline": request,
                "reviewer_id": review,
                "review_date": review,
            }
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kia.warranty.pwa") or "/"
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            if set(vals) & DEALER_FIELDS:
                locked = self.filtered(lambda p: p.state != "draft")
                if locked:
                    raise UserError(
                        self.env._(
                            "Authorisation %(name)s is no longer a draft: its lines, cost and "
                            "reason cannot change.",
                            name=locked[0].name,
                        )
                    )
            if "review_note" in vals:
                self._kia_check_pwa_reviewer()
                self._kia_check_state(("requested",), self.env._("answered"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_requested(self):
        if any(pwa.state != "draft" for pwa in self):
            raise UserError(self.env._("Only draft authorisation requests can be deleted."))

    def action_request(self):
        """The dealer sends the request to head office: the lines are checked against head
        office's rules, the answer is due within the shortest response time of those rules."""
        self._kia_require_groups(*REQUESTERS, action=self.env._("request"))
        self._kia_check_state(("draft",), self.env._("requested"))
        Rule = self.env["kia.warranty.pwa.rule"]
        now = fields.Datetime.now()
        for pwa in self:
            if pwa.repair_id and not pwa.service_ids and not pwa.move_ids:
                raise UserError(
                    self.env._(
                        "Authorisation %(name)s lists no labour line or part.", name=pwa.name
                    )
                )
            if not (pwa.reason or "").strip():
                raise UserError(
                    self.env._(
                        "Describe the symptom and diagnosis of %(name)s for head office.",
                        name=pwa.name,
                    )
                )
            if pwa.estimated_cost <= 0:
                raise UserError(self.env._("Enter the estimated cost of %(name)s.", name=pwa.name))
            needed = pwa.repair_id._kia_pwa_needed() if pwa.repair_id else {}
            rules = needed.get("rules", Rule) or Rule.search([])
            hours = min(rules.mapped("response_hours") or [24])
            with pwa._kia_unlocked(
                "state", "rule_ids", "requested_by_id", "request_date", "deadline"
            ):
                pwa.write(
                    {
                        "state": "requested",
                        "rule_ids": [fields.Command.set(rules.ids)],
                        "requested_by_id": self.env.uid,
                        "request_date": now,
                        "deadline": now + timedelta(hours=hours),
                    }
                )
        return True

    def action_approve(self):
        self._kia_check_pwa_reviewer()
        self._kia_check_state(("requested",), self.env._("approved"))
        self._kia_answer("approved")
        return True

    def action_reject(self, note=None):
        """Head office refuses the authorisation; ``note`` (else the review note) says why."""
        self._kia_check_pwa_reviewer()
        self._kia_check_state(("requested",), self.env._("rejected"))
        note = (note or "").strip()
        if not note and any(not (pwa.review_note or "").strip() for pwa in self):
            raise UserError(self.env._("Write in the review note why the request is rejected."))
        self._kia_answer("rejected", note)
        return True

    def _kia_answer(self, state, note=None):
        vals = {"state": state, "reviewer_id": self.env.uid, "review_date": fields.Datetime.now()}
        with self._kia_unlocked("state", "reviewer_id", "review_date"):
            self.write(dict(vals, review_note=note) if note else vals)
        for pwa in self:
            lang = pwa.company_id.partner_id.lang
            env = self.with_context(lang=lang).env
            body = (
                env._("Prior authorisation approved.")
                if state == "approved"
                else env._("Prior authorisation rejected: %(reason)s", reason=pwa.review_note)
            )
            pwa.message_post(body=body)
            if pwa.repair_id:
                # sudo: head office reads the dealer's repair order but may not write it; the
                # answer is noted on it for the advisor and the workshop.
                pwa.repair_id.sudo().message_post(
                    body=env._("%(pwa)s: %(answer)s", pwa=pwa.name, answer=body),
                    author_id=self.env.user.partner_id.id,
                )

    def _kia_check_pwa_reviewer(self):
        # The claim's rule: a head-office warranty reviewer, never of the dealer's own company.
        self.env["kia.warranty.claim"]._kia_check_reviewer()
        own = self.filtered(lambda p: p.company_id == self.env.user.company_id)
        if own and not self.env.su:
            raise AccessError(
                self.env._(
                    "Authorisation %(name)s belongs to your own company: you cannot answer it.",
                    name=own[0].name,
                )
            )

    def _kia_check_state(self, states, action):
        wrong = self.filtered(lambda p: p.state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "Authorisation %(name)s is %(state)s: it cannot be %(action)s.",
                    name=wrong[0].name,
                    state=dict(self._fields["state"]._description_selection(self.env))[
                        wrong[0].state
                    ],
                    action=action,
                )
            )
