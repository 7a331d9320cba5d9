from . import models
from .hooks import install_split_addons, take_over_records


def pre_init_hook(env):
    take_over_records(env, "kia_base")
    install_split_addons(env)
