import re

from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

FAPIAO_TYPES = [
    ("special", "VAT Special Invoice"),
    ("general", "VAT General Invoice"),
]
FAPIAO_FIELDS = ("kia_fapiao_type", "kia_fapiao_number", "kia_fapiao_date")
# A fully digital invoice (全电发票) is numbered with 20 digits by the tax platform.
FAPIAO_NUMBER = re.compile(r"^\d{20}$")


class AccountMove(models.Model):
    """A repair order's invoices and cost entries know their repair order; a customer invoice
    records the fapiao (发票) the tax platform issued for it."""

    _inherit = "account.move"

    kia_repair_id = fields.Many2one(
        "repair.order",
        string="Repair Order",
        index="btree_not_null",
        readonly=True,
        copy=False,
        groups="account.group_account_invoice,kia_base.group_user",
        help="The repair order this invoice settles or this entry books the cost of.",
    )
    kia_fapiao_type = fields.Selection(
        FAPIAO_TYPES,
        string="Fapiao Type",
        copy=False,
        tracking=True,
        groups="account.group_account_invoice",
        help="增值税专用发票 (the buyer deducts the input VAT) or 增值税普通发票, as issued on the "
        "tax platform.",
    )
    kia_fapiao_number = fields.Char(
        string="Fapiao No.",
        copy=False,
        tracking=True,
        index="btree_not_null",
        groups="account.group_account_invoice",
        help="The 20-digit number of the fully digital invoice (全电发票) the tax platform "
        "issued; recorded by the accountant.",
    )
    kia_fapiao_date = fields.Date(
        string="Fapiao Date",
        copy=False,
        tracking=True,
        groups="account.group_account_invoice",
    )

    _sql_constraints = [
        (
            "kia_fapiao_number_company_uniq",
            "UNIQUE(company_id, kia_fapiao_number)",
            "This fapiao number is already recorded on another invoice of the company.",
        )
    ]

    @api.constrains(*FAPIAO_FIELDS, "move_type", "state")
    def _check_kia_fapiao(self):
        for move in self:
            if not any(move[fname] for fname in FAPIAO_FIELDS):
                continue
            if move.move_type not in ("out_invoice", "out_refund"):
                raise ValidationError(
                    self.env._("A fapiao is recorded on customer invoices and credit notes only.")
                )
            if move.state != "posted":
                raise ValidationError(
                    self.env._(
                        "A fapiao is recorded on a posted invoice only: record it once %(move)s "
                        "is posted. An invoice whose fapiao is issued is corrected by a credit "
                        "note, not reset to draft.",
                        move=move.display_name,
                    )
                )
            if not all(move[fname] for fname in FAPIAO_FIELDS):
                raise ValidationError(
                    self.env._(
                        "Record the fapiao's type, number and date together on %(move)s.",
                        move=move.display_name,
                    )
                )
            if not FAPIAO_NUMBER.match(move.kia_fapiao_number):
                raise ValidationError(
                    self.env._(
                        "%(number)s is not a fapiao number: a fully digital invoice (全电发票) "
                        "has 20 digits.",
                        number=move.kia_fapiao_number,
                    )
                )

    def _kia_check_fapiao_writer(self, vals_list):
        if self.env.su or not any(fname in vals for vals in vals_list for fname in FAPIAO_FIELDS):
            return
        if not self.env.user.has_group("account.group_account_manager"):
            raise AccessError(
                self.env._("Only an accountant records the fapiao issued for an invoice.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._kia_check_fapiao_writer(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._kia_check_fapiao_writer([vals])
        return super().write(vals)

    def action_kia_approve_credit(self):
        """The accountant approves credit for the repair order of this invoice."""
        self.ensure_one()
        # sudo: the accountant holds no repair rights; the wizard checks the role.
        return self.sudo().kia_repair_id.with_env(self.env).action_kia_open_credit_wizard()
