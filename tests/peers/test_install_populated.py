"""The suite installed onto a database that held a dealer's ordinary Odoo data.

Run by `make test-peers` (scripts/test_peers.sh), which makes that database with Odoo's and
OCA's add-ons only, adds ordinary records (scripts/peers_populate.py), writes what they were to
the JSON file KIA_PEERS_SNAPSHOT names, then installs the suite and runs this file: nothing the
database held is broken or reclassified, and a plain ticket becomes a complaint only by the
deliberate Mark as Complaint step.
"""

import json
import os

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged
from odoo.tests.common import TransactionCase


def _plain(value):
    # many2one values read as [id, name]: the names may be translated, the ids must stay
    return value[0] if isinstance(value, (list, tuple)) and len(value) == 2 else value


@tagged("post_install", "-at_install")
class TestInstallOntoPopulatedDatabase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with open(os.environ["KIA_PEERS_SNAPSHOT"]) as fh:
            cls.snapshot = json.load(fh)

    def _assert_kept(self, model):
        before = self.snapshot[model]
        self.assertTrue(before, f"the database held no {model} before the install")
        fnames = [name for name in before[0] if name != "id"]
        # read in the language the snapshot was taken in (names are translated)
        lang = self.snapshot.get("lang") or self.env.ref("base.user_root").lang
        records = (
            self.env[model]
            .with_context(active_test=False, lang=lang)
            .browse([r["id"] for r in before])
        )
        self.assertEqual(len(records.exists()), len(before), f"{model} records were lost")
        after = {r["id"]: r for r in records.read(fnames)}
        for row in before:
            for fname in fnames:
                self.assertEqual(
                    _plain(after[row["id"]][fname]),
                    _plain(row[fname]),
                    f"{model} {row['id']}: {fname} changed by the install",
                )
        return records

    def test_records_kept(self):
        for model in ("fleet.vehicle", "repair.order", "stock.move", "stock.quant"):
            self._assert_kept(model)
        self._assert_kept("maintenance.equipment")
        self._assert_kept("product.product")
        vehicles = self._assert_kept("fleet.vehicle")
        self.assertTrue(vehicles.filtered(lambda v: not v.vin_sn), "no vehicle without VIN")
        # a car without VIN still reads and writes as before
        vehicles.filtered(lambda v: not v.vin_sn)[:1].write({"odometer": 99999})

    def test_tickets_stay_plain_tickets(self):
        tickets = self._assert_kept("helpdesk.ticket")
        self.assertFalse(tickets.filtered("kia_is_complaint"), "existing tickets became complaints")
        self.assertFalse(
            self.env["helpdesk.ticket"].search_count(
                [("id", "in", tickets.ids), ("kia_is_complaint", "=", True)]
            )
        )

    def test_mark_as_complaint_is_the_deliberate_step(self):
        ticket = (
            self.env["helpdesk.ticket"]
            .browse([r["id"] for r in self.snapshot["helpdesk.ticket"]])
            .filtered(lambda t: not t.closed)[:1]
        )
        self.assertTrue(ticket)
        company = ticket.company_id
        helpdesk_user = new_test_user(
            self.env,
            "peers_helpdesk",
            groups="helpdesk_mgmt.group_helpdesk_user",
            company_id=company.id,
        )
        # a plain helpdesk user works the old ticket as before, but cannot make it a complaint
        ticket.with_user(helpdesk_user).write({"description": "<p>still a ticket</p>"})
        with self.assertRaises(AccessError):
            ticket.with_user(helpdesk_user).action_kia_mark_complaint()
        with self.assertRaises(AccessError):
            ticket.with_user(helpdesk_user).write({"kia_is_complaint": True})
        self.assertFalse(ticket.kia_is_complaint)
        relations = new_test_user(
            self.env,
            "peers_relations",
            groups="kia_base.group_customer_relations,helpdesk_mgmt.group_helpdesk_user",
            company_id=company.id,
        )
        self.assertIs(ticket.with_user(relations).action_kia_mark_complaint(), True)
        self.assertTrue(ticket.kia_is_complaint)
        self.assertTrue(ticket.kia_resolution_deadline)

    def test_old_repair_order_runs_odoo_flow(self):
        repair = self.env["repair.order"].search(
            [
                ("id", "in", [r["id"] for r in self.snapshot["repair.order"]]),
                ("state", "=", "draft"),
            ],
            limit=1,
        )
        self.assertTrue(repair)
        stock_user = new_test_user(
            self.env,
            "peers_stock",
            groups="stock.group_stock_user",
            company_id=repair.company_id.id,
        )
        repair.with_user(stock_user).action_validate()
        self.assertEqual(repair.state, "confirmed")
        self.assertFalse(repair.kia_walkaround_ids)
