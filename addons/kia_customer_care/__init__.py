from . import models
from . import report
from . import wizards

from odoo.addons.kia_base.hooks import take_over_records


def pre_init_hook(env):
    take_over_records(env, "kia_customer_care")
