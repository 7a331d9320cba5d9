"""A dealer's database on the earlier layout (everything in kia_service) updates to the current
one with ``-u`` and keeps every record, every id, every user's roles and every edit a dealer made
to the data the suite loads; a second update keeps those edits too (noupdate data).

The earlier layout is taken from this repository's history (LAYOUT_COMMIT), installed with its
demo data into a database of its own, next to the test database.
"""

import os
import pathlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
import unittest

import psycopg2

from odoo.tools import config

ROOT = pathlib.Path(__file__).resolve().parent.parent
# The last commit of the layout where kia_service held the network, customer care and facilities.
LAYOUT_COMMIT = "36c7263191123aec4805657ee55bf8036c728047"
OLD_ADDONS = "kia_service,kia_parts,kia_warranty,kia_training,kia_analysis,kia_warranty_training"
SPLIT = ("kia_base", "kia_customer_care", "kia_facility")
# Tables whose rows must all survive the update.
TABLES_SQL = """
    SELECT m.model FROM ir_model m
     WHERE (m.model LIKE 'kia.%%' OR m.model IN %s)
       AND NOT m.transient
"""
CORE_MODELS = (
    "res.company",
    "res.users",
    "res.partner",
    "res.groups",
    "fleet.vehicle",
    "fleet.vehicle.odometer",
    "fleet.vehicle.model",
    "repair.order",
    "repair.service",
    "helpdesk.ticket",
    "maintenance.equipment",
    "maintenance.request",
    "survey.survey",
    "survey.user_input",
    "ir.sequence",
    "ir.cron",
    "mail.template",
    "mail.activity.type",
    "account.move",
)
# Records the update must neither lose nor duplicate.
BUSINESS_MODELS = (
    "res.company",
    "res.users",
    "res.partner",
    "fleet.vehicle",
    "repair.order",
    "helpdesk.ticket",
    "maintenance.equipment",
    "kia.care.call",
    "kia.audit",
    "kia.appointment",
    "ir.sequence",
    "ir.cron",
    "mail.template",
)
# Screens, menus and rules are the code's, not the dealer's: the update may replace them.
UI_MODELS = (
    "ir.ui.view",
    "ir.ui.menu",
    "ir.actions.act_window",
    "ir.actions.act_window.view",
    "ir.actions.server",
    "ir.actions.report",
    "ir.rule",
)
# What a dealer edits in the data the suite loads, and how: (xml id, table, column, value).
DEALER_EDITS = [
    ("kia_service.seq_kia_appointment", "ir_sequence", "prefix", "SH-BK-"),
    ("kia_service.ir_cron_kia_appointment_reminder", "ir_cron", "interval_number", 2),
    ("kia_service.checklist_item_qc_lights", "kia_checklist_template_item", "sequence", 99),
    ("kia_customer_care.ir_cron_care_calls", "ir_cron", "interval_number", 3),
    ("kia_facility.ir_cron_tool_calibration", "ir_cron", "interval_number", 4),
]


def _git_archive(target):
    archive = target / "old.tar"
    with archive.open("wb") as handle:
        subprocess.run(
            ["git", "-C", str(ROOT), "archive", LAYOUT_COMMIT, "addons"],
            stdout=handle,
            check=True,
        )
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    return target / "addons"


def _addons_path(ours):
    paths = [
        p for p in config["addons_path"].split(",") if pathlib.Path(p).resolve() != ROOT / "addons"
    ]
    return ",".join(paths + [str(ours)])


