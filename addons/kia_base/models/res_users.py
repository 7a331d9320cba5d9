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

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        users._kia_sync_home_action()
        return users

    def write(self, vals):
        result = super().write(vals)
        if any(key == "groups_id" or key.startswith(("in_group_", "sel_groups_")) for key in vals):
            self._kia_sync_home_action()
        return result

    def _kia_sync_home_action(self):
        """Land each user on the home of his Kia role with the highest priority. A home the
        user (or an administrator) chose that is not a Kia role's home is kept; a user without
        a Kia role keeps Odoo's default."""
        # sudo: the roles' homes are configuration read for any user whose groups change
        groups = self.env["res.groups"].sudo().search([("kia_home_action_id", "!=", False)])
        kia_homes = groups.kia_home_action_id
        for user in self.sudo():
            own = (user.groups_id & groups).sorted(
                lambda group: (-group.kia_home_priority, group.id)
            )
            home = own[:1].kia_home_action_id
            if user.action_id and user.action_id not in kia_homes:
                continue
            if user.action_id != home:
                # sudo: a user's home is set by the role he was given, not by who gave it
                super(ResUsers, user).write({"action_id": home.id or False})
        return True
