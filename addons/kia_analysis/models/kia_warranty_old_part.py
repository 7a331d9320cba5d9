from odoo import api, fields, models
from odoo.exceptions import UserError

# Old parts head office asked back whose lateness is penalised.
PENALISED_STATES = ("requested", "shipped", "received")


class KiaWarrantyOldPart(models.Model):
    """The bridge from old-part logistics (kia_warranty) to the dealer's parts guarantee
    deposit (kia_parts): an old part shipped after its return deadline, or still not shipped
    after it, costs the dealer the penalty head office set for it, once, as a penalty line of
    the deposit ledger."""

    _inherit = "kia.warranty.old.part"

    kia_penalty_line_id = fields.Many2one(
        "kia.parts.deposit.line",
        string="Late Return Penalty",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="kia_parts.group_parts_manager,kia_parts.group_hq_parts_officer,"
        "account.group_account_manager",
    )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res["kia_penalty_line_id"] = self.env._("head office's late-return penalty run")
        return res

    def _kia_is_late(self, today):
        self.ensure_one()
        shipped = self.return_id.ship_date if self.return_id.state != "draft" else False
        return bool(self.return_due_date) and (shipped or today) > self.return_due_date

    @api.model
    def _kia_penalise_late_returns(self, today=None):
        """Head office's rule (daily cron): each late old part not penalised yet gets a penalty
        line on its dealer's deposit, posted at once when the deposit covers it (else left in
        draft for head office's parts officer). Returns the lines made."""
        today = today or fields.Date.context_today(self)
        # sudo: the system's rule across every dealer; deposits are head office's ledger.
        parts = self.sudo().search(
            [
                ("state", "in", PENALISED_STATES),
                ("return_due_date", "<", today),
                ("kia_penalty_line_id", "=", False),
            ]
        )
        parts = parts.filtered(lambda p: p._kia_is_late(today))
        Line = self.env["kia.parts.deposit.line"].sudo()
        lines = Line
        for part in parts:
            company = part.company_id
            amount = company.kia_wty_late_return_penalty
            if company.currency_id.compare_amounts(amount, 0.0) <= 0:
                continue
            env = part.with_context(lang=company.partner_id.lang).env
            line = Line.create(
                {
                    "company_id": company.id,
                    "date": today,
                    "line_type": "penalty",
                    "amount": amount,
                    "note": env._(
                        "Late return of old part %(tag)s (claim %(claim)s, due %(date)s)",
                        tag=part.name,
                        claim=part.claim_id.name,
                        date=part.return_due_date,
                    ),
                }
            )
            with part._kia_unlocked("kia_penalty_line_id"):
                part.write({"kia_penalty_line_id": line.id})
            try:
                with self.env.cr.savepoint():
                    line.action_post()
            except UserError as error:
                line.message_post(body=str(error))
            lines |= line
        return lines
