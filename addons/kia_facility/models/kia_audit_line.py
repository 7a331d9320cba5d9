from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KiaAuditLine(models.Model):
    _name = "kia.audit.line"
    _description = "Facility Audit Result"
    _order = "audit_id, id"
    _inherit = ["kia.hq.owned.mixin"]
    _kia_hq_company_field = "audit_id.company_id"

    audit_id = fields.Many2one("kia.audit", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="audit_id.company_id", store=True, index=True)
    criterion_id = fields.Many2one(
        "kia.audit.criterion", string="Checklist Criterion", ondelete="set null"
    )
    section = fields.Char()
    name = fields.Char(string="Criterion", required=True)
    points = fields.Float(string="Max Points")
    is_veto = fields.Boolean(string="Veto Item")
    score = fields.Float()
    veto_failed = fields.Boolean()
    note = fields.Text()
    attachment_ids = fields.Many2many("ir.attachment", string="Evidence")

    @api.constrains("score", "points", "veto_failed", "is_veto")
    def _check_score(self):
        for line in self:
            if line.score < 0 or line.score > line.points:
                raise ValidationError(
                    self.env._(
                        "The score of %(criterion)s must be between 0 and %(points)s.",
                        criterion=line.name,
                        points=line.points,
                    )
                )
            if line.veto_failed and not line.is_veto:
                raise ValidationError(
                    self.env._("%(criterion)s is not a veto item.", criterion=line.name)
                )

    def _kia_hq_groups(self):
        return ("kia_base.group_hq_officer",)

    def _kia_hq_owned(self):
        """The results of head office's audits are head office's to score."""
        return super()._kia_hq_owned() | self.filtered(
            lambda line: line.audit_id.audit_type == "hq"
        )

    def _kia_check_audit_open(self):
        if not self.env.su and any(line.audit_id.state == "done" for line in self):
            raise ValidationError(
                self.env._("A closed audit cannot be changed: head office may reopen it.")
            )

    @api.model_create_multi
    def create(self, vals_list):
        lines = super().create(vals_list)
        lines._kia_check_audit_open()
        return lines

    def write(self, vals):
        self._kia_check_audit_open()
        res = super().write(vals)
        if "audit_id" in vals:
            self._kia_check_audit_open()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_closed_audit(self):
        self._kia_check_audit_open()
