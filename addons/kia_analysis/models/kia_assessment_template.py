from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.kia_base.models.res_company import DEALER_TYPES

from .kia_assessment_criterion import weights_checked_later


class KiaAssessmentTemplate(models.Model):
    """Head office's scorecard 考核表 for one dealer type: weighted criteria (their weights sum
    to 100) and veto items 否决项."""

    _name = "kia.assessment.template"
    _description = "Dealer Assessment Template"
    _inherit = ["mail.thread", "kia.hq.owned.mixin"]
    _order = "dealer_type, name"

    name = fields.Char(required=True, translate=True, tracking=True)
    dealer_type = fields.Selection(
        [t for t in DEALER_TYPES if t[0] != "hq"], required=True, index=True, tracking=True
    )
    active = fields.Boolean(default=True)
    criterion_ids = fields.One2many(
        "kia.assessment.criterion", "template_id", string="Criteria", copy=True
    )
    weight_total = fields.Float(string="Total Weight", compute="_compute_weight_total")
    description = fields.Html()

    def _kia_hq_owned(self):
        # Head office's network definitions: there is no dealer's own record of this model.
        return self

    @api.depends("criterion_ids.weight", "criterion_ids.is_veto")
    def _compute_weight_total(self):
        for template in self:
            template.weight_total = sum(
                template.criterion_ids.filtered(lambda c: not c.is_veto).mapped("weight")
            )

    @api.constrains("criterion_ids")
    def _check_criterion_weights(self):
        for template in self:
            weights = template.criterion_ids.filtered(lambda c: not c.is_veto).mapped("weight")
            total = sum(weights)
            if weights and abs(total - 100.0) > 0.001:
                total_text = f"{total:g}"
                raise ValidationError(
                    self.env._(
                        "The weights of the criteria of %(name)s must sum to 100, not %(total)s.",
                        name=template.name,
                        total=total_text,
                    )
                )

    def write(self, vals):
        # The lines of one save are checked together, once they are all written.
        with weights_checked_later():
            result = super().write(vals)
        if "criterion_ids" in vals:
            self._check_criterion_weights()
        return result
