from odoo import SUPERUSER_ID, Command, api

# Kia role -> the Odoo group it no longer implies.
DROPPED = [
    ("kia_base.group_technician", "stock.group_stock_user"),
    ("kia_base.group_customer_relations", "stock.group_stock_user"),
    ("kia_base.group_service_manager", "account.group_account_invoice"),
]


def migrate(cr, version):
    """Technicians, QC inspectors and customer relations are no longer Inventory users, the
    service manager no longer an invoicing user, by their role: take the links off and take
    the Odoo group away from the users who held it only through them (a user who holds it
    through another group keeps it; demo data grants invoicing again where it is meant)."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    for role_xmlid, group_xmlid in DROPPED:
        role = env.ref(role_xmlid, raise_if_not_found=False)
        group = env.ref(group_xmlid, raise_if_not_found=False)
        if not role or not group or group not in role.implied_ids:
            continue
        role.write({"implied_ids": [Command.unlink(group.id)]})
        for user in role.with_context(active_test=False).users:
            others = user.groups_id - group
            if group not in others.trans_implied_ids:
                user.write({"groups_id": [Command.unlink(group.id)]})
