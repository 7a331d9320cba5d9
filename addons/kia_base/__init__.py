from . import models
from .hooks import pre_init_hook, restore_noupdate_records


def post_init_hook(env):
    restore_noupdate_records(env, "kia_base")
