from odoo import api, fields, models

from odoo.addons.kia_base.models.res_company import DEALER_TYPES

from .kia_role_requirement import KIA_ROLES


class KiaStaffingRequirement(models.Model):
    """How many employees holding a valid certification of a type (or higher level of its
    track) each dealer of a type must have."""

    _name = "kia.staffing.requirement"
    _description = "Kia Staffing Requirement"
    _inherit = ["kia.hq.owned.mixin"]
    _order = "dealer_type, role, certification_type_id"

    dealer_type = fields.Selection(
        [t for t in DEALER_TYPES if t[0] != "hq"], required=True, index=True
    )
    role = fields.Selection(KIA_ROLES, required=True, index=True)
    certification_type_id = fields.Many2one(
        "kia.certification.type", string="Certification", required=True, index=True
    )
    min_headcount = fields.Integer(string="Minimum Certified Headcount", required=True, default=1)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "type_uniq",
            "unique(dealer_type, certification_type_id)",
            "One requirement per dealer type and certification.",
        ),
        ("headcount_positive", "CHECK(min_headcount > 0)", "The headcount must be positive."),
    ]

    def _kia_hq_groups(self):
        return ("kia_training.group_hq_training_manager",)

    def _kia_hq_owned(self):
        # Head office's network catalogue: there is no dealer's own record of this model.
        return self

    @api.depends("dealer_type", "certification_type_id", "min_headcount")
    def _compute_display_name(self):
        types = dict(self._fields["dealer_type"]._description_selection(self.env))
        for req in self:
            req.display_name = (
                f"{types.get(req.dealer_type, '')}: {req.certification_type_id.name or ''}"
                f" × {req.min_headcount}"
            )
