import threading
import uuid

from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import UserError
from odoo.service.model import retrying
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.kia_service.tests.service_common import customer_signature

# Generous bounds for a loaded 2-core machine; none of them is ever waited out when the lock
# works: they only turn a broken lock into a failure instead of a hang.
WAIT_SECONDS = 60
LOCK_TIMEOUT = "90s"


@tagged("post_install", "-at_install")
class TestIssuingRace(TransactionCase):
    """Two parts clerks issue the last unit of a part to two repair orders at the same time, in
    two real transactions (two cursors, two threads), through the request wrapper Odoo runs
    every RPC call in (``odoo.service.model.retrying``). The data is committed by a cursor of
    its own and removed again afterwards, even when the test fails."""

    def setUp(self):
        super().setUp()
        self.ids = self._commit_setup()

    def _env(self, cr, uid=SUPERUSER_ID, **context):
        return api.Environment(
            cr, uid, dict({"tracking_disable": True, "lang": "en_US"}, **context)
        )

    def _commit_setup(self):
        """One Kia part with exactly one unit on hand, two repair orders that each need it and
        two parts clerks, committed so that other transactions see them."""
        tag = uuid.uuid4().hex[:8]
        ids = {}
        self.addCleanup(self._remove, ids)
        with self.registry.cursor() as cr:
            env = self._env(cr)
            company = env.ref("base.main_company")
            stock = (
                env["stock.warehouse"]
                .search([("company_id", "=", company.id)], limit=1)
                .lot_stock_id
            )
            clerks = env["res.users"]
            for number in (1, 2):
                clerks |= new_test_user(
                    env,
                    login=f"t_race_clerk_{number}_{tag}",
                    groups="kia_parts.group_parts_clerk",
                    company_id=company.id,
                    company_ids=[(6, 0, company.ids)],
                )
            part = env["product.product"].create(
                {
                    "name": f"Race oil filter {tag}",
                    "type": "consu",
                    "is_storable": True,
                    "kia_part_number": f"TRACE-{tag}",
                    "kia_part_category": "maintenance",
                    "kia_dealer_price": 30.0,
                }
            )
            env["stock.quant"]._update_available_quantity(part, stock, 1)
            customer = env["res.partner"].create(
                {"name": f"Race customer {tag}", "company_id": company.id}
            )
            repairs = env["repair.order"].create(
                [
                    {
                        "partner_id": customer.id,
                        "company_id": company.id,
                        # signed at the counter: parts go to repair orders the customer signed
                        "kia_customer_signature": customer_signature(),
                        "move_ids": [
                            (
                                0,
                                0,
                                {
                                    "repair_line_type": "add",
                                    "product_id": part.id,
                                    "product_uom_qty": 1,
                                },
                            )
                        ],
                    }
                    for _number in (1, 2)
                ]
            )
            # the advisor walked round the car with the customer at reception
            repairs.kia_walkaround_ids.write({"result": "ok"})
            ids.update(
                clerks=clerks.ids,
                partners=(customer | clerks.partner_id).ids,
                part=part.id,
                stock=stock.id,
                repairs=repairs.ids,
            )
            # committed on leaving the block
        return ids

    def _remove(self, ids):
        """Remove the committed data again (cursor of its own, committed)."""
        if not ids:
            return
        with self.registry.cursor() as cr:
            cr.execute(SQL("SET LOCAL lock_timeout = %s", LOCK_TIMEOUT))
            env = self._env(cr)
            env["repair.order"].browse(ids["repairs"]).exists().unlink()
            part = env["product.product"].browse(ids["part"])
            moves = env["stock.move"].search([("product_id", "=", part.id)])
            moves._action_cancel()
            moves.unlink()
            env["stock.quant"].search([("product_id", "=", part.id)]).unlink()
            part.product_tmpl_id.unlink()
            env["res.users"].browse(ids["clerks"]).unlink()
            env["res.partner"].browse(ids["partners"]).unlink()

    def _issue(self, cr, clerk_id, repair_id, attempts, tried=None, **context):
        """What a parts clerk's click does on the server: the action run in a request of its
        own by Odoo's retrying wrapper (rollback and retry on a lock or serialization error,
        commit at the end). Each try's outcome goes to ``attempts``, and sets ``tried``."""
        env = self._env(cr, clerk_id, **context)

        def issue():
            cr.execute(SQL("SET LOCAL lock_timeout = %s", LOCK_TIMEOUT))
            try:
                result = env["repair.order"].browse(repair_id).action_kia_issue_parts()
            except Exception as exc:
                attempts.append(exc)
                if tried:
                    tried.set()
                raise
            attempts.append(result)
            if tried:
                tried.set()
            return result

        return retrying(issue, env)

    def _state(self):
        """What the database holds now, read by a fresh transaction."""
        with self.registry.cursor() as cr:
            env = self._env(cr)
            repairs = env["repair.order"].browse(self.ids["repairs"])
            part = env["product.product"].browse(self.ids["part"])
            return {
                repair.id: (
                    repair.state,
                    repair.kia_parts_issued,
                    repair.move_ids.quantity,
                    repair.move_ids.picked,
                    len(repair.move_ids.move_line_ids),
                )
                for repair in repairs
            } | {
                "free": part.with_context(location=self.ids["stock"]).free_qty,
                "on_hand": part.with_context(location=self.ids["stock"]).qty_available,
            }

    def test_last_unit_goes_to_one_repair_only(self):
        """The first clerk has issued the last unit and their request is still running (its
        reservation not yet written). The second clerk is turned away at once by the quant
        lock, without waiting, and their retried request then finds no unit left. Without
        the lock the second clerk reserves the same unit and both repair orders get it."""
        first, second = self.ids["repairs"]
        clerk_1, clerk_2 = self.ids["clerks"]
        attempts = []
        outcome = {}
        first_try = threading.Event()

        def second_clerk():
            with self.registry.cursor() as cr:
                try:
                    self._issue(cr, clerk_2, second, attempts, first_try, lang="zh_CN")
                    outcome["result"] = True
                except Exception as exc:  # noqa: BLE001 - reported to the main thread
                    cr.rollback()
                    outcome["error"] = exc
                finally:
                    first_try.set()

        with self.registry.cursor() as cr_first:
            # the first clerk issues the last unit; their request has not ended yet
            env_first = self._env(cr_first, clerk_1)
            cr_first.execute(SQL("SET LOCAL lock_timeout = %s", LOCK_TIMEOUT))
            env_first["repair.order"].browse(first).action_kia_issue_parts()
            thread = threading.Thread(target=second_clerk, name="kia-race-second-clerk")
            thread.start()
            # even when an assertion fails, the request ends before the data is removed
            self.addCleanup(thread.join, WAIT_SECONDS)
            try:
                # the second clerk is turned away at once: they do not wait on the first
                # clerk's open transaction
                self.assertTrue(
                    first_try.wait(WAIT_SECONDS),
                    "the second repair order waited for the first instead of being refused",
                )
                self.assertIsInstance(attempts[0], errors.LockNotAvailable)
            finally:
                cr_first.commit()
        thread.join(WAIT_SECONDS)
        self.assertFalse(thread.is_alive(), "the second clerk's request did not end")

        # retried after the first clerk's commit, the second request sees no unit left and is
        # refused with a clear message in the clerk's language
        self.assertNotIn("result", outcome)
        self.assertIsInstance(outcome["error"], UserError)
        self.assertIn("库存不足", str(outcome["error"]))
        self.assertGreaterEqual(len(attempts), 2)

        state = self._state()
        self.assertEqual(state[first], ("confirmed", True, 1.0, True, 1))
        # nothing was written for the loser: still a draft, nothing reserved or picked
        self.assertEqual(state[second], ("draft", False, 0.0, False, 0))
        self.assertEqual(state["free"], 0.0)
        self.assertEqual(state["on_hand"], 1.0)

    def test_simultaneous_clicks(self):
        """Both clerks click at the same instant: exactly one gets the unit."""
        first, second = self.ids["repairs"]
        clerk_1, clerk_2 = self.ids["clerks"]
        start = threading.Barrier(2, timeout=WAIT_SECONDS)
        outcomes = {}

        def clerk(clerk_id, repair_id):
            with self.registry.cursor() as cr:
                try:
                    start.wait()
                    self._issue(cr, clerk_id, repair_id, [])
                    outcomes[repair_id] = True
                except Exception as exc:  # noqa: BLE001 - reported to the main thread
                    cr.rollback()
                    outcomes[repair_id] = exc

        threads = [
            threading.Thread(target=clerk, args=args, name=f"kia-race-clerk-{args[1]}")
            for args in ((clerk_1, first), (clerk_2, second))
        ]
        for thread in threads:
            thread.start()
            self.addCleanup(thread.join, WAIT_SECONDS)
        for thread in threads:
            thread.join(WAIT_SECONDS)
        self.assertFalse(any(thread.is_alive() for thread in threads))

        winners = [rid for rid, result in outcomes.items() if result is True]
        # the loser's retried request finds no unit left; on a very loaded machine it may
        # also run out of retries while the winner still holds the lock: refused either way
        losers = [
            rid
            for rid, result in outcomes.items()
            if isinstance(result, (UserError, errors.LockNotAvailable))
        ]
        self.assertEqual(len(winners), 1, outcomes)
        self.assertEqual(len(losers), 1, outcomes)
        if isinstance(outcomes[losers[0]], UserError):
            self.assertIn("Not enough stock", str(outcomes[losers[0]]))
        state = self._state()
        self.assertEqual(state[winners[0]], ("confirmed", True, 1.0, True, 1))
        self.assertEqual(state[losers[0]], ("draft", False, 0.0, False, 0))
        self.assertEqual(state["free"], 0.0)
