from odoo import api, fields, models

HQ_ROLE = "kia_base.group_hq_officer"
DEALER_TYPES = ("dealer_4s", "service_station")


class ResUsers(models.Model):
    _inherit = "res.users"

    kia_hq_company_ids = fields.Many2many(
        "res.company",
        string="Dealers in Head Office's Queues",
        compute="_compute_kia_hq_company_ids",
        help="The dealers a head-office user holds: their claims, requests and reports to head "
        "office stay in his queues whatever companies are ticked in the switcher. Empty for "
        "everybody else.",
    )

    @api.depends("groups_id", "company_ids.kia_dealer_type")
    def _compute_kia_hq_company_ids(self):
        # Read by the record rules of head office's queues (``user`` of the rule context):
        # only a head-office role widens them, and only to the dealers the user holds.
        for user in self:
            if user.has_group(HQ_ROLE):
                user.kia_hq_company_ids = user.company_ids.filtered(
                    lambda company: company.kia_dealer_type in DEALER_TYPES
                )
            else:
                user.kia_hq_company_ids = False