class TestUpgradeLayout(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.workdir = pathlib.Path(tempfile.mkdtemp(prefix="kia-upgrade-"))
        cls.addClassCleanup(shutil.rmtree, cls.workdir, ignore_errors=True)
        cls.db = f"{config['db_name'] or 'kia_test'}_upgrade".replace(",", "_")
        cls._dropdb()
        cls.addClassCleanup(cls._dropdb)
        cls.old_addons = _git_archive(cls.workdir)

    @classmethod
    def _dropdb(cls):
        subprocess.run(["dropdb", "--if-exists", cls.db], check=True)

    def odoo(self, addons, *args):
        """Run Odoo on the upgrade database; fail on any ERROR or CRITICAL it logs."""
        log = self.workdir / "odoo.log"
        cmd = [
            sys.executable,
            "-m",
            "odoo",
            "--addons-path",
            _addons_path(addons),
            "--data-dir",
            str(self.workdir / "data"),
            "-d",
            self.db,
            "--stop-after-init",
            "--log-level=warn",
            "--logfile",
            str(log),
            *args,
        ]
        for key in ("db_host", "db_port", "db_user", "db_password"):
            if config.get(key):
                cmd.append(f"--{key.replace('_', '-')}={config[key]}")
        done = subprocess.run(cmd, check=False, timeout=1800, env=dict(os.environ))
        if done.returncode:
            lines = log.read_text().splitlines() if log.exists() else []
            self.fail(
                f"odoo {' '.join(args)} exited with {done.returncode}:\n" + "\n".join(lines[-60:])
            )
        errors = [
            line
            for line in log.read_text().splitlines()
            if " ERROR " in line or " CRITICAL " in line
        ]
        log.unlink()
        self.assertEqual(errors, [], f"odoo {' '.join(args)} logged errors")

    def query(self, sql, *params):
        conn = psycopg2.connect(
            dbname=self.db,
            host=config.get("db_host") or None,
            port=config.get("db_port") or None,
            user=config.get("db_user") or None,
            password=config.get("db_password") or None,
        )
        try:
            with conn, conn.cursor() as cr:
                cr.execute(sql, params)
                return cr.fetchall() if cr.description else None
        finally:
            conn.close()

    def snapshot(self):
        counts = {}
        for (model,) in self.query(TABLES_SQL, CORE_MODELS):
            table = model.replace(".", "_")
            exists = self.query("SELECT to_regclass(%s)", table)[0][0]
            if exists:
                counts[model] = self.query(f'SELECT count(*) FROM "{table}"')[0][0]  # noqa: S608
        xmlids = {
            name: res_id
            for name, res_id in self.query(
                "SELECT name, res_id FROM ir_model_data WHERE module = 'kia_service'"
                " AND model NOT LIKE 'ir.model%%' AND NOT model = ANY(%s)",
                list(UI_MODELS),
            )
        }
        members = dict(
            self.query(
                """SELECT d.name, array_agg(r.uid ORDER BY r.uid)
                     FROM ir_model_data d JOIN res_groups_users_rel r ON r.gid = d.res_id
                    WHERE d.model = 'res.groups' AND d.module IN ('kia_service', 'kia_base')
                    GROUP BY d.name"""
            )
        )
        roles = {}
        for uid, gid in self.query("SELECT uid, gid FROM res_groups_users_rel"):
            roles.setdefault(uid, set()).add(gid)
        return counts, xmlids, members, roles

    def xmlid_res_id(self, xmlid):
        module, name = xmlid.split(".")
        rows = self.query(
            "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s", module, name
        )
        return rows[0][0] if rows else None

    def edit(self, layout):
        """Make the dealer's edits; on the old layout every record was kia_service's."""
        for xmlid, table, column, value in DEALER_EDITS:
            name = xmlid.split(".")[1]
            res_id = self.xmlid_res_id(f"kia_service.{name}" if layout == "old" else xmlid)
            self.assertTrue(res_id, xmlid)
            self.query(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', value, res_id)  # noqa: S608

    def assert_edits_kept(self):
        for xmlid, table, column, value in DEALER_EDITS:
            res_id = self.xmlid_res_id(xmlid)
            self.assertTrue(res_id, f"{xmlid} exists")
            kept = self.query(f'SELECT "{column}" FROM "{table}" WHERE id = %s', res_id)[0][0]  # noqa: S608
            self.assertEqual(kept, value, f"the dealer's {column} of {xmlid} is kept")

    def test_update_from_earlier_layout(self):
        self.odoo(self.old_addons, "-i", OLD_ADDONS, "--load-language=zh_CN")
        self.edit("old")
        counts, xmlids, members, roles = self.snapshot()
        menu_root = self.xmlid_res_id("kia_service.kia_service_menu_root")
        self.assertGreater(counts["repair.order"], 10, "the demo network is there")
        complaints_sql = "SELECT id FROM helpdesk_ticket WHERE kia_is_complaint ORDER BY id"
        complaints = self.query(complaints_sql)
        self.assertTrue(complaints, "the demo network has complaints")

        started = self.query("SELECT now() AT TIME ZONE 'UTC'")[0][0]
        self.odoo(ROOT / "addons", "-u", "kia_service")

        states = dict(
            self.query(
                "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)",
                list(SPLIT) + OLD_ADDONS.split(","),
            )
        )
        self.assertEqual(set(states.values()), {"installed"}, states)
        new_counts, _new_xmlids, new_members, new_roles = self.snapshot()
        for model, count in counts.items():
            self.assertGreaterEqual(new_counts.get(model, 0), count, f"every {model} kept")
        for model in BUSINESS_MODELS:
            # Records the update adds come from the add-ons' data files (new demo records have
            # their external id); none is made by the move itself.
            added = self.query(
                f'SELECT count(*) FROM "{model.replace(".", "_")}" t'  # noqa: S608
                " WHERE NOT EXISTS (SELECT 1 FROM ir_model_data d"
                "                    WHERE d.model = %s AND d.res_id = t.id)"
                "   AND t.create_date > %s",
                model,
                started,
            )[0][0]
            self.assertEqual(added, 0, f"no {model} made twice")
            self.assertGreaterEqual(new_counts[model], counts[model], f"every {model} kept")
        # Every record kia_service held keeps its id, under kia_service or the add-on that took
        # it over.
        lost = {}
        for name, res_id in xmlids.items():
            now = {
                module: self.xmlid_res_id(f"{module}.{name}") for module in ("kia_service", *SPLIT)
            }
            if res_id not in now.values():
                lost[name] = (res_id, now)
        self.assertEqual(lost, {})
        self.assertEqual(
            self.xmlid_res_id("kia_base.kia_base_menu_root"),
            menu_root,
        )
        # Users keep their roles: the same users in the same groups, except the two Odoo groups
        # kia_service's least-privilege migration takes from users who held them only through a
        # Kia role (technicians and customer relations are no Inventory users, a service manager
        # is no invoicing user by his role).
        # Users the update's new demo data made (a new role's demo user) are not compared.
        known = set(roles)
        new_members = {
            name: [uid for uid in uids if uid in known] for name, uids in new_members.items()
        }
        self.assertEqual(new_members, members)
        taken = {
            self.xmlid_res_id("stock.group_stock_user"),
            self.xmlid_res_id("account.group_account_invoice"),
        }
        lost_roles = {uid: gids - new_roles.get(uid, set()) - taken for uid, gids in roles.items()}
        self.assertEqual({uid: gids for uid, gids in lost_roles.items() if gids}, {})
        self.assert_edits_kept()
        # kia_customer_care, installed by the update, keeps the complaints complaints
        self.assertEqual(self.query(complaints_sql), complaints)

        # A later update of the suite keeps what the dealer edits, too.
        self.edit("new")
        self.odoo(ROOT / "addons", "-u", "all")
        self.assert_edits_kept()
        self.assertEqual(self.snapshot()[0], new_counts)
