from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The service manager no longer becomes training coordinator by implication: the link
    goes, and so does the role of users who held it only through it (Odoo's own
    ``_remove_group``). Whoever coordinates training is given the role on purpose."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    manager = env.ref("kia_base.group_service_manager", raise_if_not_found=False)
    coordinator = env.ref("kia_training.group_training_coordinator", raise_if_not_found=False)
    if manager and coordinator:
        manager._remove_group(coordinator)
