from . import models
from . import report
from . import wizards

from odoo.tools import SQL

from odoo.addons.kia_base.hooks import restore_noupdate_records


def pre_init_hook(env):
    """Tickets the database already holds stay plain tickets: the complaint flag's column is
    made before the install would fill it with its default (README: existing records)."""
    env.cr.execute(
        SQL("ALTER TABLE helpdesk_ticket ADD COLUMN IF NOT EXISTS kia_is_complaint boolean")
    )


def post_init_hook(env):
    restore_noupdate_records(env, "kia_customer_care")


def uninstall_hook(env):
    """Give helpdesk_mgmt its company rule back (this add-on replaced it)."""
    rule = env.ref("helpdesk_mgmt.helpdesk_ticket_comp_rule", raise_if_not_found=False)
    if rule:
        rule.active = True
