from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.kia_base.models.kia_protected_mixin import kia_lock_rows

LIBRARIANS = ("kia_base.group_foreman", "kia_base.group_service_manager")


class KiaTechnicalDocumentLoan(models.Model):
    """技术资料借阅登记: a dealer's copy of a technical document lent to a member of its staff,
    with its due date and return."""

    _name = "kia.technical.document.loan"
    _description = "Technical Document Loan"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "date_returned desc, date_due, id desc"
    _check_company_auto = True
    _rec_names_search = ["document_id", "borrower_id"]

    document_id = fields.Many2one(
        "kia.technical.document", required=True, index=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    borrower_id = fields.Many2one(
        "res.users",
        string="Borrowed by",
        required=True,
        index=True,
        tracking=True,
        domain="[('company_ids', 'in', company_id), ('share', '=', False)]",
    )
    lender_id = fields.Many2one(
        "res.users", string="Lent by", default=lambda self: self.env.user, readonly=True
    )
    date_out = fields.Date(
        string="Borrowed On", required=True, default=fields.Date.context_today, tracking=True
    )
    date_due = fields.Date(
        string="Due Back",
        required=True,
        tracking=True,
        default=lambda self: (
            fields.Date.context_today(self)
            + timedelta(days=self.env.company.kia_document_loan_days)
        ),
    )
    date_returned = fields.Date(string="Returned On", copy=False, readonly=True, tracking=True)
    state = fields.Selection(
        [("on_loan", "On Loan"), ("overdue", "Overdue"), ("returned", "Returned")],
        compute="_compute_state",
        search="_search_state",
    )
    note = fields.Char()

    @api.depends("date_returned", "date_due")
    @api.depends_context("tz")
    def _compute_state(self):
        today = fields.Date.context_today(self)
        for loan in self:
            if loan.date_returned:
                loan.state = "returned"
            elif loan.date_due and loan.date_due < today:
                loan.state = "overdue"
            else:
                loan.state = "on_loan"

    def _search_state(self, operator, value):
        if operator not in ("=", "in"):
            raise UserError(self.env._("Unsupported search on the loan status."))
        states = [value] if operator == "=" else list(value)
        today = fields.Date.context_today(self)
        domains = {
            "returned": [("date_returned", "!=", False)],
            "overdue": [("date_returned", "=", False), ("date_due", "<", today)],
            "on_loan": [("date_returned", "=", False), ("date_due", ">=", today)],
        }
        result = []
        for state in states:
            result = ["|", *result, *domains[state]] if result else domains[state]
        return result or [("id", "=", False)]

    @api.depends("document_id", "borrower_id")
    def _compute_display_name(self):
        for loan in self:
            loan.display_name = f"{loan.document_id.code or ''} — {loan.borrower_id.name or ''}"

    @api.constrains("date_out", "date_due")
    def _check_dates(self):
        for loan in self:
            if loan.date_due < loan.date_out:
                raise ValidationError(self.env._("A document is due back after it was borrowed."))

    @api.constrains("document_id", "company_id", "date_returned")
    def _check_single_loan(self):
        for loan in self.filtered(lambda loan: not loan.date_returned):
            other = self.search_count(
                [
                    ("id", "!=", loan.id),
                    ("document_id", "=", loan.document_id.id),
                    ("company_id", "=", loan.company_id.id),
                    ("date_returned", "=", False),
                ],
                limit=1,
            )
            if other:
                raise ValidationError(
                    self.env._(
                        "%(document)s is already on loan: it must be returned first.",
                        document=loan.document_id.display_name,
                    )
                )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res.update(
            {
                "date_returned": self.env._("the Returned button"),
                "lender_id": self.env._("lending the document"),
            }
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        self._kia_require_groups(*LIBRARIANS, action=self.env._("lend"))
        # the dealer's copy: one loan at a time (two clerks lending it at once)
        kia_lock_rows(
            self.env["kia.technical.document"].browse(
                [vals["document_id"] for vals in vals_list if vals.get("document_id")]
            )
        )
        with self._kia_unlocked("lender_id"):
            for vals in vals_list:
                vals["lender_id"] = self.env.uid
            return super().create(vals_list)

    def write(self, vals):
        if set(vals) & {"document_id", "borrower_id", "date_out", "company_id"}:
            self._kia_require_groups(*LIBRARIANS, action=self.env._("change"))
            if any(loan.date_returned for loan in self):
                raise UserError(
                    self.env._("A returned loan is part of the log: it is not changed.")
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_logged(self):
        if not self.env.user.has_group("kia_base.group_service_manager"):
            raise UserError(
                self.env._("Only the service manager deletes an entry of the loan log.")
            )

    def action_return(self):
        self._kia_require_groups(*LIBRARIANS, action=self.env._("record the return of"))
        if any(loan.date_returned for loan in self):
            raise UserError(self.env._("This document was returned already."))
        with self._kia_unlocked("date_returned"):
            self.write({"date_returned": fields.Date.context_today(self)})
        return True
