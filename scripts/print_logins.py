"""Prints the demo logins of the Kia suite, grouped by company: print_logins.py CONFIG DB."""

import sys

import odoo
from odoo.tools import config


def main(conf, db):
    config.parse_config(["-c", conf, "-d", db, "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"lang": "zh_CN"})
        category = env.ref("kia_base.module_category_kia_after_sales")
        users = env["res.users"].search(
            ["|", ("login", "=like", "kia.%"), ("login", "=like", "portal.%")],
            order="company_id, login",
        )
        portal = env.ref("base.group_portal")
        lines = ["", "Demo logins (password = login), http://localhost:8069:"]
        company = None
        for user in users:
            if user.company_id != company:
                company = user.company_id
                lines.append(f"\n  {company.name} ({company.kia_dealer_code})")
            roles = user.groups_id.filtered(lambda g: g.category_id == category)
            # The roles the user was given, not those they imply (a manager is also an advisor).
            implied = roles.trans_implied_ids
            top = roles - implied
            if user.share:
                # Demo customers on the customer portal.
                top = portal
            lines.append(f"    {user.login:<22} {user.name:<6} {', '.join(top.mapped('name'))}")
        lines.append("\n  admin / admin: administrator\n")
        sys.stdout.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:3])
