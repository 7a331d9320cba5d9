from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

DEPOSIT_TYPES = [
    ("payment", "Payment In"),
    ("deduction", "Deduction"),
    ("refund", "Refund"),
    ("penalty", "Penalty"),
]


class KiaPartsDepositLine(models.Model):
    _name = "kia.parts.deposit.line"
    _description = "Parts Guarantee Deposit Ledger Line"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date desc, id desc"
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
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    line_type = fields.Selection(
        DEPOSIT_TYPES, string="Type", required=True, default="payment", tracking=True, index=True
    )
    amount = fields.Monetary(required=True, tracking=True, help="Always positive.")
    signed_amount = fields.Monetary(
        compute="_compute_signed_amount",
        store=True,
        help="Positive for money paid in, negative for what leaves the deposit.",
    )
    note = fields.Char(string="Description")
    state = fields.Selection(
        [("draft", "Draft"), ("posted", "Posted"), ("cancel", "Cancelled")],
        default="draft",
        required=True,
        tracking=True,
        index=True,
        readonly=True,
        copy=False,
    )
    move_id = fields.Many2one(
        "account.move",
        string="Journal Entry",
        readonly=True,
        copy=False,
        check_company=True,
        index="btree_not_null",
    )

    @api.depends("amount", "line_type")
    def _compute_signed_amount(self):
        for line in self:
            line.signed_amount = line.amount if line.line_type == "payment" else -line.amount

    @api.constrains("amount")
    def _check_amount(self):
        for line in self:
            if line.currency_id.compare_amounts(line.amount, 0.0) <= 0:
                raise ValidationError(self.env._("A deposit movement needs a positive amount."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kia.parts.deposit.line") or "/"
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_posted(self):
        if any(line.state == "posted" for line in self):
            raise UserError(self.env._("A posted deposit movement cannot be deleted: cancel it."))

    def action_post(self):
        for line in self:
            if line.state != "draft":
                raise UserError(
                    self.env._("Deposit movement %(name)s is not a draft.", name=line.name)
                )
            company = line.company_id._kia_parts_fresh_credit()
            if (
                company.currency_id.compare_amounts(line.signed_amount, 0.0) < 0
                and company.currency_id.compare_amounts(
                    company.kia_parts_deposit_balance + line.signed_amount, 0.0
                )
                < 0
            ):
                raise UserError(
                    self.env._(
                        "The deposit of %(dealer)s (%(balance)s) cannot cover %(amount)s.",
                        dealer=company.name,
                        balance=company.kia_parts_deposit_balance,
                        amount=line.amount,
                    )
                )
            move = self.env["account.move"].create(line._prepare_move_vals())
            move.action_post()
            line.write({"move_id": move.id, "state": "posted"})
            company._kia_parts_fresh_credit()
        return True

    def action_cancel(self):
        for line in self:
            if line.move_id and line.move_id.state == "posted":
                line.move_id._reverse_moves(
                    [{"ref": self.env._("Cancel %(name)s", name=line.name)}], cancel=True
                )
        self.write({"state": "cancel"})
        self.company_id._kia_parts_fresh_credit()
        return True

    def _prepare_move_vals(self):
        self.ensure_one()
        company = self.company_id
        accounts = {
            "deposit": company.kia_parts_deposit_account_id,
            "journal": company.kia_parts_deposit_journal_id,
            "counterpart": {
                "payment": company.kia_parts_deposit_bank_account_id,
                "refund": company.kia_parts_deposit_bank_account_id,
                "deduction": company.kia_parts_deposit_deduction_account_id,
                "penalty": company.kia_parts_deposit_penalty_account_id,
            }[self.line_type],
        }
        if not all(accounts.values()):
            raise UserError(
                self.env._(
                    "Set the parts deposit journal and accounts of %(dealer)s first.",
                    dealer=company.name,
                )
            )
        hq_partner = company.kia_hq_company_id.partner_id
        label = f"{self.name} {self.note or ''}".strip()
        amount = self.signed_amount
        return {
            "move_type": "entry",
            "company_id": company.id,
            "journal_id": accounts["journal"].id,
            "date": self.date,
            "ref": label,
            "line_ids": [
                fields.Command.create(
                    {
                        "name": label,
                        "account_id": accounts["deposit"].id,
                        "partner_id": hq_partner.id,
                        "debit": max(amount, 0.0),
                        "credit": max(-amount, 0.0),
                    }
                ),
                fields.Command.create(
                    {
                        "name": label,
                        "account_id": accounts["counterpart"].id,
                        "partner_id": hq_partner.id,
                        "debit": max(-amount, 0.0),
                        "credit": max(amount, 0.0),
                    }
                ),
            ],
        }
