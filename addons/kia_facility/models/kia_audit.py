from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

HQ_AUDITOR = "kia_base.group_hq_officer"


class KiaAudit(models.Model):
    """A facility audit of one dealer against a checklist: by the dealer itself, or by head
    office's area manager when assessing the dealer."""

    _name = "kia.audit"
    _description = "Facility Audit"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "kia.protected.mixin",
        "kia.hq.owned.mixin",
    ]
    _order = "date desc, id desc"
    _check_company_auto = True

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company",
        string="Dealer",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
    )
    template_id = fields.Many2one(
        "kia.audit.template", string="Checklist", required=True, check_company=True
    )
    audit_type = fields.Selection(
        [("self", "Self-audit"), ("hq", "Head-office Audit")],
        default="self",
        required=True,
        tracking=True,
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    auditor_id = fields.Many2one("res.users", required=True, default=lambda self: self.env.user)
    state = fields.Selection(
        [("draft", "In Progress"), ("done", "Done")],
        default="draft",
        required=True,
        index=True,
        tracking=True,
    )
    line_ids = fields.One2many("kia.audit.line", "audit_id", string="Results", copy=True)
    max_points = fields.Float(compute="_compute_score", store=True)
    score = fields.Float(compute="_compute_score", store=True, tracking=True)
    score_percent = fields.Float(
        string="Score (%)", compute="_compute_score", store=True, aggregator="avg"
    )
    vetoed = fields.Boolean(
        compute="_compute_score", store=True, help="A veto item failed: the audit is failed."
    )

    @api.depends("template_id.name", "company_id.name", "date")
    def _compute_name(self):
        for audit in self:
            audit.name = (
                f"{audit.company_id.name or ''} {audit.template_id.name or ''} {audit.date}"
            )

    @api.depends("line_ids.score", "line_ids.points", "line_ids.veto_failed")
    def _compute_score(self):
        for audit in self:
            audit.max_points = sum(audit.line_ids.mapped("points"))
            audit.vetoed = any(audit.line_ids.mapped("veto_failed"))
            audit.score = 0.0 if audit.vetoed else sum(audit.line_ids.mapped("score"))
            audit.score_percent = (
                100.0 * audit.score / audit.max_points if audit.max_points else 0.0
            )

    @api.onchange("template_id")
    def _onchange_template_id(self):
        if self.state == "draft":
            self.line_ids = [fields.Command.clear()] + self._line_commands(self.template_id)

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        close = self.env._("the Close and Reopen buttons")
        res.update(
            {
                "state": close,
                "audit_type": self.env._("a head-office audit opened by head office"),
                "auditor_id": self.env._("opening the audit (the auditor is who opens it)"),
                "max_points": self.env._("the scores of its results"),
                "score": self.env._("the scores of its results"),
                "score_percent": self.env._("the scores of its results"),
                "vetoed": self.env._("the scores of its results"),
            }
        )
        return res

    def _kia_hq_groups(self):
        return (HQ_AUDITOR,)

    def _kia_hq_owned(self):
        """Head office's audits of a dealer are head office's, whatever the dealer audited."""
        return super()._kia_hq_owned() | self.filtered(lambda audit: audit.audit_type == "hq")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("template_id") and "line_ids" not in vals:
                template = self.env["kia.audit.template"].browse(vals["template_id"])
                vals["line_ids"] = self._line_commands(template)
        if any(vals.get("audit_type") == "hq" for vals in vals_list):
            self._kia_require_groups(HQ_AUDITOR, action=self.env._("open a head-office audit of"))
            with self._kia_unlocked("audit_type"):
                return super().create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and any(audit.state == "done" for audit in self):
            # A protected field is refused naming its action, as on an open audit.
            for fname in self._kia_locked_fields(vals):
                if not self._kia_same_value(fname, vals[fname]):
                    self._kia_refuse_protected(fname)
            # A closed audit changes only by its reopening, which unlocks nothing but the state.
            if set(vals) != {"state"} or self._kia_locked_fields(["state"]):
                raise ValidationError(
                    self.env._("A closed audit cannot be changed: head office may reopen it.")
                )
        return super().write(vals)

    def action_done(self):
        for audit in self:
            if audit.state != "draft":
                raise UserError(self.env._("This audit is already closed."))
            if not audit.line_ids:
                raise UserError(self.env._("An audit needs at least one criterion scored."))
        if any(audit.audit_type == "hq" for audit in self):
            self._kia_require_groups(HQ_AUDITOR, action=self.env._("close a head-office audit of"))
        self._kia_require_groups(
            "kia_base.group_service_manager", HQ_AUDITOR, action=self.env._("close")
        )
        with self._kia_unlocked("state"):
            self.write({"state": "done"})
        return True

    def action_reset(self):
        """Reopen a closed audit: head office only, its result stands otherwise."""
        self._kia_require_groups(HQ_AUDITOR, action=self.env._("reopen"))
        if any(audit.state != "done" for audit in self):
            raise UserError(self.env._("Only a closed audit can be reopened."))
        with self._kia_unlocked("state"):
            self.write({"state": "draft"})
        for audit in self:
            audit.message_post(
                body=audit._kia_lang_env()._("Reopened by %(user)s.", user=self.env.user.name)
            )
        return True

    @api.model
    def _line_commands(self, template):
        return [
            fields.Command.create(
                {
                    "criterion_id": criterion.id,
                    "name": criterion.name,
                    "section": criterion.section,
                    "points": criterion.points,
                    "is_veto": criterion.is_veto,
                }
            )
            for criterion in template.criterion_ids
        ]
