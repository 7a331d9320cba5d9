from odoo import api, fields, models, tools

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

    @api.model_create_multi
    def create(self, vals_list):
        templates = super().create(vals_list)
        self.env.registry.clear_cache()  # _find_id
        return templates

    def write(self, vals):
        result = super().write(vals)
        if {"kind", "ro_type", "company_id", "sequence", "active"}.intersection(vals):
            self.env.registry.clear_cache()  # _find_id
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # _find_id
        return result

    def _find(self, kind, ro_type, company):
        """The most specific template for a kind, RO type and dealer."""
        return self.browse(self._find_id(kind, ro_type or False, company.id))

    @api.model
    @tools.ormcache("kind", "ro_type", "company_id")
    def _find_id(self, kind, ro_type, company_id):
        """The id of ``_find``'s template, cached: every repair order loads its checklists
        (a query each time otherwise); a change to a template clears the cache."""
        # sudo: the cache is shared by every user; the domain limits it to what the company
        # rule shows the dealer's users (its own templates and head office's shared ones).
        # One query: the fields of the ordering below come with the search.
        templates = self.sudo().search_fetch(
            [
                ("kind", "=", kind),
                ("ro_type", "in", [ro_type, False]),
                ("company_id", "in", [company_id, False]),
            ],
            ["ro_type", "company_id", "sequence"],
        )
        best = templates.sorted(lambda t: (not t.ro_type, not t.company_id, t.sequence, t.id))
        return best[:1].id
