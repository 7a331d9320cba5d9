from odoo import Command
from odoo.tests import tagged

from .service_common import KiaServiceProcessCase

# Measured on Odoo 18.0 with the whole Kia suite installed (warm caches): kia_warranty and
# the customer-care due dates add their stored computes to these paths; the QC pass stamps the
# car ready and queues its notice (its cron woken: the notice is posted and mailed there, not in
# the inspector's request); delivery reads the repair order's sale orders by payer (one query) to
# invoice them; the customer's mails carry the RO's portal link (portal.mixin: 3 queries); the
# QC pass reads who clocked on and self-checked the jobs (an inspector who did the work may not
# pass it); kia_health_record's settlement check at delivery reads the sale orders, labour lines
# and parts by payer (3). All the same for 1 or 20 lines: a change that adds a query per line
# breaks them. Confirming reads the walk-around answers (2: no work before they are filled in
# and the customer signed); delivery reads the part lines for their old-part disposition (1),
# draws the completion certificate number from the dealer's sequence kept on the company (2),
# asks whether the dealer keeps its books in Odoo (cached: a sales journal; else no settlement
# or payment check) and
# finds the follow-up caller in one search (the call activity is the caller's at once; Odoo's
# "assigned to you" notice of it is posted by its cron, woken by the delivery). Clocking on
# reads head office's prior authorisation rules (kia_warranty, 1); it no longer recomputes the
# vehicle's customer-care due dates, which count finished repair orders only. The KPI snapshot
# (kia_analysis) asks, for a finished repair order, whether it recovers declined work of a month
# already closed (1). Jobs, time logs and checks are computed at insert (no UPDATE after
# it); the clock locks the jobs before reading them (read once); the crons, the call activity
# type, the checklist template and head office's authorisation rules come from cached
# lookups; the portal field check reads the user's cached groups.
BUDGETS = {"confirm": 29, "clock_on": 9, "clock_off": 6, "qc_pass": 13, "deliver": 26}


@tagged("post_install", "-at_install")
class TestServiceQueries(KiaServiceProcessCase):
    """Query budgets of the hot paths, the same for a repair order of 1 and of 20 labor lines."""

    def _repair(self, lines):
        # Each run reads a higher odometer, so every run refreshes the vehicle's due dates the
        # same way (an unchanged reading would skip that write and hide a query).
        self.odometer = getattr(self, "odometer", 20000) + 1000
        operations = self.env["kia.labor.operation"].create(
            [{"code": f"Q{lines}-{i}", "name": f"Op {i}", "hours": 0.5} for i in range(lines)]
        )
        repair = (
            self.env["repair.order"]
            .with_user(self.advisor_a)
            .create(
                {
                    "vehicle_id": self.vehicle_a.id,
                    "partner_id": self.customer_a.id,
                    "kia_odometer_in": self.odometer,
                    "repair_service_ids": [
                        Command.create({"kia_labor_operation_id": op.id}) for op in operations
                    ],
                }
            )
        )
        self.sign_repair(repair)
        return repair

    def _count(self, key, func):
        self.env.flush_all()
        self.env.invalidate_all()
        if self.warm_up:
            func()
            return
        with self.assertQueryCount(BUDGETS[key]):
            func()

    def _measure(self, lines):
        repair = self._repair(lines)
        self._count("confirm", lambda: repair.with_user(self.advisor_a).action_validate())
        jobs = repair.kia_job_ids
        jobs.with_user(self.foreman_a).write(
            {"technician_id": self.technician_a.id, "bay_id": self.bay_a.id}
        )
        first, others = jobs[0], jobs[1:]
        self._count("clock_on", lambda: first.with_user(self.technician_a).action_start())
        self._count("clock_off", lambda: first.with_user(self.technician_a).action_finish())
        for job in others:
            job.with_user(self.technician_a).action_start()
            job.with_user(self.technician_a).action_finish()
        jobs.with_user(self.foreman_a).action_foreman_check()
        self._count("qc_pass", lambda: repair.with_user(self.qc_a).action_kia_qc_pass())
        self._count("deliver", lambda: repair.with_user(self.advisor_a).action_kia_deliver())

    def test_query_counts_do_not_grow(self):
        # Warm-up: the first run fills the registry's caches.
        self.warm_up = True
        self._measure(1)
        self.warm_up = False
        for lines in (1, 20):
            with self.subTest(lines=lines):
                self._measure(lines)
