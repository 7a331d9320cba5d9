from odoo import fields, models


class KiaLaborOperation(models.Model):
    _inherit = "kia.labor.operation"

    kia_required_certification_type_ids = fields.Many2many(
        "kia.certification.type",
        string="Required Certifications",
        help="A technician may only be given this job with a valid certification of each type "
        "(or a higher level of the same track), e.g. high-voltage work on electric vehicles.",
    )
