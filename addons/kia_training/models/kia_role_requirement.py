from odoo import fields, models

EDUCATION_LEVELS = [
    ("none", "None"),
    ("secondary", "Secondary / Vocational School"),
    ("graduate", "Graduate"),
    ("bachelor", "Bachelor"),
    ("master", "Master"),
    ("doctor", "Doctor"),
]
EDUCATION_RANK = {key: rank for rank, (key, _label) in enumerate(EDUCATION_LEVELS)}
# hr.employee.certificate values mapped onto the ranks above ("other" ranks as secondary).
EMPLOYEE_EDUCATION_RANK = {
    False: 0,
    "other": 1,
    "graduate": 2,
    "bachelor": 3,
    "master": 4,
    "doctor": 5,
}

KIA_ROLES = [
    ("service_manager", "Service Manager"),
    ("advisor", "Service Advisor"),
    ("foreman", "Workshop Foreman"),
    ("technician", "Technician"),
    ("qc_inspector", "QC Inspector"),
    ("parts", "Parts Staff"),
    ("warranty_admin", "Warranty Administrator"),
    ("customer_relations", "Customer Relations"),
]


class KiaRoleRequirement(models.Model):
    """任职条件: what head office requires of whoever holds an after-sales job (technicians by
    level have one requirement per level)."""

    _name = "kia.role.requirement"
    _description = "Kia Role Requirement"
    _inherit = ["kia.hq.owned.mixin"]
    _order = "role, sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    role = fields.Selection(KIA_ROLES, required=True, index=True)
    job_id = fields.Many2one(
        "hr.job", string="Job Position", help="The HR job position this requirement applies to."
    )
    education = fields.Selection(
        EDUCATION_LEVELS, string="Minimum Education", required=True, default="none"
    )
    experience_years = fields.Float(string="Minimum Experience (years)")
    certification_type_ids = fields.Many2many(
        "kia.certification.type", string="Required Certifications"
    )
    description = fields.Html(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("experience_positive", "CHECK(experience_years >= 0)", "Experience cannot be negative."),
    ]

    def _kia_hq_groups(self):
        return ("kia_training.group_hq_training_manager",)

    def _kia_hq_owned(self):
        # Head office's network catalogue: there is no dealer's own record of this model.
        return self
