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


class KiaKpiSnapshot(models.Model):
    """The KPI figures of each dealer's closed months, as the live records give them (one row
    per dealer and local month, one column per figure of kia.kpi.report's sources), so that
    kia.kpi.report reads a closed month here and computes only the months not closed.

    A dealer's month closes once, after it ends in the dealer's time zone (the cron
    ``_cron_kia_close_months``); a later change of a record the figures read, dated in a
    closed month, recomputes that dealer-month when the transaction commits
    (``_kia_touch``). The table and its figure columns are kia.kpi.report's (``init``): an
    add-on adding a figure there adds its column here. Nobody writes it through the ORM."""

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
        cr.execute(
            SQL(
                """
                CREATE OR REPLACE VIEW kia_kpi_snapshot_close AS (
                    -- grouped once and joined (a correlated MAX() would be run again for
                    -- every row the live figures join it to)
                    SELECT c.id AS company_id,
                           COALESCE(s.last_month + INTERVAL '1 month', %s::date)::date
                               AS closed_month
                      FROM res_company c
                      LEFT JOIN (SELECT company_id, MAX(date) AS last_month
                                   FROM kia_kpi_snapshot GROUP BY company_id) s
                             ON s.company_id = c.id
                )
                """,
                NO_MONTH,
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
    def _kia_closed_months(self):
        """{company id: first month not in the snapshot}, every company."""
        self.env.cr.execute(SQL("SELECT company_id, closed_month FROM kia_kpi_snapshot_close"))
        return dict(self.env.cr.fetchall())

    @tools.ormcache()
    def _kia_closed_months_cached(self):
        """_kia_closed_months, cached until the snapshot closes or refills a month."""
        return self._kia_closed_months()

    # Filling

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
        Report = self.env["kia.kpi.report"]
        columns = Report._kia_fact_columns()
        scope = {"companies": tuple(companies.ids), "month_to": month_to}
        if month_from:
            scope.update(
                month_from=month_from,
                since_date=month_from,
                since=datetime.combine(month_from, datetime.min.time()) - timedelta(days=1),
            )
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            SQL(
                "DELETE FROM kia_kpi_snapshot WHERE company_id IN %s AND date >= %s AND date <= %s",
                scope["companies"],
                month_from or NO_MONTH,
                month_to,
            )
        )
        names = SQL(", ").join(SQL.identifier(column) for column in columns)
        cr.execute(
            SQL(
                """
                INSERT INTO kia_kpi_snapshot (company_id, date, has_facts, %(names)s)
                WITH %(facts)s
                SELECT company_id, month, TRUE, %(names)s FROM facts_live;
                INSERT INTO kia_kpi_snapshot (company_id, date, has_facts)
                SELECT id, %(month_to)s, FALSE FROM res_company WHERE id IN %(companies)s
                    ON CONFLICT (company_id, date) DO NOTHING
                """,
                names=names,
                facts=Report._kia_facts_sql(scope),
                month_to=month_to,
                companies=scope["companies"],
            )
        )
        self.env.registry.clear_cache()

    @api.model
    def _kia_fill_stock(self, companies, month_to):
        """Each Kia part's stock of the dealers at the end of month_to, their last closed
        month (in one query)."""
        Report = self.env["kia.kpi.report"]
        companies = tuple(companies.ids)
        self.env.cr.execute(
            SQL(
                """
                DELETE FROM kia_kpi_parts_stock WHERE company_id IN %(companies)s;
                INSERT INTO kia_kpi_parts_stock
                       (company_id, product_id, qty, value, first_in, last_issue)
                WITH %(dealer_tz)s, %(layers)s
                SELECT company_id, product_id, SUM(quantity), SUM(value),
                       MIN(date) FILTER (WHERE quantity > 0),
                       MAX(date) FILTER (WHERE is_issue)
                  FROM kp_layers
                 WHERE month <= %(month_to)s
                 GROUP BY company_id, product_id
                """,
                companies=companies,
                dealer_tz=Report._kia_dealer_tz_sql(),
                layers=Report._kia_parts_layers_sql({"companies": companies, "month_to": month_to}),
                month_to=month_to,
            )
        )

    @api.model
    def _kia_last_closed_month(self, company, now=None):
        """The dealer's last month that has ended in its time zone."""
        tz = pytz.timezone(company.partner_id.tz or DEFAULT_TIME_ZONE)
        now = pytz.utc.localize(now or fields.Datetime.now()).astimezone(tz)
        return now.date().replace(day=1) - relativedelta(months=1)

    @api.model
    def _cron_kia_close_months(self, now=None):
        """Put every dealer's months that have ended (in its time zone) and are not in the
        snapshot yet into it: the first time every month of its history, then month by
        month."""
        # sudo: the cron computes every dealer's figures; nobody else writes the snapshot.
        dealers = self.env["res.company"].sudo().search([("kia_dealer_type", "in", DEALER_TYPES)])
        closed = self._kia_closed_months()
        groups = defaultdict(lambda: self.env["res.company"].sudo())
        for dealer in dealers:
            last = self._kia_last_closed_month(dealer, now)
            first = closed.get(dealer.id) or NO_MONTH
            if first > last:
                continue
            groups[(None if first == NO_MONTH else first, last)] |= dealer
        for (month_from, month_to), companies in groups.items():
            self._kia_fill(companies, month_from, month_to)
            self._kia_fill_stock(companies, month_to)
            _logger.info(
                "KPI snapshot: %d dealers closed %s to %s",
                len(companies),
                month_from or "their first month",
                month_to,
            )

    # Late changes

    @api.model
    def _kia_maybe_closed(self, company, when):
        """Whether this (company, UTC datetime or date) may fall in a closed month of the
        dealer, whatever its time zone (no query: the cached closed months)."""
        if not company or not when:
            return False
        closed_month = self._kia_closed_months_cached().get(company.id, NO_MONTH)
        day = when.date() if isinstance(when, datetime) else when
        return day - timedelta(days=1) < closed_month

    @api.model
    def _kia_touch(self, pairs, stock=False):
        """Records the figures read changed in these (company, UTC datetime or date) places:
        the dealer-months among them already closed are recomputed when the transaction
        commits. With ``stock`` (parts moved or valued), the stock at the end of every later
        month moved too: the dealer's closed months from that one on are recomputed, and
        its parts stock at the end of its last closed month, which its months not closed
        start from. No query unless a month is closed."""
        closed = self._kia_closed_months_cached()
        stale = set()
        for company, when in pairs:
            if not self._kia_maybe_closed(company, when):
                continue  # in a month not closed whatever the time zone: nothing to do
            month = self._kia_local_month(company, when)
            if month < closed.get(company.id, NO_MONTH):
                stale.add((company.id, month))
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
        """Recompute these (company id, month) of the snapshot, those still closed: one
        fill per month, each of only the dealers touched in it. For ``stock_pairs`` (parts
        moved or valued in that month), each dealer's closed months from the first of them
        to its last closed month (the stock at each month's end carries the change), in one
        fill per such range, then the stock its months not closed start from."""
        closed = self._kia_closed_months()
        stock_from = {}
        for company_id, month in stock_pairs:
            if month < closed.get(company_id, NO_MONTH):
                stock_from[company_id] = min(month, stock_from.get(company_id, month))
        by_month = defaultdict(set)
        for company_id, month in pairs:
            if month < closed.get(company_id, NO_MONTH) and not (
                company_id in stock_from and month >= stock_from[company_id]
            ):
                by_month[(month, month)].add(company_id)
        for company_id, month in stock_from.items():
            by_month[(month, closed[company_id] - relativedelta(months=1))].add(company_id)
        Company = self.env["res.company"].sudo()
        for (month_from, month_to), company_ids in sorted(by_month.items()):
            self._kia_fill(Company.browse(sorted(company_ids)), month_from, month_to)
        by_last_month = defaultdict(list)
        for company_id in stock_from:
            by_last_month[closed[company_id] - relativedelta(months=1)].append(company_id)
        for last_month, company_ids in sorted(by_last_month.items()):
            self._kia_fill_stock(Company.browse(sorted(company_ids)), last_month)
