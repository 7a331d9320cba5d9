from odoo import fields, models


class KiaAuditCriterion(models.Model):
    _name = "kia.audit.criterion"
    _description = "Facility Audit Criterion"
    _order = "template_id, sequence, id"
    _inherit = ["kia.hq.owned.mixin"]
    _kia_hq_company_field = "template_id.company_id"

    _sql_constraints = [
        ("points_positive", "CHECK(points >= 0)", "Points cannot be negative."),
    ]

    template_id = fields.Many2one(
        "kia.audit.template", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    section = fields.Char(translate=True, help="E.g. Workshop, Parts Store, Customer Lounge.")
    name = fields.Char(string="Criterion", required=True, translate=True)
    guidance = fields.Text(translate=True, help="How to score, e.g. ≥800 m² 5 points.")
    points = fields.Float(required=True, default=1.0)
    is_veto = fields.Boolean(
        string="Veto Item", help="Failing this criterion fails the whole audit (否决项)."
    )

    def _kia_hq_groups(self):
        return ("kia_base.group_hq_officer",)
