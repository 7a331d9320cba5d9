from odoo import fields, models


class ResGroups(models.Model):
    _inherit = "res.groups"

    kia_home_action_id = fields.Many2one(
        "ir.actions.actions",
        string="Role Home",
        help="The page a user of this role lands on after login: his role's home cards, or the "
        "service manager's dashboard.",
    )
    kia_home_priority = fields.Integer(
        string="Role Home Priority",
        help="A user with several roles lands on the home of the role with the highest priority.",
    )

    def write(self, vals):
        result = super().write(vals)
        if {"kia_home_action_id", "kia_home_priority", "users"} & set(vals):
            self.users._kia_sync_home_action()
        return result
