from . import models
from . import report
from . import wizards

from odoo.addons.kia_base.hooks import restore_noupdate_records


def post_init_hook(env):
    restore_noupdate_records(env, "kia_customer_care")


def uninstall_hook(env):
    """Give helpdesk_mgmt its company rule back (this add-on replaced it)."""
    rule = env.ref("helpdesk_mgmt.helpdesk_ticket_comp_rule", raise_if_not_found=False)
    if rule:
        rule.active = True
