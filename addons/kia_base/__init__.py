from . import models
from .hooks import pre_init_hook, restore_noupdate_records


def post_init_hook(env):
    restore_noupdate_records(env, "kia_base")
    # A database that had vehicle files before this add-on (the earlier layout): one network
    # vehicle per VIN, every file linked. Nothing to do on a new database.
    env["kia.vehicle"]._kia_link_fleet_vehicles()
