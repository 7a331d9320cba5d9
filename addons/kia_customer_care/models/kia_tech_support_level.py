from odoo import api, fields, models
from odoo.exceptions import ValidationError

SUPPORT_TIERS = [
    ("dealer", "Dealer Technical Manager"),
    ("field", "Field Engineer"),
    ("hq", "Head Office Technical"),
]


class KiaTechSupportLevel(models.Model):
    """A level of technical support (dealer technical manager → head office's field engineer
    → head office's technical department) and its response-time target. Head office's
    network configuration: dealers read it."""

    _name = "kia.tech.support.level"
    _description = "Technical Support Level"
    _inherit = ["kia.hq.owned.mixin"]
    _order = "sequence, id"

    _sql_constraints = [
        ("tier_uniq", "unique(tier)", "There is already a support level for this tier."),
    ]

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    tier = fields.Selection(SUPPORT_TIERS, required=True)
    response_hours = fields.Integer(
        string="Response Target (hours)",
        required=True,
        default=24,
        help="A request not answered at this level within this time goes up to the next level.",
    )

    def _kia_hq_owned(self):
        """Head office's network configuration: every record is head office's."""
        return self

    @api.constrains("response_hours")
    def _check_response_hours(self):
        if any(level.response_hours <= 0 for level in self):
            raise ValidationError(self.env._("A response target must be at least one hour."))

    @api.model
    def _kia_levels(self):
        # sudo: the levels drive every request, whatever the rights of who moves it.
        return self.sudo().search([]).with_env(self.env)
