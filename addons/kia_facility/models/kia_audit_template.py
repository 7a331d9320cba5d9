from odoo import api, fields, models


class KiaAuditTemplate(models.Model):
    """A facility self-audit checklist: criteria with points and veto items. Head office's
    templates (no company) serve every dealer and HQ's area manager alike."""

    _name = "kia.audit.template"
    _description = "Facility Audit Checklist"
    _order = "name"
    _check_company_auto = True
    _inherit = ["kia.hq.owned.mixin"]

    name = fields.Char(required=True, translate=True)
    company_id = fields.Many2one(
        "res.company", index=True, help="Empty for head office's checklists shared network-wide."
    )
    criterion_ids = fields.One2many("kia.audit.criterion", "template_id", string="Criteria")
    total_points = fields.Float(compute="_compute_total_points")
    active = fields.Boolean(default=True)

    def _kia_hq_groups(self):
        return ("kia_base.group_hq_officer",)

    @api.depends("criterion_ids.points")
    def _compute_total_points(self):
        for template in self:
            template.total_points = sum(template.criterion_ids.mapped("points"))
