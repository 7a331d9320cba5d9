from odoo import api, fields, models

CERTIFICATION_TRACKS = [
    ("technician", "Technician"),
    ("ev_hv", "EV High Voltage"),
    ("advisor", "Service Advisor"),
    ("foreman", "Workshop Foreman"),
    ("qc", "QC Inspector"),
    ("parts", "Parts"),
    ("warranty", "Warranty Administrator"),
    ("customer_relations", "Customer Relations"),
    ("manager", "Service Manager"),
]


class KiaCertificationType(models.Model):
    """A Kia certification of a track at a level (technician certified / expert / master,
    EV high voltage ...). Head office's catalog, shared by the network. A holder of a higher
    level of the same track meets a requirement for a lower one."""

    _name = "kia.certification.type"
    _description = "Kia Certification Type"
    _inherit = ["kia.hq.owned.mixin"]
    _order = "track, level, name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, index=True)
    track = fields.Selection(CERTIFICATION_TRACKS, required=True, index=True)
    level = fields.Integer(
        default=1, required=True, help="Rank within its track: a higher level meets lower ones."
    )
    validity_months = fields.Integer(
        string="Validity (months)", default=24, help="0 means the certification never expires."
    )
    exam_required = fields.Boolean(
        default=True,
        help="Granted only on a passed exam (a survey certification); otherwise a coordinator "
        "may record it, e.g. a state licence.",
    )
    description = fields.Html(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A certification code must be unique."),
        ("level_positive", "CHECK(level > 0)", "The level must be positive."),
        ("validity_positive", "CHECK(validity_months >= 0)", "Validity cannot be negative."),
    ]

    def _kia_hq_groups(self):
        return ("kia_training.group_hq_training_manager",)

    def _kia_hq_owned(self):
        # Head office's network catalogue: there is no dealer's own record of this model.
        return self

    @api.depends("code", "name")
    def _compute_display_name(self):
        for cert_type in self:
            cert_type.display_name = f"[{cert_type.code}] {cert_type.name}"

    def _is_met_by(self, other_type):
        """True when holding ``other_type`` meets a requirement for ``self``."""
        self.ensure_one()
        return other_type.track == self.track and other_type.level >= self.level
