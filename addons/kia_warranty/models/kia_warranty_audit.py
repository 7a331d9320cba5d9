from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

AUDIT_STATES = [("open", "To Audit"), ("confirmed", "Confirmed"), ("chargeback", "Charged Back")]


class KiaWarrantyAudit(models.Model):
    """A claim head office's rules selected for audit, with the reason, and the audit's
    outcome: confirmed, or charged back (the claim is reversed through its Charge Back)."""

    _name = "kia.warranty.audit"
    _description = "Claim Audit"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True

    company_id = fields.Many2one("res.company", string="Dealer", required=True, index=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    claim_id = fields.Many2one(
        "kia.warranty.claim", required=True, index=True, ondelete="restrict", check_company=True
    )
    vin = fields.Char(related="claim_id.vin", string="VIN")
    claim_amount = fields.Monetary(related="claim_id.amount_approved", string="Approved")
    rule_id = fields.Many2one("kia.warranty.audit.rule", required=True, index=True)
    reason = fields.Text(required=True)
    state = fields.Selection(AUDIT_STATES, default="open", required=True, index=True, tracking=True)
    auditor_id = fields.Many2one("res.users", readonly=True, tracking=True)
    audit_date = fields.Date(readonly=True)
    outcome_note = fields.Text(help="What the audit found.")
    chargeback_amount = fields.Monetary(
        help="What head office takes back from the dealer; the claim's Charge Back books it."
    )

    _sql_constraints = [
        ("claim_rule_uniq", "unique(claim_id, rule_id)", "A rule selects a claim only once."),
    ]

    def _compute_display_name(self):
        for audit in self:
            audit.display_name = f"{audit.claim_id.name} / {audit.rule_id.name}"

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        generated = self.env._("head office's Generate Audit List")
        outcome = self.env._("head office's Confirm and Charge Back buttons")
        res.update(
            {
                "company_id": generated,
                "claim_id": generated,
                "rule_id": generated,
                "reason": generated,
                "state": outcome,
                "auditor_id": outcome,
                "audit_date": outcome,
            }
        )
        return res

    def write(self, vals):
        if not self.env.su and set(vals) & {"outcome_note", "chargeback_amount"}:
            self.env["kia.warranty.claim"]._kia_check_reviewer()
            done = self.filtered(lambda a: a.state != "open")
            if done:
                raise UserError(self.env._("This audit is closed: its outcome cannot change."))
        return super().write(vals)

    @api.model
    def action_generate(self):
        """Head office's button (and monthly cron): apply every active rule to the claims of
        its window; a claim already selected by a rule is not selected again."""
        self.env["kia.warranty.claim"]._kia_check_reviewer()
        audits = self._kia_generate()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Claim Audits"),
            "res_model": self._name,
            "views": [[False, "list"], [False, "form"]],
            "domain": [("state", "=", "open")],
            "context": {"created": len(audits)},
        }

    @api.model
    def _kia_generate(self, today=None):
        today = today or fields.Date.context_today(self)
        vals_list = []
        # sudo: the selection reads every dealer's claims across the network for head office;
        # the caller was checked (reviewer) or is the cron.
        rules = self.env["kia.warranty.audit.rule"].sudo().search([])
        for rule in rules:
            date_from = today - relativedelta(months=rule.months)
            for claim_id, company_id, reason in rule._kia_select(date_from, today):
                vals_list.append(
                    {
                        "claim_id": claim_id,
                        "company_id": company_id,
                        "rule_id": rule.id,
                        "reason": reason,
                    }
                )
        if not vals_list:
            return self.browse()
        done = {
            (audit.claim_id.id, audit.rule_id.id)
            for audit in self.sudo().search([("rule_id", "in", rules.ids)])
        }
        vals_list = [v for v in vals_list if (v["claim_id"], v["rule_id"]) not in done]
        with self._kia_unlocked():
            return self.sudo().create(vals_list).sudo(False)

    def action_confirm(self):
        """The audit found the claim right."""
        self._kia_close("confirmed")
        return True

    def action_chargeback(self):
        """The audit found the claim wrong: the claim is charged back through its own flow
        (a credit note, the settlement itself untouched)."""
        for audit in self:
            if audit.claim_id.state != "settled":
                raise UserError(
                    self.env._(
                        "Claim %(name)s is not settled: reject or correct it in review "
                        "instead of charging it back.",
                        name=audit.claim_id.name,
                    )
                )
            if not audit.chargeback_amount or not audit.outcome_note:
                raise UserError(
                    self.env._("Enter the amount charged back and what the audit found.")
                )
        self._kia_close("chargeback")
        for audit in self:
            claim = audit.claim_id
            claim.write({"chargeback_amount": audit.chargeback_amount})
            claim.action_chargeback(note=audit.outcome_note)
        return True

    def _kia_close(self, state):
        self.env["kia.warranty.claim"]._kia_check_reviewer()
        if self.filtered(lambda a: a.state != "open"):
            raise UserError(self.env._("This audit is closed: its outcome cannot change."))
        with self._kia_unlocked("state", "auditor_id", "audit_date"):
            self.write(
                {
                    "state": state,
                    "auditor_id": self.env.uid,
                    "audit_date": fields.Date.context_today(self),
                }
            )
