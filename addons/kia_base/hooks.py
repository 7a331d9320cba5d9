"""Moving records out of kia_service into the add-ons split from it.

kia_base, kia_customer_care and kia_facility took over models, fields and records that
kia_service used to hold. On a database installed before the split, updating kia_service installs
them; their install hooks hand the existing records over to them, so that nothing is created
twice or removed: each record keeps its id, its links (users in a group, a sequence's next
number, a cron or template a dealer edited) and its ``noupdate`` flag.

Before an add-on loads its data (``pre_init_hook``), every external id it declares in its data,
demo and access files is renamed from ``kia_service.<name>`` to ``<addon>.<name>``. Models,
fields, selection values and SQL constraints need nothing: Odoo gives them the new add-on's
external ids when it loads, and the end of the update then only drops kia_service's old ids
(the records, columns and constraints stay, as another add-on now owns them).

New add-ons have no installed version to migrate from, so Odoo's ``migrations/`` scripts (run on
update of an installed add-on) cannot do this; the install hooks are the place Odoo gives.
"""

import csv
import logging

from lxml import etree

from odoo.modules.module import get_manifest, get_resource_path
from odoo.tools import SQL

_logger = logging.getLogger(__name__)

OLD_MODULE = "kia_service"
# Records that changed their name as well as their add-on.
RENAMED = {("kia_service", "kia_service_menu_root"): ("kia_base", "kia_base_menu_root")}
# Add-ons split from kia_service that a database on the old layout must install.
SPLIT_ADDONS = ("kia_customer_care", "kia_facility")
XML_TAGS = ("record", "menuitem", "template", "act_window", "report")


def _old_layout(env):
    """True on a database where kia_service still holds the network models."""
    env.cr.execute(
        SQL(
            "SELECT 1 FROM ir_model_data WHERE module = %s AND name = %s",
            OLD_MODULE,
            "model_kia_region",
        )
    )
    return bool(env.cr.rowcount)


def _declared_names(module):
    """The external ids ``module`` declares (without its prefix) in its data, demo and access
    files."""
    manifest = get_manifest(module)
    names = set()
    for path in manifest.get("data", []) + manifest.get("demo", []):
        full = get_resource_path(module, *path.split("/"))
        if not full:
            continue
        if path.endswith(".csv"):
            with open(full, encoding="utf-8") as handle:
                names.update(row["id"] for row in csv.DictReader(handle) if row.get("id"))
        elif path.endswith(".xml"):
            for node in etree.parse(full).iter(*XML_TAGS):
                xmlid = node.get("id")
                if xmlid and "." not in xmlid:
                    names.add(xmlid)
    return names


def _rename_xmlids(env, pairs):
    """Rename (old module, old name) to (new module, new name) where the new one is free."""
    for (old_module, old_name), (new_module, new_name) in pairs:
        env.cr.execute(
            SQL(
                """UPDATE ir_model_data SET module = %s, name = %s
                    WHERE module = %s AND name = %s
                      AND NOT EXISTS (
                          SELECT 1 FROM ir_model_data WHERE module = %s AND name = %s)""",
                new_module,
                new_name,
                old_module,
                old_name,
                new_module,
                new_name,
            )
        )


def take_over_records(env, module):
    """``pre_init_hook`` of a split add-on: its records of the old layout become its own."""
    if not _old_layout(env):
        return
    names = _declared_names(module)
    pairs = [((OLD_MODULE, name), (module, name)) for name in sorted(names)]
    pairs += [(old, new) for old, new in RENAMED.items() if new[0] == module and new[1] in names]
    _rename_xmlids(env, pairs)
    _logger.info("%s: took over %d records of %s", module, len(pairs), OLD_MODULE)


def install_split_addons(env):
    """On a database of the old layout, the add-ons split from kia_service are installed in the
    same update, so that the records they took over are never orphaned."""
    if not _old_layout(env):
        return
    modules = env["ir.module.module"].search(
        [("name", "in", SPLIT_ADDONS), ("state", "=", "uninstalled")]
    )
    modules.button_install()
    _logger.info("Installing %s with the split of kia_service", ", ".join(modules.mapped("name")))
