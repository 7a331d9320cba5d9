from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

PWA_RULE_TYPES = [
    ("amount", "Estimated Cost Above"),
    ("part", "Parts"),
    ("operation", "Labour Operations"),
]


class KiaWarrantyPwaRule(models.Model):
    """Head office's rule saying which warranty lines of a repair order need a prior warranty
    authorisation (PWA) before the work starts: every warranty line of an order whose estimated
    warranty cost is above a threshold, or the lines of listed parts or labour operations."""

    _name = "kia.warranty.pwa.rule"
    _description = "Prior Authorisation Rule"
    _inherit = ["mail.thread", "kia.hq.owned.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    rule_type = fields.Selection(
        PWA_RULE_TYPES, string="Applies To", required=True, default="amount", tracking=True
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    amount_threshold = fields.Monetary(
        string="Estimated Cost Above",
        tracking=True,
        help="Every warranty line of a repair order whose estimated warranty cost (labour and "
        "parts) is above this amount needs a prior authorisation.",
    )
    product_ids = fields.Many2many("product.product", string="Parts")
    labor_operation_ids = fields.Many2many("kia.labor.operation", string="Labour Operations")
    response_hours = fields.Integer(
        string="Response Time (hours)",
        default=24,
        required=True,
        tracking=True,
        help="Head office answers a request this rule triggers within these hours.",
    )
    note = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env.registry.clear_cache()  # _kia_active_ids
        return rules

    def write(self, vals):
        result = super().write(vals)
        if "active" in vals:
            self.env.registry.clear_cache()  # _kia_active_ids
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # _kia_active_ids
        return result

    @api.model
    @tools.ormcache()
    def _kia_active_ids(self):
        """The ids of the active rules, cached: every job clocked on checks them (a query
        each time otherwise); creating, archiving or deleting a rule clears the cache."""
        # sudo: the rules are head office's, the same for every user (the cache is shared).
        return tuple(self.sudo().search([]).ids)

    def _kia_hq_owned(self):
        # Kia's network catalogue: no record belongs to a dealer.
        return self

    def _kia_hq_groups(self):
        return ("kia_base.group_hq_manager", "kia_warranty.group_hq_warranty_reviewer")

    @api.constrains(
        "rule_type", "amount_threshold", "product_ids", "labor_operation_ids", "response_hours"
    )
    def _check_rule(self):
        for rule in self:
            if rule.response_hours <= 0:
                raise ValidationError(self.env._("The response time must be above zero hours."))
            if rule.rule_type == "amount" and rule.amount_threshold <= 0:
                raise ValidationError(
                    self.env._("Rule %(name)s needs a cost threshold above zero.", name=rule.name)
                )
            if rule.rule_type == "part" and not rule.product_ids:
                raise ValidationError(
                    self.env._("Rule %(name)s needs at least one part.", name=rule.name)
                )
            if rule.rule_type == "operation" and not rule.labor_operation_ids:
                raise ValidationError(
                    self.env._("Rule %(name)s needs at least one labour operation.", name=rule.name)
                )
