from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

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
    deposit_balance = fields.Monetary(
        related="company_id.kia_parts_deposit_balance", string="Dealer's Deposit Balance"
    )
    credit_open = fields.Monetary(
        related="company_id.kia_parts_credit_open", string="Dealer's Open Parts Credit"
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
            company = line.company_id
            balance = self._deposit_balances(company).get(company.id, 0.0)
            if (
                company.currency_id.compare_amounts(line.signed_amount, 0.0) < 0
                and company.currency_id.compare_amounts(balance + line.signed_amount, 0.0) < 0
            ):
                raise UserError(
                    self.env._(
                        "The deposit of %(dealer)s (%(balance)s) cannot cover %(amount)s.",
                        dealer=company.name,
                        balance=balance,
                        amount=line.amount,
                    )
                )
            move = self.env["account.move"].create(line._prepare_move_vals())
            move.action_post()
            line.write({"move_id": move.id, "state": "posted"})
        self.company_id.invalidate_recordset(["kia_parts_deposit_balance", "kia_parts_credit_open"])
        return True

    def action_cancel(self):
        for line in self:
            if line.move_id and line.move_id.state == "posted":
                line.move_id._reverse_moves(
                    [{"ref": self.env._("Cancel %(name)s", name=line.name)}], cancel=True
                )
        self.write({"state": "cancel"})
        self.company_id.invalidate_recordset(["kia_parts_deposit_balance", "kia_parts_credit_open"])
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

    @api.model
    def _deposit_balances(self, companies):
        """Posted deposit balance per company, from the ledger (one query for the batch)."""
        # sudo: the credit is shown to users who may not read the ledger itself
        groups = self.sudo()._read_group(
            [("company_id", "in", companies.ids), ("state", "=", "posted")],
            ["company_id"],
            ["signed_amount:sum"],
        )
        return {company.id: total for company, total in groups}

    @api.model
    def _committed_amounts(self, companies):
        """Open parts orders to head office (not yet invoiced) plus unpaid parts invoices from
        head office, per company, in two queries for the batch."""
        if not companies:
            return {}
        self.env["purchase.order.line"].flush_model()
        self.env["purchase.order"].flush_model()
        self.env["account.move"].flush_model()
        result = dict.fromkeys(companies.ids, 0.0)
        self.env.cr.execute(
            SQL(
                """
                SELECT po.company_id,
                       SUM(pol.price_total * (pol.product_qty - pol.qty_invoiced)
                           / NULLIF(pol.product_qty, 0))
                  FROM purchase_order_line pol
                  JOIN purchase_order po ON po.id = pol.order_id
                 WHERE po.company_id IN %(companies)s
                   AND po.kia_is_hq_order
                   AND po.state IN ('purchase', 'done')
                   AND pol.product_qty > pol.qty_invoiced
                 GROUP BY po.company_id
                """,
                companies=tuple(companies.ids),
            )
        )
        for company_id, amount in self.env.cr.fetchall():
            result[company_id] += amount or 0.0
        self.env.cr.execute(
            SQL(
                """
                SELECT am.company_id, SUM(am.amount_residual)
                  FROM account_move am
                  JOIN res_company c ON c.id = am.company_id
                  JOIN res_company hq ON hq.id = c.kia_hq_company_id
                 WHERE am.company_id IN %(companies)s
                   AND am.move_type = 'in_invoice'
                   AND am.state = 'posted'
                   AND am.commercial_partner_id = hq.partner_id
                   AND am.payment_state NOT IN ('paid', 'in_payment', 'reversed')
                 GROUP BY am.company_id
                """,
                companies=tuple(companies.ids),
            )
        )
        for company_id, amount in self.env.cr.fetchall():
            result[company_id] += amount or 0.0
        return result

    @api.model
    def _open_credits(self, companies, balances=None):
        """Credit open for parts orders per company, as it is now: deposit x credit factor,
        less open orders to head office and unpaid parts invoices."""
        if balances is None:
            balances = self._deposit_balances(companies)
        committed = self._committed_amounts(companies)
        return {
            company.id: balances.get(company.id, 0.0) * company.kia_parts_credit_factor
            - committed.get(company.id, 0.0)
            for company in companies
        }

    @api.model
    def _lock_credit(self, companies):
        """Serialise credit checks of one dealer: two parts orders confirmed at once must not
        both spend the same credit. Odoo retries the request when the lock is taken."""
        self.env.cr.execute(
            SQL(
                "SELECT id FROM res_company WHERE id IN %s FOR NO KEY UPDATE NOWAIT",
                tuple(companies.ids),
            )
        )
