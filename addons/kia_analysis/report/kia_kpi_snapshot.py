import logging
from collections import defaultdict
from datetime import date, datetime, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.tools import SQL

from .kia_kpi_report import DEALER_TYPES, DEFAULT_TIME_ZONE

_logger = logging.getLogger(__name__)

STALE_KEY = "kia_analysis.kpi_snapshot_stale"
# the dealers whose parts stock at the end of their last closed month a late change moved
STALE_STOCK_KEY = "kia_analysis.kpi_snapshot_stale_stock"
# Before any closed month (a dealer with nothing in the snapshot is live from its beginning).
NO_MONTH = date(1900, 1, 1)
# How long after a dealer's midnight its day (or month) is kept: a request still writing the
# day before (Odoo kills one after limit_time_real, 120 s by default), and a worker still
# holding the cut of the day before in its cache, finish first.
CLOSE_GRACE = timedelta(minutes=10)


class KiaKpiSnapshot(models.Model):
    """The KPI figures of each dealer's closed months, as the live records give them (one row
    per dealer and local month, one column per figure of kia.kpi.report's sources), so that
    kia.kpi.report reads a closed month here and computes only the months not closed.

    A dealer's month closes once, after it ends in the dealer's time zone (the cron
    ``_cron_kia_close_months``); a later change of a record the figures read, dated in a
    closed month, recomputes that dealer-month when the transaction commits
    (``_kia_touch``). The table and its figure columns are kia.kpi.report's (``init``): an
    add-on adding a figure there adds its column here. Nobody writes it through the ORM.

    The days of the current month that have ended are kept the same way, in one row per
    dealer (its ``open_day``: the first local day it does not hold): the report adds the
    records from that day on, computed live, to it. Its figures of a month's end (the stock
    and the dead stock value) are not in it: the live part computes them from the parts stock
    kept at that day (kia_kpi_parts_stock), and it counts a vehicle serviced once in the
    month."""

    _name = "kia.kpi.snapshot"
    _description = "KPI Figures of a Dealer's Closed Month"
    _auto = False
    _table = "kia_kpi_snapshot"
    _order = "date desc, company_id"
    _rec_name = "date"

    company_id = fields.Many2one("res.company", string="Dealer", readonly=True)
    date = fields.Date(string="Month", readonly=True)
    has_facts = fields.Boolean(
        string="Has Figures",
        readonly=True,
        help="Off for a month the dealer closed without any figure (it still closes it).",
    )
    open_day = fields.Date(
        string="Live From",
        readonly=True,
        help="Set on the row of the month not closed: it holds the figures of the days of "
        "that month before this one; the figures from this day on are computed live.",
    )
    computed_at = fields.Datetime(string="Computed on", readonly=True)
    ro_count = fields.Float(string="Repair Orders", readonly=True)
    revenue_labor = fields.Float(string="Labour Revenue", readonly=True)
    revenue_parts = fields.Float(string="Parts Revenue", readonly=True)
    revenue_warranty = fields.Float(string="Warranty Revenue", readonly=True)
    hours_sold = fields.Float(readonly=True)
    hours_clocked = fields.Float(readonly=True)

    # Table

    @api.model
    def _kia_init_table(self, columns):
        """Create the table (and the view of each company's first month not closed), add a
        column per figure; a figure new to an existing snapshot empties it: the cron fills it
        again, the months not in it are computed live meanwhile."""
        cr = self.env.cr
        cr.execute(
            SQL(
                """
                CREATE TABLE IF NOT EXISTS kia_kpi_snapshot (
                    id SERIAL PRIMARY KEY,
                    company_id INTEGER NOT NULL REFERENCES res_company(id) ON DELETE CASCADE,
                    date DATE NOT NULL,
                    has_facts BOOLEAN NOT NULL DEFAULT TRUE,
                    computed_at TIMESTAMP NOT NULL DEFAULT (NOW() AT TIME ZONE 'UTC'),
                    CONSTRAINT kia_kpi_snapshot_month_uniq UNIQUE (company_id, date)
                )
                """
            )
        )
        # each Kia part's stock at the end of the dealer's last closed month (running totals
        # of its valuation layers): the stock of the months not closed starts from it
        cr.execute(
            SQL(
                """
                CREATE TABLE IF NOT EXISTS kia_kpi_parts_stock (
                    company_id INTEGER NOT NULL REFERENCES res_company(id) ON DELETE CASCADE,
                    product_id INTEGER NOT NULL,
                    qty DOUBLE PRECISION,
                    value DOUBLE PRECISION,
                    first_in TIMESTAMP,
                    last_issue TIMESTAMP,
                    PRIMARY KEY (company_id, product_id)
                )
                """
            )
        )
        cr.execute(SQL("ALTER TABLE kia_kpi_snapshot ADD COLUMN IF NOT EXISTS open_day DATE"))
        existing = tools.sql.table_columns(cr, self._table)
        missing = [column for column in columns if column not in existing]
        for column in missing:
            cr.execute(
                SQL(
                    "ALTER TABLE kia_kpi_snapshot ADD COLUMN %s DOUBLE PRECISION",
                    SQL.identifier(column),
                )
            )
        if missing and len(missing) < len(columns):
            _logger.info("KPI snapshot: new figures %s, emptied for the cron to refill", missing)
            cr.execute(SQL("DELETE FROM kia_kpi_snapshot; DELETE FROM kia_kpi_parts_stock"))
        # Each company's first month not closed, its first day not kept (the row of that
        # month with an open_day, else the month's first day), and that day's start in UTC.
        cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW kia_kpi_snapshot_close AS (
                    -- grouped once and joined (a correlated MAX() would be run again for
                    -- every row the live figures join it to)
                    SELECT company_id, closed_month, open_day,
                           (open_day::timestamp AT TIME ZONE tz AT TIME ZONE 'UTC')
                               AS open_since
                      FROM (
                        SELECT c.id AS company_id, m.closed_month,
                               GREATEST(m.closed_month, s.open_day) AS open_day,
                               COALESCE(p.tz, %(tz)s) AS tz
                          FROM res_company c
                          JOIN res_partner p ON p.id = c.partner_id
                          LEFT JOIN (SELECT company_id,
                                            MAX(date) FILTER (WHERE open_day IS NULL)
                                                AS last_month,
                                            MAX(open_day) AS open_day
                                       FROM kia_kpi_snapshot GROUP BY company_id) s
                                 ON s.company_id = c.id
                         CROSS JOIN LATERAL (
                               SELECT COALESCE(s.last_month + INTERVAL '1 month',
                                               %(no_month)s::date)::date AS closed_month
                         ) m
                      ) k
                )
                """,
                tz=DEFAULT_TIME_ZONE,
                no_month=NO_MONTH,
            )
        )
        # What the live part of kia.kpi.report reads of the months not closed, and the
        # snapshot refill by dealer, each read from its index alone (an index-only scan: the
        # month's rows are scattered over the whole table, and reading them from the heap
        # cost a page per row): the finished repair orders by their month date, their lines
        # and parts moves, clockings by start, parts moves by date and their valuation
        # layers, claims by review and complaints by receipt. A superseded definition is
        # dropped by its old name.
        for old in (
            "kia_repair_order_kpi_date_idx",
            "kia_repair_job_time_date_start_idx",
            "kia_stock_move_repair_idx",
            "kia_repair_service_repair_idx",
        ):
            cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(old)))
        covering = [
            (
                "kia_repair_order_kpi_month_idx",
                "repair_order",
                # not partial: PostgreSQL keeps the statistics of the expression for it
                "(COALESCE(kia_delivery_date, kia_done_date, schedule_date))",
                "id, state, company_id, kia_ro_type, kia_payment_type, kia_comeback_of_id, "
                "kia_delivery_date, kia_done_date, schedule_date, kia_on_time, "
                "kia_followup_state, kia_satisfaction, kia_appointment_id, vehicle_id",
                "",
            ),
            (
                "kia_repair_service_kpi_idx",
                "repair_service",
                "repair_id",
                "product_uom_qty, kia_payer, kia_approval_state, kia_labor_operation_id",
                "",
            ),
            (
                "kia_stock_move_repair_kpi_idx",
                "stock_move",
                "repair_id",
                "id, repair_line_type, state",
                "repair_id IS NOT NULL",
            ),
            (
                "kia_repair_job_time_kpi_idx",
                "kia_repair_job_time",
                "date_start",
                "company_id, user_id, date_stop, duration",
                "",
            ),
            (
                "kia_stock_move_date_kpi_idx",
                "stock_move",
                "date",
                "id, state, location_id, location_dest_id, product_id, company_id, repair_id, "
                "repair_line_type",
                "",
            ),
            (
                "kia_svl_move_kpi_idx",
                "stock_valuation_layer",
                "stock_move_id",
                "company_id, product_id, quantity, value",
                "",
            ),
            (
                "kia_warranty_claim_review_kpi_idx",
                "kia_warranty_claim",
                "review_date",
                "company_id, state",
                "review_date IS NOT NULL",
            ),
            (
                "kia_helpdesk_ticket_complaint_kpi_idx",
                "helpdesk_ticket",
                "kia_received_date",
                "company_id",
                "kia_is_complaint AND kia_received_date IS NOT NULL",
            ),
        ]
        for name, table, key, included, where in covering:
            if not tools.sql.index_exists(cr, name):
                cr.execute(
                    SQL(
                        "CREATE INDEX %s ON %s (%s) INCLUDE (%s) %s",
                        SQL.identifier(name),
                        SQL.identifier(table),
                        SQL(key),
                        SQL(included),
                        SQL("WHERE %s", SQL(where)) if where else SQL(""),
                    )
                )

    @api.model
    def _kia_cuts(self):
        """{company id: (first month not closed, first day not kept, that day's start in
        UTC)}, every company: a record dated before the cut is in the snapshot, one dated
        from it on is computed live."""
        self.env.cr.execute(
            SQL("SELECT company_id, closed_month, open_day, open_since FROM kia_kpi_snapshot_close")
        )
        return {company_id: tuple(cut) for company_id, *cut in self.env.cr.fetchall()}

    @api.model
    def _kia_closed_months(self):
        """{company id: first month not in the snapshot}, every company."""
        return {company_id: cut[0] for company_id, cut in self._kia_cuts().items()}

    @tools.ormcache()
    def _kia_cuts_cached(self):
        """_kia_cuts, cached until the snapshot closes or keeps a month or a day."""
        return self._kia_cuts()

    def _kia_closed_months_cached(self):
        return {company_id: cut[0] for company_id, cut in self._kia_cuts_cached().items()}

    # Filling

    @api.model
    def _kia_without_jit(self, query):
        """The query run without PostgreSQL's JIT, as the live function is: compiling these
        queries (half a second) costs far more than running them for a dealer."""
        return SQL("SET LOCAL jit = off; %s; SET LOCAL jit TO DEFAULT", query)

    @api.model
    def _kia_local_month(self, company, when):
        """First day of the dealer's local month of a UTC datetime (a date is already
        local)."""
        if not when:
            return None
        if isinstance(when, datetime):
            tz = pytz.timezone(company.partner_id.tz or DEFAULT_TIME_ZONE)
            when = pytz.utc.localize(when).astimezone(tz).date()
        return when.replace(day=1)

    @api.model
    def _kia_fill(self, companies, month_from, month_to):
        """(Re)compute the figures of the dealers' months from month_from (None: their first)
        to month_to from the live records, in two queries. The last month gets a row even
        without figures: it is closed."""
        scope = {"companies": tuple(companies.ids), "month_to": month_to}
        if month_from:
            scope.update(
                month_from=month_from,
                since_date=month_from,
                since=datetime.combine(month_from, datetime.min.time()) - timedelta(days=1),
            )
        self._kia_store(scope, month_from or NO_MONTH, month_to)

    @api.model
    def _kia_day_start(self, company, day):
        """The start of the dealer's local day, in UTC (naive, as Odoo stores datetimes)."""
        tz = pytz.timezone(company.partner_id.tz or DEFAULT_TIME_ZONE)
        start = tz.localize(datetime.combine(day, datetime.min.time()))
        return start.astimezone(pytz.utc).replace(tzinfo=None)

    @api.model
    def _kia_fill_days(self, month, open_days):
        """(Re)compute the figures of the days of ``month`` (each dealer's month not closed)
        before each dealer's day of ``open_days`` {company: first day not kept}, in two
        queries: one row per dealer, even without figures (it marks the days kept). Figures
        of the month's end are left to the live part (see the class)."""
        size = max(company.id for company in open_days)
        days = [None] * size
        starts = [None] * size
        for company, day in open_days.items():
            days[company.id - 1] = day
            starts[company.id - 1] = self._kia_day_start(company, day)
        scope = {
            "companies": tuple(company.id for company in open_days),
            "month_from": month,
            "month_to": month,
            "since_date": month,
            "since": datetime.combine(month, datetime.min.time()) - timedelta(days=1),
            "cut_until": SQL("(SELECT starts FROM kia_cut)"),
            "cut_until_date": SQL("(SELECT days FROM kia_cut)"),
            # the month's end figures are the live part's: not computed from all history here
            "without_stock": True,
        }
        self._kia_store(scope, month, month, days, starts)

    @api.model
    def _kia_store(self, scope, month_from, month_to, days=(), starts=()):
        """Replace the rows of the dealers of ``scope`` from month_from to month_to with the
        figures ``scope`` gives; month_to gets a row even without figures. With ``days`` and
        ``starts`` (each dealer's first day not kept and its start in UTC, by company id, in
        the table ``kia_cut`` the scope may read), the rows are the days kept of month_to:
        their ``open_day`` set, the figures of the month's end left out."""
        Report = self.env["kia.kpi.report"]
        columns = Report._kia_fact_columns()
        at_end = set(Report._kia_fact_columns_at_end()) if days else set()
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                "DELETE FROM kia_kpi_snapshot WHERE company_id IN %s AND date >= %s AND date <= %s",
                scope["companies"],
                month_from,
                month_to,
            )
        )
        cr.execute(
            self._kia_without_jit(
                SQL(
                    """
                    INSERT INTO kia_kpi_snapshot (company_id, date, has_facts, open_day, %(names)s)
                    WITH kia_cut AS (
                        SELECT %(starts)s::timestamp[] AS starts, %(days)s::date[] AS days
                    ), %(facts)s
                    SELECT company_id, month, TRUE, ((SELECT days FROM kia_cut))[company_id],
                           %(values)s
                      FROM facts_live;
                    INSERT INTO kia_kpi_snapshot (company_id, date, has_facts, open_day)
                    SELECT id, %(month_to)s, FALSE, (%(days)s::date[])[id]
                      FROM res_company WHERE id IN %(companies)s
                        ON CONFLICT (company_id, date) DO NOTHING
                    """,
                    names=SQL(", ").join(SQL.identifier(column) for column in columns),
                    facts=Report._kia_facts_sql(scope),
                    starts=list(starts),
                    days=list(days),
                    values=SQL(", ").join(
                        SQL("0") if column in at_end else SQL.identifier(column)
                        for column in columns
                    ),
                    month_to=month_to,
                    companies=scope["companies"],
                )
            )
        )
        self.env.registry.clear_cache()

    @api.model
    def _kia_fill_stock(self, companies):
        """Each Kia part's stock of the dealers at their cut (the end of their last closed
        month, or of the last day kept of their month not closed), in one query."""
        Report = self.env["kia.kpi.report"]
        companies = tuple(companies.ids)
        self.env.flush_all()
        self.env.cr.execute(
            self._kia_without_jit(
                SQL(
                    """
                    DELETE FROM kia_kpi_parts_stock WHERE company_id IN %(companies)s;
                    INSERT INTO kia_kpi_parts_stock
                           (company_id, product_id, qty, value, first_in, last_issue)
                    WITH %(dealer_tz)s, %(layers)s
                    SELECT l.company_id, l.product_id, SUM(l.quantity), SUM(l.value),
                           MIN(l.date) FILTER (WHERE l.quantity > 0),
                           MAX(l.date) FILTER (WHERE l.is_issue)
                      FROM kp_layers l
                      JOIN kia_kpi_snapshot_close k ON k.company_id = l.company_id
                     WHERE l.date < k.open_since
                     GROUP BY l.company_id, l.product_id
                    """,
                    companies=companies,
                    dealer_tz=Report._kia_dealer_tz_sql(),
                    layers=Report._kia_parts_layers_sql({"companies": companies}),
                )
            )
        )

    @api.model
    def _kia_last_closed_month(self, company, now=None):
        """The dealer's last month that has ended in its time zone."""
        return self._kia_local_today(company, now).replace(day=1) - relativedelta(months=1)

    @api.model
    def _kia_local_today(self, company, now=None):
        tz = pytz.timezone(company.partner_id.tz or DEFAULT_TIME_ZONE)
        return pytz.utc.localize(now or fields.Datetime.now()).astimezone(tz).date()

    @api.model
    def _cron_kia_close_months(self, now=None):
        """Put every dealer's months that have ended (in its time zone) and are not in the
        snapshot yet into it: the first time every month of its history, then month by
        month; then the days of its current month that have ended, once a day (each
        CLOSE_GRACE after the dealer's midnight)."""
        now = (now or fields.Datetime.now()) - CLOSE_GRACE
        # sudo: the cron computes every dealer's figures; nobody else writes the snapshot.
        dealers = self.env["res.company"].sudo().search([("kia_dealer_type", "in", DEALER_TYPES)])
        cuts = self._kia_cuts()
        groups = defaultdict(lambda: self.env["res.company"].sudo())
        for dealer in dealers:
            last = self._kia_last_closed_month(dealer, now)
            first = cuts[dealer.id][0] if dealer.id in cuts else NO_MONTH
            if first > last:
                continue
            groups[(None if first == NO_MONTH else first, last)] |= dealer
        for (month_from, month_to), companies in groups.items():
            self._kia_fill(companies, month_from, month_to)
            _logger.info(
                "KPI snapshot: %d dealers closed %s to %s",
                len(companies),
                month_from or "their first month",
                month_to,
            )
        moved = self.env["res.company"].sudo().union(*groups.values())
        cuts = self._kia_cuts() if groups else cuts
        by_month = defaultdict(dict)
        for dealer in dealers:
            today = self._kia_local_today(dealer, now)
            closed_month, open_day, _since = cuts[dealer.id]
            if closed_month == today.replace(day=1) and open_day < today:
                by_month[closed_month][dealer] = today
        for month, open_days in by_month.items():
            self._kia_fill_days(month, open_days)
            moved |= self.env["res.company"].sudo().union(*open_days)
            _logger.info("KPI snapshot: %d dealers kept the days of %s", len(open_days), month)
        if moved:
            self._kia_fill_stock(moved)

    # Late changes

    @api.model
    def _kia_maybe_closed(self, company, when):
        """Whether this (company, UTC datetime or local date) is before the dealer's cut: in
        a closed month, or in a day kept of its month not closed (no query: the cached
        cuts)."""
        if not company or not when:
            return False
        cut = self._kia_cuts_cached().get(company.id)
        if not cut:
            return False
        if isinstance(when, datetime):
            return when < cut[2]
        return when < cut[1]

    @api.model
    def _kia_touch(self, pairs, stock=False):
        """Records the figures read changed in these (company, UTC datetime or date) places:
        the dealer-months among them already closed, and the days kept of a month not
        closed, are recomputed when the transaction commits. With ``stock`` (parts moved or
        valued), the stock at the end of every later month moved too: the dealer's closed
        months from that one on are recomputed, and its parts stock at its cut, which the
        live figures start from. No query unless a place is before the cut."""
        stale = set()
        for company, when in pairs:
            if self._kia_maybe_closed(company, when):
                stale.add((company.id, self._kia_local_month(company, when)))
        if not stale:
            return
        data = self.env.cr.precommit.data
        if STALE_KEY not in data:
            data[STALE_KEY] = set()
            data[STALE_STOCK_KEY] = set()
            # sudo: the snapshot is recomputed whoever changed the records behind it.
            self.env.cr.precommit.add(self.sudo()._kia_recompute_stale)
        data[STALE_STOCK_KEY if stock else STALE_KEY] |= stale

    def _kia_recompute_stale(self):
        data = self.env.cr.precommit.data
        self._kia_recompute(data.get(STALE_KEY) or set(), data.get(STALE_STOCK_KEY) or set())

    @api.model
    def _kia_recompute(self, pairs, stock_pairs=()):
        """Recompute these (company id, month) of the snapshot, those still kept: one fill per
        closed month, each of only the dealers touched in it, and one of the days kept of
        the month not closed. For ``stock_pairs`` (parts moved or valued in that month),
        each dealer's closed months from the first of them to its last closed month (the
        stock at each month's end carries the change), in one fill per such range, then the
        stock its live figures start from."""
        cuts = self._kia_cuts()
        closed = {company_id: cut[0] for company_id, cut in cuts.items()}
        stock_from = {}
        days = set()
        for company_id, month in stock_pairs:
            if month < closed.get(company_id, NO_MONTH):
                stock_from[company_id] = min(month, stock_from.get(company_id, month))
        by_month = defaultdict(set)
        for company_id, month in pairs:
            if month < closed.get(company_id, NO_MONTH) and not (
                company_id in stock_from and month >= stock_from[company_id]
            ):
                by_month[(month, month)].add(company_id)
        for company_id, month in set(pairs) | set(stock_pairs):
            if company_id in cuts and month == closed[company_id] > NO_MONTH:
                days.add(company_id)
        for company_id, month in stock_from.items():
            by_month[(month, closed[company_id] - relativedelta(months=1))].add(company_id)
        Company = self.env["res.company"].sudo()
        for (month_from, month_to), company_ids in sorted(by_month.items()):
            self._kia_fill(Company.browse(sorted(company_ids)), month_from, month_to)
        days_by_month = defaultdict(dict)
        for company_id in sorted(days):
            closed_month, open_day, _since = cuts[company_id]
            if open_day > closed_month:
                days_by_month[closed_month][Company.browse(company_id)] = open_day
        for month, open_days in sorted(days_by_month.items()):
            self._kia_fill_days(month, open_days)
        stock_moved = set(stock_from) | {
            company_id for company_id, month in stock_pairs if company_id in days
        }
        if stock_moved:
            self._kia_fill_stock(Company.browse(sorted(stock_moved)))
