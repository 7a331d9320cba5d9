from odoo import fields, models


class KiaRegion(models.Model):
    _inherit = "kia.region"

    kia_field_engineer_id = fields.Many2one(
        "res.users",
        string="Field Engineer",
        domain=lambda self: [("groups_id", "in", self.env.ref("kia_base.group_hq_officer").ids)],
        help="区域技术经理: head office's engineer who takes the region's technical requests "
        "at the second support level.",
    )
