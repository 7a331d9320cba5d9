from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KiaAuditLine(models.Model):
    _name = "kia.audit.line"
    _description = "Facility Audit Result"
    _order = "audit_id, id"

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

    def write(self, vals):
        if any(line.audit_id.state == "done" for line in self):
            raise ValidationError(self.env._("A closed audit cannot be changed: reopen it."))
        return super().write(vals)
