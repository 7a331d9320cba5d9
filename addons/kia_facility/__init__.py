from . import models

from odoo.addons.kia_base.hooks import take_over_records


def pre_init_hook(env):
    take_over_records(env, "kia_facility")
