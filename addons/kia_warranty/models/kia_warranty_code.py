from odoo import api, fields, models

CODE_TYPES = [
    ("failure", "Failure"),
    ("condition", "Condition"),
    ("cause", "Cause"),
    ("rejection", "Rejection Reason"),
]


class KiaWarrantyCode(models.Model):
    _name = "kia.warranty.code"
    _description = "Warranty Code"
    _order = "code_type, code"
    _inherit = ["kia.hq.owned.mixin"]
    _rec_names_search = ["code", "name"]

    _sql_constraints = [
        ("code_type_uniq", "unique(code, code_type)", "A code is used once per type."),
    ]

    code = fields.Char(required=True, index=True)
    name = fields.Char(string="Description", required=True, translate=True)
    code_type = fields.Selection(CODE_TYPES, string="Type", required=True, index=True)
    serious = fields.Boolean(
        string="Serious Safety Fault",
        help="Steering, braking, body cracking, fuel leakage and the like: counted by the "
        "three guarantees rules.",
    )
    active = fields.Boolean(default=True)

    def _kia_hq_owned(self):
        # Kia's network catalogue: no record belongs to a dealer.
        return self

    def _kia_hq_groups(self):
        return ("kia_base.group_hq_manager", "kia_warranty.group_hq_warranty_reviewer")

    @api.depends("code", "name")
    def _compute_display_name(self):
        for record in self:
            record.display_name = f"[{record.code}] {record.name}" if record.code else record.name
