"""Moving records out of kia_service into the add-ons split from it.

kia_base, kia_customer_care and kia_facility took over models, fields and records that
kia_service used to hold. On a database installed before the split, updating kia_service installs
them (kia_base as kia_service's new dependency, the other two with it), and they take the existing
records over in place: each record keeps its id, its links (users in a group, a sequence's next
number, a cron or template a dealer edited) and its ``noupdate`` flag; nothing is made twice.

- kia_base's ``pre_init_hook`` runs before kia_service is updated: every external id the three
  add-ons declare in their data, demo and access files is renamed from ``kia_service.<name>`` to
  ``<addon>.<name>`` (so kia_service's update neither validates nor removes them), the split
  add-ons are marked for installation without loading their demo data a second time, and the
  rows of every ``noupdate`` record they take over are kept aside.
- Installing an add-on writes its data even where the record exists; each add-on's
  ``post_init_hook`` then puts its ``noupdate`` records back as the dealer left them.
- Models, fields, selection values and SQL constraints need nothing: Odoo gives them the new
  add-on's external ids when it loads, and the end of the update then only drops kia_service's old
  ids (the records, columns and constraints stay, as another add-on now owns them).

New add-ons have no installed version to migrate from, so Odoo's ``migrations/`` scripts (run on
update of an installed add-on) cannot do this; the install hooks are the place Odoo gives.
"""

import csv
import logging

from lxml import etree
from psycopg2.extras import Json

from odoo.modules.module import get_manifest
from odoo.tools import SQL, file_path

_logger = logging.getLogger(__name__)

OLD_MODULE = "kia_service"
SPLIT_ADDONS = ("kia_base", "kia_customer_care", "kia_facility")
# Records that changed their name as well as their add-on.
RENAMED = {("kia_service", "kia_service_menu_root"): ("kia_base", "kia_base_menu_root")}
XML_TAGS = ("record", "menuitem", "template")


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
        full = file_path(f"{module}/{path}")
        if path.endswith(".csv"):
            with open(full, encoding="utf-8") as handle:
                names.update(row["id"] for row in csv.DictReader(handle) if row.get("id"))
        elif path.endswith(".xml"):
            for node in etree.parse(full).iter(*XML_TAGS):
                xmlid = node.get("id")
                if xmlid and "." not in xmlid:
                    names.add(xmlid)
    return names


def _take_over(env, module):
    """Rename kia_service's external ids of ``module``'s records; return the ``noupdate`` ones
    as (model, res_id) pairs. The extension views taken over stay empty until the add-on loads
    them."""
    pairs = [((OLD_MODULE, name), (module, name)) for name in sorted(_declared_names(module))]
    pairs += [(old, new) for old, new in RENAMED.items() if new[0] == module]
    kept, views = [], []
    for (old_module, old_name), (new_module, new_name) in pairs:
        env.cr.execute(
            SQL(
                """UPDATE ir_model_data SET module = %s, name = %s
                    WHERE module = %s AND name = %s
                      AND NOT EXISTS (
                          SELECT 1 FROM ir_model_data WHERE module = %s AND name = %s)
                RETURNING model, res_id, noupdate""",
                new_module,
                new_name,
                old_module,
                old_name,
                new_module,
                new_name,
            )
        )
        for model, res_id, noupdate in env.cr.fetchall():
            if noupdate:
                kept.append((model, res_id))
            elif model == "ir.ui.view":
                views.append(res_id)
    # Until the add-on loads them again, the extension views it took over must not take part in
    # validating the views of add-ons updated before it (they may show fields it now defines).
    if views:
        env.cr.execute(
            SQL(
                "UPDATE ir_ui_view SET arch_db = %s WHERE id = ANY(%s) AND inherit_id IS NOT NULL",
                Json({"en_US": "<data/>"}),
                views,
            )
        )
    _logger.info("%s takes over %d records of %s", module, len(pairs), OLD_MODULE)
    return kept


def _empty_dropped_views(env):
    """The extension views of the earlier layout's add-ons that no add-on declares any more (the
    update deletes them at its end) take no part meanwhile in validating the views of the
    add-ons updated before that end: they may show fields of an add-on not loaded yet, or
    fields the update removed."""
    modules = env["ir.module.module"].search(
        [("name", "=like", "kia\\_%"), ("state", "in", ("installed", "to upgrade"))]
    )
    for module in modules.mapped("name"):
        if not get_manifest(module):
            continue
        env.cr.execute(
            SQL(
                """UPDATE ir_ui_view v SET arch_db = %s
                     FROM ir_model_data d
                    WHERE d.model = 'ir.ui.view' AND d.res_id = v.id AND d.module = %s
                      AND NOT d.name = ANY(%s) AND v.inherit_id IS NOT NULL""",
                Json({"en_US": "<data/>"}),
                module,
                sorted(_declared_names(module)),
            )
        )
        if env.cr.rowcount:
            _logger.info("%d views %s no longer declares set aside", env.cr.rowcount, module)


def _snapshot_rows(env, records):
    """The database rows of (model, res_id) records, by table."""
    rows = {}
    for model, res_id in records:
        table = model.replace(".", "_")
        env.cr.execute(SQL("SELECT * FROM %s WHERE id = %s", SQL.identifier(table), res_id))
        row = env.cr.dictfetchone()
        if row:
            rows[(table, res_id)] = row
    return rows


def pre_init_hook(env):
    """kia_base's install on a database of the earlier layout: take the records over for the
    three split add-ons before kia_service is updated."""
    if not _old_layout(env):
        return
    snapshots = {module: _snapshot_rows(env, _take_over(env, module)) for module in SPLIT_ADDONS}
    _empty_dropped_views(env)
    # The registry lives through the whole update: the split add-ons' post_init_hook reads it.
    env.registry._kia_split_snapshots = snapshots
    others = env["ir.module.module"].search([("name", "in", SPLIT_ADDONS[1:])])
    others.filtered(lambda module: module.state == "uninstalled").button_install()
    # Their demo records exist already: loading the demo again would redo its actions.
    others.write({"demo": False})
    _logger.info("Installing %s with the split of kia_service", ", ".join(others.mapped("name")))


def restore_noupdate_records(env, module):
    """``post_init_hook`` of a split add-on: its ``noupdate`` records taken over from
    kia_service are put back as they were before its data loaded."""
    snapshots = getattr(env.registry, "_kia_split_snapshots", {}).pop(module, {})
    for (table, res_id), row in snapshots.items():
        columns = [column for column in row if column != "id"]
        env.cr.execute(
            SQL(
                "UPDATE %s SET %s WHERE id = %s",
                SQL.identifier(table),
                SQL(", ").join(
                    SQL(
                        "%s = %s",
                        SQL.identifier(column),
                        Json(row[column]) if isinstance(row[column], dict) else row[column],
                    )
                    for column in columns
                ),
                res_id,
            )
        )
    if snapshots:
        env.invalidate_all()
        _logger.info("%s kept %d records as the dealer left them", module, len(snapshots))
