from . import models
from . import report
from . import wizards

from odoo.addons.kia_base.hooks import restore_noupdate_records


def post_init_hook(env):
    restore_noupdate_records(env, "kia_customer_care")
