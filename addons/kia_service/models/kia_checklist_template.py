from odoo import fields, models

CHECKLIST_KINDS = [
    ("walkaround", "Walk-Around Check"),
    ("qc", "Final Inspection"),
]


class KiaChecklistTemplate(models.Model):
    _name = "kia.checklist.template"
    _description = "Checklist Template"
    _inherit = ["kia.hq.owned.mixin"]
    _order = "kind, sequence, id"
    _check_company_auto = True

    def _default_company_id(self):
        """A dealer's own templates are its own; head office's are shared by every dealer."""
        company = self.env.company
        return company if company.kia_dealer_type != "hq" else False

    def _selection_ro_type(self):
        return self.env["repair.order"]._fields["kia_ro_type"].selection

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kind = fields.Selection(CHECKLIST_KINDS, required=True, default="walkaround", index=True)
    ro_type = fields.Selection(
        selection="_selection_ro_type",
        string="RO Type",
        help="Used for repair orders of this type; leave empty for every type.",
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self._default_company_id(),
        help="Leave empty to share the template with every dealer (head office only).",
    )
    item_ids = fields.One2many(
        "kia.checklist.template.item", "template_id", string="Items", copy=True
    )

    def _find(self, kind, ro_type, company):
        """The most specific template for a kind, RO type and dealer."""
        # One query: the fields of the ordering below come with the search.
        templates = self.search_fetch(
            [
                ("kind", "=", kind),
                ("ro_type", "in", [ro_type, False]),
                ("company_id", "in", [company.id, False]),
            ],
            ["ro_type", "company_id", "sequence"],
        )
        return templates.sorted(lambda t: (not t.ro_type, not t.company_id, t.sequence, t.id))[:1]
