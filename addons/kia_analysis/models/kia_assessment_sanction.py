from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

SANCTION_TYPES = [
    ("reward", "Reward"),
    ("penalty", "Penalty"),
    ("warning", "Warning"),
    ("suspension", "Suspension of Warranty Authority"),
    ("termination", "End of Authorised Status"),
]
# Rewards and penalties carry an amount and post money; the others take effect on the dealer
# when posted and end when lifted.
MONEY_TYPES = ("reward", "penalty")
SANCTION_STATES = [
    ("draft", "Draft"),
    ("to_approve", "To Approve"),
    ("approved", "Approved"),
    ("posted", "Posted"),
    ("lifted", "Lifted"),
    ("cancel", "Cancelled"),
]


class KiaAssessmentSanction(models.Model):
    """A reward or penalty 奖惩 of a dealer, proposed by head office, approved by another head
    office manager, then posted: a penalty is taken from the dealer's parts guarantee deposit,
    a reward is invoiced by the dealer to head office.

    A reward is a taxable service the dealer sells head office: its invoice and head office's
    mirrored bill carry VAT (l10n_cn's 6 % on services, else the company's default), the amount
    being what head office pays, VAT included. A penalty (罚款/违约金 deducted from the
    deposit) is no sale: it carries no VAT."""

    _name = "kia.assessment.sanction"
    _description = "Dealer Reward or Penalty"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/", index=True
    )
    company_id = fields.Many2one(
        "res.company",
        string="Dealer",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
        domain=[("kia_dealer_type", "in", ("dealer_4s", "service_station"))],
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    assessment_id = fields.Many2one("kia.assessment", index=True, check_company=True, tracking=True)
    sanction_type = fields.Selection(
        SANCTION_TYPES, string="Type", required=True, default="penalty", tracking=True
    )
    amount = fields.Monetary(tracking=True)
    reason = fields.Text(required=True, tracking=True)
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    state = fields.Selection(
        SANCTION_STATES, default="draft", required=True, index=True, tracking=True, copy=False
    )
    proposed_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    approved_date = fields.Datetime(readonly=True, copy=False)
    cancel_reason = fields.Text(readonly=True, copy=False, tracking=True)
    lifted_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    lifted_date = fields.Date(readonly=True, copy=False, tracking=True)
    lift_reason = fields.Text(readonly=True, copy=False, tracking=True)
    deposit_line_id = fields.Many2one(
        "kia.parts.deposit.line",
        string="Deposit Movement",
        readonly=True,
        copy=False,
        check_company=True,
    )
    move_id = fields.Many2one(
        "account.move", string="Accounting Document", readonly=True, copy=False, check_company=True
    )

    @api.constrains("company_id", "assessment_id", "amount", "sanction_type")
    def _check_sanction(self):
        for sanction in self:
            money = sanction.sanction_type in MONEY_TYPES
            if money and sanction.currency_id.compare_amounts(sanction.amount, 0.0) <= 0:
                raise ValidationError(self.env._("A reward or penalty needs a positive amount."))
            if not money and sanction.amount:
                raise ValidationError(
                    self.env._(
                        "A warning, a suspension or the end of authorised status carries no "
                        "amount: propose a penalty for money."
                    )
                )
            if sanction.assessment_id and sanction.assessment_id.company_id != sanction.company_id:
                raise ValidationError(
                    self.env._("A reward or penalty belongs to the dealer of its assessment.")
                )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res.update(
            {
                "state": self.env._("Submit, Approve, Post, Lift and Cancel"),
                "proposed_by_id": self.env._("Submit"),
                "approved_by_id": self.env._("Approve (another head office manager)"),
                "approved_date": self.env._("Approve (another head office manager)"),
                "cancel_reason": self.env._("Cancel"),
                "lifted_by_id": self.env._("Lift"),
                "lifted_date": self.env._("Lift"),
                "lift_reason": self.env._("Lift"),
                "deposit_line_id": self.env._("Post"),
                "move_id": self.env._("Post"),
            }
        )
        if any(sanction.state != "draft" for sanction in self):
            # What was proposed is what is approved and posted: a correction is a new
            # reward or penalty, this one is cancelled.
            correction = self.env._("a new reward or penalty (cancel this one)")
            res.update(
                dict.fromkeys(
                    ("company_id", "assessment_id", "sanction_type", "amount", "reason", "date"),
                    correction,
                )
            )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("kia.assessment.sanction") or "/"
                )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        if any(sanction.state not in ("draft", "cancel") for sanction in self):
            raise UserError(self.env._("Only a draft reward or penalty can be deleted."))

    def action_submit(self):
        if not self.env.user.has_group("kia_base.group_hq_officer"):
            raise AccessError(self.env._("Only head office proposes rewards and penalties."))
        self._check_state(("draft",))
        with self._kia_unlocked("state", "proposed_by_id"):
            self.write({"state": "to_approve", "proposed_by_id": self.env.uid})
        return True

    def action_approve(self):
        """Two-person rule: a head office manager other than the one who proposed it."""
        if not self.env.user.has_group("kia_base.group_hq_manager"):
            raise AccessError(
                self.env._("Only head office's managers approve rewards and penalties.")
            )
        self._check_state(("to_approve",))
        if self.filtered(lambda s: s.proposed_by_id == self.env.user):
            raise UserError(
                self.env._(
                    "You proposed this reward or penalty: another head office manager must "
                    "approve it."
                )
            )
        with self._kia_unlocked("state", "approved_by_id", "approved_date"):
            self.write(
                {
                    "state": "approved",
                    "approved_by_id": self.env.uid,
                    "approved_date": fields.Datetime.now(),
                }
            )
        return True

    def action_post(self):
        """Penalty: a penalty movement of the dealer's parts deposit ledger, posted in the
        dealer's books, without VAT (a penalty or liquidated damages deducted is not a taxable
        sale of either side). Reward: the dealer's invoice to head office for the amount, VAT
        included, posted; OCA account_invoice_inter_company books head office's bill with the
        same VAT (account.move.line._prepare_account_move_line)."""
        if not self.env.user.has_group("kia_base.group_hq_manager"):
            raise AccessError(self.env._("Only head office's managers post rewards and penalties."))
        self._check_state(("approved",))
        effects = self.filtered(lambda s: s.sanction_type not in MONEY_TYPES)
        effects._post_effect()
        for sanction in self - effects:
            if sanction.sanction_type == "penalty":
                # sudo: the deposit ledger and the dealer's books are posted on head office's
                # approved decision; the manager's rights were checked above.
                # The deposit ledger refuses a penalty its balance cannot cover: the savepoint
                # leaves no draft movement behind.
                with self.env.cr.savepoint():
                    line = (
                        self.env["kia.parts.deposit.line"]
                        .sudo()
                        .create(
                            {
                                "company_id": sanction.company_id.id,
                                "line_type": "penalty",
                                "amount": sanction.amount,
                                "date": sanction.date,
                                "note": sanction._label(),
                            }
                        )
                    )
                    line.action_post()
                with sanction._kia_unlocked("deposit_line_id", "move_id", "state"):
                    sanction.write(
                        {"deposit_line_id": line.id, "move_id": line.move_id.id, "state": "posted"}
                    )
            else:
                # sudo: see above; the invoice lives in the dealer's books.
                move = (
                    self.env["account.move"]
                    .sudo()
                    .with_company(sanction.company_id)
                    .create(sanction._reward_move_vals())
                )
                move.action_post()
                with sanction._kia_unlocked("move_id", "state"):
                    sanction.write({"move_id": move.id, "state": "posted"})
        return True

    def action_cancel(self, reason=None):
        """Head office withdraws a proposal; an approved decision is cancelled by a head
        office manager only."""
        if not self.env.user.has_group("kia_base.group_hq_officer"):
            raise AccessError(self.env._("Only head office cancels rewards and penalties."))
        if self.filtered(lambda s: s.state == "approved") and not self.env.user.has_group(
            "kia_base.group_hq_manager"
        ):
            raise AccessError(
                self.env._("Only head office's managers cancel an approved reward or penalty.")
            )
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for cancelling the reward or penalty."))
        self._check_state(("draft", "to_approve", "approved"))
        with self._kia_unlocked("state", "cancel_reason"):
            self.write({"state": "cancel", "cancel_reason": reason.strip()})
        return True

    def _post_effect(self):
        """A warning, suspension of warranty authority or end of authorised status takes
        effect: the dealer's flags follow the posted sanctions (res.company), the dealer's
        service managers are told."""
        if not self:
            return
        with self._kia_unlocked("state"):
            self.write({"state": "posted"})
        for sanction in self:
            sanction._notify_dealer(
                sanction.with_context(lang=sanction.company_id.partner_id.lang).env._(
                    "%(type)s in effect: %(reason)s",
                    type=sanction._type_label(),
                    reason=sanction.reason,
                )
            )

    def action_lift(self, reason=None):
        """Head office's manager lifts a warning, suspension or end of authorised status: its
        effect ends, the record stays."""
        if not self.env.user.has_group("kia_base.group_hq_manager"):
            raise AccessError(self.env._("Only head office's managers lift a sanction."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for lifting the sanction."))
        self._check_state(("posted",))
        money = self.filtered(lambda s: s.sanction_type in MONEY_TYPES)
        if money:
            raise UserError(
                self.env._(
                    "%(name)s is a reward or penalty: money is corrected by a new one, not lifted.",
                    name=money[0].name,
                )
            )
        with self._kia_unlocked("state", "lifted_by_id", "lifted_date", "lift_reason"):
            self.write(
                {
                    "state": "lifted",
                    "lifted_by_id": self.env.uid,
                    "lifted_date": fields.Date.context_today(self),
                    "lift_reason": reason.strip(),
                }
            )
        for sanction in self:
            sanction._notify_dealer(
                sanction.with_context(lang=sanction.company_id.partner_id.lang).env._(
                    "%(type)s lifted: %(reason)s",
                    type=sanction._type_label(),
                    reason=reason.strip(),
                )
            )
        return True

    def _type_label(self):
        self.ensure_one()
        return dict(
            self.with_context(lang=self.company_id.partner_id.lang)
            ._fields["sanction_type"]
            ._description_selection(self.with_context(lang=self.company_id.partner_id.lang).env)
        )[self.sanction_type]

    def _notify_dealer(self, body):
        """A note on the sanction for the dealer's service managers, in the dealer's language."""
        self.ensure_one()
        managers = (
            self.env.ref("kia_base.group_service_manager")
            .sudo()
            .users.filtered(lambda user: user.company_id == self.company_id and not user.share)
        )
        # sudo: head office's manager tells the dealer's service managers, whom it may not read.
        self.sudo().message_post(
            body=body, partner_ids=managers.partner_id.ids, subtype_xmlid="mail.mt_note"
        )

    def _check_state(self, states):
        for sanction in self:
            if sanction.state not in states:
                raise UserError(
                    self.env._(
                        "%(name)s cannot do this in state %(state)s.",
                        name=sanction.name,
                        state=dict(SANCTION_STATES)[sanction.state],
                    )
                )

    def _label(self):
        self.ensure_one()
        env = self._kia_lang_env()
        return env._(
            "Assessment %(type)s %(name)s: %(reason)s",
            type=dict(self._fields["sanction_type"]._description_selection(env))[
                self.sanction_type
            ],
            name=self.name,
            reason=self.reason,
        )

    def _reward_move_vals(self):
        self.ensure_one()
        hq = self.company_id.kia_hq_company_id
        if not hq:
            raise UserError(
                self.env._(
                    "Dealer %(name)s has no head office to be rewarded by.",
                    name=self.company_id.name,
                )
            )
        product = self.env.ref("kia_analysis.product_assessment_reward")
        company = self.company_id
        tax = company._kia_reward_vat("sale")
        line = {
            "product_id": product.id,
            "name": self._label(),
            "quantity": 1,
            "price_unit": self._reward_price(tax),
            "tax_ids": [fields.Command.set(tax.ids)],
        }
        account = company._kia_reward_account("sale")
        if account:
            line["account_id"] = account.id
        return {
            "move_type": "out_invoice",
            "company_id": company.id,
            "partner_id": hq.partner_id.id,
            "invoice_date": self.date,
            "invoice_origin": self.name,
            "ref": self.name,
            "kia_sanction_id": self.id,
            "invoice_line_ids": [fields.Command.create(line)],
        }

    def _reward_price(self, tax):
        """The line's price so that the invoice's total (价税合计) is the reward's amount to the
        cent: the amount itself when the VAT is included in prices (l10n_cn), else the net
        whose VAT brings it to the amount."""
        self.ensure_one()
        currency = self.currency_id
        if tax.price_include or tax.amount_type != "percent":
            return self.amount
        price = currency.round(self.amount / (1 + tax.amount / 100))
        for _attempt in range(3):
            total = tax.compute_all(price, currency=currency)["total_included"]
            diff = currency.compare_amounts(total, self.amount)
            if not diff:
                break
            price = currency.round(price - diff * currency.rounding)
        return price
