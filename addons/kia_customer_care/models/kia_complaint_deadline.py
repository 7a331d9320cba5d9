from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .helpdesk_ticket import COMPLAINT_CLASSES


class KiaComplaintDeadline(models.Model):
    """How fast a complaint of a class must be answered: first contact, resolution, and how
    early the owner is warned. A dealer's own rule wins over the network's (no company)."""

    _name = "kia.complaint.deadline"
    _description = "Complaint Deadline"
    _order = "company_id, complaint_class"
    _check_company_auto = True
    _inherit = ["kia.hq.owned.mixin"]

    _sql_constraints = [
        (
            "class_company_uniq",
            "unique(complaint_class, company_id)",
            "There is already a deadline rule for this class and company.",
        ),
    ]

    complaint_class = fields.Selection(COMPLAINT_CLASSES, required=True, index=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Leave empty for the network's rule; a dealer's own rule takes precedence.",
    )
    first_contact_hours = fields.Integer(
        string="First Contact within (hours)", required=True, default=24
    )
    resolution_days = fields.Integer(
        string="Resolution within (working days)", required=True, default=7
    )
    warning_hours = fields.Integer(
        string="Warn before (hours)",
        required=True,
        default=4,
        help="The first-contact owner is warned this many hours before a deadline.",
    )
    active = fields.Boolean(default=True)

    @api.constrains("first_contact_hours", "resolution_days", "warning_hours", "company_id")
    def _check_values(self):
        for rule in self:
            if rule.first_contact_hours <= 0 or rule.resolution_days <= 0:
                raise ValidationError(self.env._("Complaint deadlines must be positive."))
            if rule.warning_hours < 0:
                raise ValidationError(self.env._("The warning time cannot be negative."))
            legal = (rule.company_id or self.env.company).kia_complaint_legal_days
            if rule.resolution_days > legal:
                raise ValidationError(
                    self.env._(
                        "The resolution deadline (%(days)s working days) cannot exceed the legal "
                        "reply period of %(legal)s working days.",
                        days=rule.resolution_days,
                        legal=legal,
                    )
                )

    @api.model
    def _kia_rules(self):
        """All active rules keyed by (company id or False, class): one query per batch."""
        # sudo: deadlines apply to every user who touches a complaint, whatever their rights.
        return {(r.company_id.id, r.complaint_class): r for r in self.sudo().search([])}

    @api.model
    def _for_ticket(self, ticket, rules=None):
        """The rule that applies to ``ticket``: the dealer's own, else the network's."""
        rules = self._kia_rules() if rules is None else rules
        key = ticket.kia_complaint_class
        return rules.get((ticket.company_id.id, key)) or rules.get((False, key)) or self.browse()
