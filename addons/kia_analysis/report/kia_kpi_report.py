from odoo import api, fields, models, tools
from odoo.osv import expression
from odoo.tools import SQL

SATISFIED = ("4", "5")
# The dealer's sales documents whose income lines are its after-sales revenue: customer
# invoices (repair orders' payers, counter sales, rescue) and credit notes, and the warranty
# settlement invoices to head office and their chargeback credit notes.
REVENUE_MOVE_TYPES = ("out_invoice", "out_refund")
DEALER_TYPES = ("dealer_4s", "service_station")
# A dealer's months and days are local: its company's time zone, else China's.
DEFAULT_TIME_ZONE = "Asia/Shanghai"


# Figures per dealer and month, and which source (a CTE of _kia_query) gives each.
FACT_SOURCES = {
    "ro_stats": {
        column: column
        for column in (
            "ro_count",
            "ro_count_maintenance",
            "ro_count_repair",
            "ro_count_warranty",
            "ro_count_body_paint",
            "ro_count_other",
            "comeback_count",
            "delivered_count",
            "on_time_count",
            "followup_due",
            "followup_reached",
            "surveyed_count",
            "satisfied_count",
            "appointment_kept_count",
        )
    },
    "labor": {
        column: column
        for column in (
            "hours_sold",
            "hours_sold_customer",
            "hours_sold_warranty",
            "hours_sold_internal",
        )
    },
    "parts": {"cost_parts": "cost_parts"},
    "ledger": {
        "revenue_labor": "revenue_labor",
        "revenue_parts": "revenue_parts",
        "revenue_warranty": "revenue_warranty",
    },
    "clocked": {"hours_clocked": "hours_clocked"},
    "attended": {"hours_attended": "hours_attended"},
    "declined": {
        "declined_count": "declined_count",
        "declined_recovered": "declined_recovered",
    },
    "available": {"hours_available": "hours_available"},
    "complaints": {"complaint_count": "complaint_count"},
    "parts_kpi": {
        "parts_issue_cost": "issue_value",
        "lines_filled": "filled_lines",
        "lines_requested": "request_lines",
        "stock_value": "stock_value",
        "dead_stock_value": "dead_value",
    },
}


def month_start_sql(column):
    """SQL for the first day of the month of a timestamp or date column."""
    return SQL("date_trunc('month', %s)::date", SQL(column))


class KiaKpiReport(models.Model):
    """After-sales KPIs per dealer and month (manual ch.12), read from the live records.

    Every ratio is stored as its numerator and denominator; grouped, a ratio is computed from
    the grouped sums (kia.ratio.report.mixin), never as an average of the rows' ratios.

    Revenue is the ledger's: the income lines (accounts of type income, l10n_cn 6001
    主营业务收入) of the dealer's posted customer invoices and credit notes, warranty settlement
    invoices to head office included, by their accounting date (a date, no time zone); a credit
    note lowers it, drafts and cancelled documents do not count. Warranty revenue is the lines
    of the claim documents, parts revenue the lines of goods, labour revenue the other lines
    (services: labour, rescue). Other income (a reward, 其他业务收入) is not after-sales revenue.

    Month of the other figures: finished repair orders by their delivery date (else completion,
    else scheduled date), clocked hours by
    the time log's start, complaints by their receipt. Parts
    figures (fill rate, issues, stock and dead stock value at month end) are kia_parts' own,
    read from kia.parts.kpi.report.
    """

    _name = "kia.kpi.report"
    _inherit = ["kia.ratio.report.mixin"]
    _description = "After-Sales KPIs per Dealer and Month"
    _auto = False
    _order = "date desc, company_id"
    _rec_name = "date"

    company_id = fields.Many2one("res.company", string="Dealer", readonly=True)
    dealer_type = fields.Selection(
        related="company_id.kia_dealer_type", string="Dealer Type", readonly=True
    )
    region_id = fields.Many2one("kia.region", readonly=True)
    date = fields.Date(string="Month", readonly=True)
    # Repair orders
    ro_count = fields.Integer(string="Repair Orders", readonly=True)
    ro_count_maintenance = fields.Integer(string="ROs: Maintenance", readonly=True)
    ro_count_repair = fields.Integer(string="ROs: General Repair", readonly=True)
    ro_count_warranty = fields.Integer(string="ROs: Warranty and Campaign", readonly=True)
    ro_count_body_paint = fields.Integer(string="ROs: Body and Paint", readonly=True)
    ro_count_other = fields.Integer(string="ROs: PDI and Internal", readonly=True)
    # Money
    revenue_labor = fields.Float(
        string="Labour Revenue",
        readonly=True,
        help="Posted income of services (labour, rescue) on the dealer's customer invoices, "
        "less credit notes, VAT excluded; warranty labour is earned through the claims' "
        "settlement invoices (Warranty Revenue).",
    )
    revenue_parts = fields.Float(
        string="Parts Revenue",
        readonly=True,
        help="Posted income of parts on the dealer's customer invoices, less credit notes, "
        "VAT excluded.",
    )
    revenue_warranty = fields.Float(
        string="Warranty Revenue",
        readonly=True,
        help="Posted income of the warranty settlement invoices to head office, less "
        "chargebacks, VAT excluded.",
    )
    revenue = fields.Float(readonly=True)
    cost_labor = fields.Float(string="Labour Cost", readonly=True)
    cost_parts = fields.Float(string="Parts Cost", readonly=True)
    gross_profit_labor = fields.Float(string="Labour Gross Profit", readonly=True)
    gross_profit_parts = fields.Float(string="Parts Gross Profit", readonly=True)
    gross_profit = fields.Float(readonly=True)
    revenue_per_ro = fields.Float(string="Revenue per RO", readonly=True, aggregator="sum")
    # Workshop hours
    hours_sold = fields.Float(readonly=True)
    hours_sold_customer = fields.Float(string="Hours Sold: Customer", readonly=True)
    hours_sold_warranty = fields.Float(string="Hours Sold: Warranty", readonly=True)
    hours_sold_internal = fields.Float(string="Hours Sold: Internal", readonly=True)
    hours_clocked = fields.Float(readonly=True)
    hours_available = fields.Float(readonly=True)
    hours_attended = fields.Float(
        readonly=True,
        help="Hours the technicians were at work, from their own clocking: for each "
        "technician and day, from the first job started to the last job stopped.",
    )
    utilisation = fields.Float(string="Utilisation (%)", readonly=True, aggregator="sum")
    efficiency = fields.Float(string="Efficiency (%)", readonly=True, aggregator="sum")
    productivity = fields.Float(string="Productivity (%)", readonly=True, aggregator="sum")
    # Quality and customers
    comeback_count = fields.Integer(string="Comebacks", readonly=True)
    comeback_rate = fields.Float(string="Comeback Rate (%)", readonly=True, aggregator="sum")
    delivered_count = fields.Integer(string="Deliveries", readonly=True)
    on_time_count = fields.Integer(string="On-Time Deliveries", readonly=True)
    on_time_rate = fields.Float(string="On-Time Delivery (%)", readonly=True, aggregator="sum")
    followup_due = fields.Integer(string="Follow-ups Due", readonly=True)
    followup_reached = fields.Integer(string="Customers Reached", readonly=True)
    followup_reach = fields.Float(string="Follow-up Reach (%)", readonly=True, aggregator="sum")
    surveyed_count = fields.Integer(string="Satisfaction Answers", readonly=True)
    satisfied_count = fields.Integer(string="Satisfied Customers", readonly=True)
    satisfaction = fields.Float(string="Satisfaction (%)", readonly=True, aggregator="sum")
    appointment_kept_count = fields.Integer(string="ROs from Appointments", readonly=True)
    appointment_rate = fields.Float(string="Appointment Rate (%)", readonly=True, aggregator="sum")
    declined_count = fields.Integer(string="Declined Jobs", readonly=True)
    declined_recovered = fields.Integer(string="Declined Jobs Done Later", readonly=True)
    declined_recovery = fields.Float(
        string="Declined Work Recovery (%)", readonly=True, aggregator="sum"
    )
    complaint_count = fields.Integer(string="Complaints", readonly=True)
    complaint_rate = fields.Float(string="Complaint Rate (%)", readonly=True, aggregator="sum")
    warranty_share = fields.Float(string="Warranty Share (%)", readonly=True, aggregator="sum")
    # Parts
    parts_issue_cost = fields.Float(string="Parts Issued (cost)", readonly=True)
    parts_issue_cost_annual = fields.Float(string="Parts Issued (cost, annualised)", readonly=True)
    stock_value = fields.Float(string="Stock Value (month end)", readonly=True)
    parts_turnover = fields.Float(string="Parts Turnover (per year)", readonly=True)
    lines_requested = fields.Integer(string="Part Lines Asked", readonly=True)
    lines_filled = fields.Integer(string="Part Lines Filled from Stock", readonly=True)
    fill_rate = fields.Float(string="Fill Rate (%)", readonly=True, aggregator="sum")
    dead_stock_value = fields.Float(string="Dead Stock Value (month end)", readonly=True)
    dead_stock_share = fields.Float(string="Dead Stock Share (%)", readonly=True, aggregator="sum")

    def _kia_ratio_specs(self):
        return {
            code: spec for code, spec in self.env["kia.kpi"]._kia_kpi_specs().items() if spec[1]
        }

    @api.model
    def _read_group_format_result(self, rows_dict, lazy_groupby):
        """Odoo's formatting of the groups, done once per distinct value of each groupby and
        given to every row of that value. Odoo formats row by row: for head office's pivot
        of every dealer by month (5,000 cells) it formatted each month's label 5,000 times
        with babel, which parses the user's locale again on every call, and that cost as
        much as the query itself."""
        normal_forms = {}
        for group in lazy_groupby:
            samples = {}
            try:
                for row in rows_dict:
                    samples.setdefault(self._kia_group_key(row[group]), {group: row[group]})
            except TypeError:  # a value that cannot be a key: Odoo's way, row by row
                super()._read_group_format_result(rows_dict, [group])
                continue
            for sample in samples.values():
                sample["__domain"] = []
            super()._read_group_format_result(list(samples.values()), [group])
            for row in rows_dict:
                sample = samples[self._kia_group_key(row[group])]
                row[group] = sample[group]
                if "__range" in sample:
                    row.setdefault("__range", {}).update(sample["__range"])
                row["__domain"] = self._kia_domain_and(
                    row["__domain"], sample["__domain"], normal_forms
                )
        # as Odoo's: the rows are formatted in place
        return None

    @api.model
    def _kia_domain_and(self, domain, group_domain, normal_forms):
        """``expression.AND([domain, group_domain])``, with each row's domain normalized once
        (the rows share the search's domain, then carry the result of this): Odoo normalizes
        both for every row and group, and 10,000 times that weighed on head office's pivot.
        ``group_domain`` is normalized (the result of Odoo's formatting); ``normal_forms``
        {id: (domain, its normal form)} holds each domain so that its id stays its own."""
        entry = normal_forms.get(id(domain))
        if entry is None or entry[0] is not domain:
            entry = (domain, expression.normalize_domain(domain))
            normal_forms[id(domain)] = entry
        normal = entry[1]
        if expression.FALSE_DOMAIN in (normal, group_domain):
            result = list(expression.FALSE_DOMAIN)
        elif normal == expression.TRUE_DOMAIN:
            result = list(group_domain)
        elif group_domain == expression.TRUE_DOMAIN:
            result = list(normal)
        else:
            result = [expression.AND_OPERATOR, *normal, *group_domain]
        normal_forms[id(result)] = (result, result)
        return result

    @api.model
    def _kia_group_key(self, value):
        if isinstance(value, models.BaseModel):
            # _ids, already a tuple: ``ids`` builds a list, and 10,000 of them cost a pivot
            # of every dealer by month a seventh of a second
            return (value._name, value._ids)
        return value

    def _kia_fact_sources(self):
        """FACT_SOURCES, and the sources an add-on brings (a CTE named in ``_kia_extra_sql``
        with its columns, each also a field of this model)."""
        return dict(FACT_SOURCES)

    def _kia_extra_sql(self):
        """The CTEs (``name AS (SELECT company_id, month, ...)``) of the sources an add-on
        adds to ``_kia_fact_sources``."""
        return []

    def _kia_fact_columns(self):
        return list(
            dict.fromkeys(c for columns in self._kia_fact_sources().values() for c in columns)
        )

    def _kia_fact_columns_at_end(self):
        """The figures of a month's end (not sums of its records): the days kept of a month
        not closed do not hold them, the live part computes them whole."""
        return ["stock_value", "dead_stock_value"]

    def _kia_parts_sql(self, scope):
        """Parts figures per dealer and month (first-pass fill rate, cost of parts issued,
        stock and dead stock value at month end) as kia_parts defines them in
        kia.parts.kpi.report, computed here for the dealers and months of ``scope`` only (the
        view of kia_parts rebuilds the stock of every dealer from all history whatever is asked)
        and by the dealer's local month."""
        month_from, month_to = scope.get("month_from"), scope.get("month_to")
        if scope.get("stock_base"):
            # the stock of each part at the dealer's cut (the end of its last closed month or
            # of its last day kept), kept by the snapshot, and the layers since
            monthly_base = SQL(
                """kp_layers_open AS (
                    SELECT l.* FROM kp_layers l
                      JOIN kia_kpi_snapshot_close k ON k.company_id = l.company_id
                     WHERE l.month >= k.closed_month
                ), kp_base AS (
                    SELECT b.company_id, b.product_id,
                           (k.closed_month - INTERVAL '1 month')::date AS month,
                           b.qty, b.value, b.first_in, b.last_issue
                      FROM kia_kpi_parts_stock b
                      JOIN kia_kpi_snapshot_close k ON k.company_id = b.company_id
                ),"""
            )
            base_rows = SQL("UNION ALL SELECT * FROM kp_base")
        else:
            monthly_base = SQL("kp_layers_open AS (SELECT * FROM kp_layers),")
            base_rows = SQL("")
        return SQL(
            """
            %(layers)s, %(monthly_base)s kp_requests AS (
                SELECT sm.company_id, %(move_month)s AS month,
                       CASE WHEN EXISTS (
                           SELECT 1 FROM kia_parts_lost_sale ls
                            WHERE ls.repair_id = sm.repair_id
                              AND ls.product_id = sm.product_id) THEN 0 ELSE 1 END AS filled
                  FROM stock_move sm
                  JOIN kp_parts p ON p.product_id = sm.product_id
                  JOIN dealer_tz tz ON tz.company_id = sm.company_id
                 WHERE sm.repair_id IS NOT NULL
                   AND sm.repair_line_type = 'add'
                   AND sm.state != 'cancel'
                   AND %(move_scope)s
                UNION ALL
                SELECT so.company_id, %(order_month)s,
                       CASE WHEN EXISTS (
                           SELECT 1 FROM stock_move m
                             JOIN stock_picking pk ON pk.id = m.picking_id
                            WHERE m.sale_line_id = sol.id
                              AND pk.backorder_id IS NOT NULL) THEN 0 ELSE 1 END
                  FROM sale_order_line sol
                  JOIN sale_order so ON so.id = sol.order_id
                  JOIN kp_parts p ON p.product_id = sol.product_id
                  JOIN dealer_tz tz ON tz.company_id = so.company_id
                 WHERE so.state = 'sale' AND %(order_scope)s
                UNION ALL
                SELECT ls.company_id, %(lost_month)s, 0
                  FROM kia_parts_lost_sale ls
                  JOIN dealer_tz tz ON tz.company_id = ls.company_id
                 WHERE ls.repair_id IS NULL AND %(lost_scope)s
            ), kp_monthly AS (
                -- each part's movements per month, then running totals: the stock at a
                -- month's end without re-reading every earlier layer per month
                SELECT company_id, product_id, month,
                       SUM(quantity) AS qty, SUM(value) AS value,
                       MIN(date) FILTER (WHERE quantity > 0) AS first_in,
                       MAX(date) FILTER (WHERE is_issue) AS last_issue
                  FROM kp_layers_open
                 GROUP BY company_id, product_id, month
                %(base_rows)s
            ), kp_starts AS (
                SELECT company_id, MIN(month) AS first_month
                  FROM (SELECT company_id, MIN(month) AS month FROM kp_monthly GROUP BY 1
                        UNION ALL
                        SELECT company_id, MIN(month) FROM kp_requests GROUP BY 1) s
                 GROUP BY company_id
            ), kp_months AS (
                SELECT s.company_id, m::date AS month,
                       (m + INTERVAL '1 month') AT TIME ZONE tz.tz AT TIME ZONE 'UTC'
                           AS month_end
                  FROM kp_starts s
                  JOIN dealer_tz tz ON tz.company_id = s.company_id
                 CROSS JOIN LATERAL generate_series(
                       GREATEST(s.first_month, %(month_from)s::date),
                       LEAST(date_trunc('month', NOW() AT TIME ZONE tz.tz),
                             %(month_to)s::date),
                       INTERVAL '1 month'
                 ) AS m
            ), kp_running AS (
                SELECT company_id, product_id, month,
                       LEAD(month) OVER (PARTITION BY company_id, product_id ORDER BY month)
                           AS next_month,
                       SUM(qty) OVER w AS qty, SUM(value) OVER w AS value,
                       MIN(first_in) OVER w AS first_in, MAX(last_issue) OVER w AS last_issue
                  FROM kp_monthly
                WINDOW w AS (PARTITION BY company_id, product_id ORDER BY month)
            ), kp_stock_month AS (
                SELECT mo.company_id, mo.month,
                       SUM(r.value) AS stock_value,
                       SUM(r.value) FILTER (
                           WHERE EXTRACT(EPOCH FROM mo.month_end
                                         - COALESCE(r.last_issue, r.first_in)) / 86400.0
                                 >= c.kia_parts_dead_days) AS dead_value
                  FROM kp_months mo
                  JOIN kp_running r ON r.company_id = mo.company_id
                                   AND r.month <= mo.month
                                   AND (r.next_month IS NULL OR r.next_month > mo.month)
                  JOIN res_company c ON c.id = mo.company_id
                 WHERE r.qty > 0
                 GROUP BY mo.company_id, mo.month
            ), kp_issue_month AS (
                SELECT company_id, month, -SUM(value) AS issue_value
                  FROM kp_layers_open WHERE is_issue GROUP BY 1, 2
            ), kp_request_month AS (
                SELECT company_id, month, COUNT(*) AS request_lines, SUM(filled) AS filled_lines
                  FROM kp_requests GROUP BY 1, 2
            ), parts_kpi AS (
                SELECT mo.company_id, mo.month,
                       COALESCE(r.request_lines, 0) AS request_lines,
                       COALESCE(r.filled_lines, 0) AS filled_lines,
                       COALESCE(i.issue_value, 0) AS issue_value,
                       COALESCE(s.stock_value, 0) AS stock_value,
                       COALESCE(s.dead_value, 0) AS dead_value
                  FROM kp_months mo
                  LEFT JOIN kp_request_month r
                         ON r.company_id = mo.company_id AND r.month = mo.month
                  LEFT JOIN kp_issue_month i ON i.company_id = mo.company_id AND i.month = mo.month
                  LEFT JOIN kp_stock_month s ON s.company_id = mo.company_id AND s.month = mo.month
            )
            """,
            layers=self._kia_parts_layers_sql(scope),
            monthly_base=monthly_base,
            base_rows=base_rows,
            move_month=self._kia_local_month("sm.date"),
            move_scope=self._kia_scope_sql(scope, "sm.company_id", "sm.date"),
            order_month=self._kia_local_month("so.date_order"),
            order_scope=self._kia_scope_sql(scope, "so.company_id", "so.date_order"),
            lost_month=self._kia_local_month("ls.date"),
            lost_scope=self._kia_scope_sql(scope, "ls.company_id", "ls.date"),
            month_from=month_from or "1900-01-01",
            month_to=month_to or "9999-12-01",
        )

    def _kia_dealer_tz_sql(self):
        return SQL(
            """
            dealer_tz AS (
                -- each company's time zone: its months are the dealer's local months
                SELECT c.id AS company_id, COALESCE(p.tz, %s) AS tz
                  FROM res_company c
                  JOIN res_partner p ON p.id = c.partner_id
            )
            """,
            DEFAULT_TIME_ZONE,
        )

    def _kia_parts_layers_sql(self, scope):
        """The CTEs ``kp_parts`` (Kia parts) and ``kp_layers`` (their valuation layers, dated
        by their move, with the dealer's local month and whether it is an issue). Without
        ``stock_base`` in the scope, every layer up to its end (a month's stock counts every
        earlier layer); with it, or with ``without_stock`` (the stock figures are not asked
        for), those from its ``since`` on."""
        lower = bool(scope.get("stock_base") or scope.get("without_stock"))
        return SQL(
            """
            kp_parts AS (
                SELECT pp.id AS product_id
                  FROM product_product pp
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE pt.kia_part_number IS NOT NULL
            ), kp_layers AS (
                SELECT svl.company_id, svl.product_id, svl.quantity, svl.value,
                       sm.date, %(move_month)s AS month,
                       (sm.state = 'done' AND src.usage = 'internal'
                        AND dst.usage IN ('customer', 'production')) AS is_issue
                  FROM stock_move sm
                  JOIN kp_parts p ON p.product_id = sm.product_id
                  %(move_layers)s
                  JOIN dealer_tz tz ON tz.company_id = svl.company_id
                  JOIN stock_location src ON src.id = sm.location_id
                  JOIN stock_location dst ON dst.id = sm.location_dest_id
                 WHERE %(move_scope)s
                UNION ALL
                -- layers of no move (revaluations): by their creation
                SELECT svl.company_id, svl.product_id, svl.quantity, svl.value,
                       svl.create_date, %(layer_month)s, FALSE
                  FROM stock_valuation_layer svl
                  JOIN kp_parts p ON p.product_id = svl.product_id
                  JOIN dealer_tz tz ON tz.company_id = svl.company_id
                 WHERE svl.stock_move_id IS NULL AND %(layer_scope)s
            )
            """,
            move_month=self._kia_local_month("sm.date"),
            # a few recent moves: their layers one by one through the index (OFFSET 0 keeps
            # PostgreSQL from turning it into a scan of every layer); all history: a join
            move_layers=SQL(
                """CROSS JOIN LATERAL (
                       SELECT l.company_id, l.product_id, l.quantity, l.value
                         FROM stock_valuation_layer l
                        WHERE l.stock_move_id = sm.id OFFSET 0
                   ) AS svl"""
            )
            if lower
            else SQL("JOIN stock_valuation_layer svl ON svl.stock_move_id = sm.id"),
            move_scope=self._kia_scope_sql(scope, "svl.company_id", "sm.date", lower=lower),
            layer_month=self._kia_local_month("svl.create_date"),
            layer_scope=self._kia_scope_sql(
                scope, "svl.company_id", "svl.create_date", lower=lower
            ),
        )

    def _kia_local_month(self, column, tz="tz.tz"):
        """SQL for the first day of the dealer's local month of a UTC timestamp column (the
        dealer's time zone joined as ``tz``)."""
        return SQL(
            "date_trunc('month', %s AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", SQL(column), SQL(tz)
        )

    def _kia_scope_sql(self, scope, company_column, date_column, lower=True, is_date=False):
        """The condition restricting a source's rows to the dealers and the period of
        ``scope``; TRUE for the whole history of every dealer.

        scope: {"companies": tuple of company ids, "since": lowest timestamp (a day before
        the first month: the dealers' months are local, not UTC's), "since_date": lowest date
        (for date columns), "month_from"/"month_to": first and last month, "cut_since" /
        "cut_until": arrays of each dealer's first / first excluded UTC timestamp, by company
        id, and "cut_since_date" / "cut_until_date" the same local days}, each optional; a
        value may be SQL."""
        conditions = []
        if scope.get("companies"):
            conditions.append(SQL("%s IN %s", SQL(company_column), scope["companies"]))
        since = scope.get("since_date" if is_date else "since")
        if lower and since is not None:
            conditions.append(SQL("%s >= %s", SQL(date_column), since))
        cut_since = scope.get("cut_since_date" if is_date else "cut_since")
        if lower and cut_since is not None:
            conditions.append(
                SQL("%s >= (%s)[%s]", SQL(date_column), cut_since, SQL(company_column))
            )
        cut_until = scope.get("cut_until_date" if is_date else "cut_until")
        if cut_until is not None:
            conditions.append(
                SQL("%s < (%s)[%s]", SQL(date_column), cut_until, SQL(company_column))
            )
        if scope.get("month_to"):
            conditions.append(
                SQL(
                    "%s < %s::date + INTERVAL '1 month 1 day'",
                    SQL(date_column),
                    scope["month_to"],
                )
            )
        return SQL(" AND ").join(conditions) if conditions else SQL("TRUE")

    def _kia_union_sql(self):
        """Every source's figures as rows of the same columns (zero where a source has none),
        to be summed per dealer and month: cheaper to plan and run than a chain of joins."""
        fact_columns = self._kia_fact_columns()
        return SQL(" UNION ALL ").join(
            SQL(
                "SELECT company_id, month, %s FROM %s",
                SQL(", ").join(
                    SQL("%s AS %s", SQL(columns.get(column, "0")), SQL.identifier(column))
                    for column in fact_columns
                ),
                SQL.identifier(source),
            )
            for source, columns in self._kia_fact_sources().items()
        )

    def _kia_facts_sql(self, scope):
        """The CTEs computing each dealer's figures per local month from the live records,
        ending with ``facts_live`` (company_id, month, one column per figure), restricted to
        the dealers and months of ``scope`` (see ``_kia_scope_sql``)."""
        month_from, month_to = scope.get("month_from"), scope.get("month_to")
        month_conditions = []
        if scope.get("companies"):
            month_conditions.append(SQL("f.company_id IN %s", scope["companies"]))
        if month_from:
            month_conditions.append(SQL("f.month >= %s", month_from))
        if month_to:
            month_conditions.append(SQL("f.month <= %s", month_to))
        ro_date = "COALESCE(r.kia_delivery_date, r.kia_done_date, r.schedule_date)"
        extra = self.with_context(kia_kpi_scope=scope)._kia_extra_sql()
        return SQL(
            """
            %(dealer_tz)s, ro AS (
                SELECT r.id, r.company_id, r.kia_ro_type, r.kia_payment_type,
                       r.kia_comeback_of_id, r.kia_delivery_date, r.kia_on_time,
                       r.kia_followup_state, r.kia_satisfaction, r.kia_appointment_id,
                       r.vehicle_id, %(ro_month)s AS month
                  FROM repair_order r
                  JOIN dealer_tz tz ON tz.company_id = r.company_id
                 WHERE r.state = 'done' AND %(ro_scope)s
            ), ro_stats AS (
                SELECT company_id, month,
                       COUNT(*) AS ro_count,
                       COUNT(*) FILTER (WHERE kia_ro_type IN ('periodic', 'first_free'))
                           AS ro_count_maintenance,
                       COUNT(*) FILTER (WHERE kia_ro_type = 'general') AS ro_count_repair,
                       COUNT(*) FILTER (WHERE kia_ro_type IN ('warranty', 'campaign'))
                           AS ro_count_warranty,
                       COUNT(*) FILTER (WHERE kia_ro_type = 'body_paint') AS ro_count_body_paint,
                       COUNT(*) FILTER (WHERE kia_ro_type IN ('pdi', 'internal'))
                           AS ro_count_other,
                       COUNT(kia_comeback_of_id) AS comeback_count,
                       COUNT(kia_delivery_date) AS delivered_count,
                       COUNT(*) FILTER (WHERE kia_delivery_date IS NOT NULL AND kia_on_time)
                           AS on_time_count,
                       COUNT(kia_followup_state) AS followup_due,
                       COUNT(*) FILTER (WHERE kia_followup_state = 'done') AS followup_reached,
                       COUNT(kia_satisfaction) AS surveyed_count,
                       COUNT(*) FILTER (WHERE kia_satisfaction IN %(satisfied)s)
                           AS satisfied_count,
                       COUNT(kia_appointment_id) AS appointment_kept_count
                  FROM ro GROUP BY 1, 2
            ), labor AS (
                SELECT ro.company_id, ro.month,
                       SUM(rs.product_uom_qty) AS hours_sold,
                       SUM(rs.product_uom_qty) FILTER (WHERE rs.kia_payer = 'customer')
                           AS hours_sold_customer,
                       SUM(rs.product_uom_qty) FILTER (WHERE rs.kia_payer = 'warranty')
                           AS hours_sold_warranty,
                       SUM(rs.product_uom_qty) FILTER (WHERE rs.kia_payer = 'internal')
                           AS hours_sold_internal
                  FROM repair_service rs
                  JOIN ro ON ro.id = rs.repair_id
                 WHERE rs.kia_approval_state != 'declined'
                 GROUP BY 1, 2
            ), parts AS (
                SELECT ro.company_id, ro.month, SUM(-svl.value) AS cost_parts
                  FROM stock_move sm
                  JOIN ro ON ro.id = sm.repair_id
                  LEFT JOIN stock_valuation_layer svl ON svl.stock_move_id = sm.id
                 WHERE sm.repair_line_type = 'add' AND sm.state = 'done'
                 GROUP BY 1, 2
            ), clocked AS (
                SELECT t.company_id, %(clock_month)s AS month, SUM(t.duration) AS hours_clocked
                  FROM kia_repair_job_time t
                  JOIN dealer_tz tz ON tz.company_id = t.company_id
                 WHERE %(clock_scope)s
                 GROUP BY 1, 2
            ), attended AS (
                -- The clocking itself is the attendance: per technician and local day, from
                -- the first job started to the last job stopped.
                SELECT company_id, date_trunc('month', day)::date AS month,
                       SUM(span) AS hours_attended
                  FROM (
                        SELECT t.company_id, t.user_id, %(clock_day)s AS day,
                               EXTRACT(EPOCH FROM MAX(t.date_stop) - MIN(t.date_start))
                                   / 3600.0 AS span
                          FROM kia_repair_job_time t
                          JOIN dealer_tz tz ON tz.company_id = t.company_id
                         WHERE t.date_stop IS NOT NULL AND %(clock_scope)s
                         GROUP BY 1, 2, 3
                       ) days
                 GROUP BY 1, 2
            ), declined AS (
                -- A job the customer declined, and whether the same job was done on the same
                -- vehicle by a later repair order within the dealer's recovery window.
                SELECT ro.company_id, ro.month, COUNT(*) AS declined_count,
                       COUNT(*) FILTER (WHERE EXISTS (
                           SELECT 1
                             FROM repair_service later_rs
                             JOIN repair_order later ON later.id = later_rs.repair_id
                            WHERE later.state = 'done'
                              AND later.id != r.id
                              AND later.vehicle_id = r.vehicle_id
                              AND later_rs.kia_labor_operation_id = rs.kia_labor_operation_id
                              AND later_rs.kia_approval_state != 'declined'
                              AND %(later_date)s > %(declined_date)s
                              AND %(later_date)s <= %(declined_date)s + make_interval(
                                      days => COALESCE(c.kia_declined_recovery_days, 90))
                       )) AS declined_recovered
                  FROM repair_service rs
                  JOIN ro ON ro.id = rs.repair_id
                  JOIN repair_order r ON r.id = rs.repair_id
                  JOIN res_company c ON c.id = r.company_id
                 WHERE rs.kia_approval_state = 'declined'
                   AND rs.kia_labor_operation_id IS NOT NULL
                 GROUP BY 1, 2
            ), available AS (
                SELECT company_id, date AS month, SUM(hours) AS hours_available
                  FROM kia_technician_capacity
                 WHERE %(capacity_scope)s
                 GROUP BY 1, 2
            ), complaints AS (
                SELECT h.company_id, %(ticket_month)s AS month, COUNT(*) AS complaint_count
                  FROM helpdesk_ticket h
                  JOIN dealer_tz tz ON tz.company_id = h.company_id
                 WHERE h.kia_is_complaint AND h.kia_received_date IS NOT NULL
                   AND %(ticket_scope)s
                 GROUP BY 1, 2
            ), ledger AS (
                -- The ledger: posted income lines of the dealer's sales documents (credit
                -- notes are debits: they lower it), split by the claim or the product. The
                -- accounting date is a date: no time zone.
                SELECT aml.company_id, date_trunc('month', aml.date)::date AS month,
                       COALESCE(SUM(-aml.balance) FILTER (
                           WHERE am.kia_wty_claim_id IS NULL
                             AND COALESCE(pt.type, 'service') != 'consu'
                       ), 0) AS revenue_labor,
                       COALESCE(SUM(-aml.balance) FILTER (
                           WHERE am.kia_wty_claim_id IS NULL AND pt.type = 'consu'
                       ), 0) AS revenue_parts,
                       COALESCE(SUM(-aml.balance) FILTER (
                           WHERE am.kia_wty_claim_id IS NOT NULL
                       ), 0) AS revenue_warranty
                  FROM account_move_line aml
                  JOIN account_move am ON am.id = aml.move_id
                  JOIN account_account aa ON aa.id = aml.account_id
                  LEFT JOIN product_product pp ON pp.id = aml.product_id
                  LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE aml.parent_state = 'posted'
                   AND am.move_type IN %(revenue_types)s
                   AND aa.account_type = 'income'
                   AND %(ledger_scope)s
                 GROUP BY 1, 2
            ), %(parts_sql)s, %(extra_sql)s facts_union AS (
                %(union)s
            ), facts_live AS (
                SELECT f.company_id, f.month, %(sums)s
                  FROM facts_union f
                 WHERE %(month_scope)s
                 GROUP BY f.company_id, f.month
            )
            """,
            dealer_tz=self._kia_dealer_tz_sql(),
            ro_month=self._kia_local_month(ro_date),
            ro_scope=self._kia_scope_sql(scope, "r.company_id", ro_date),
            clock_month=self._kia_local_month("t.date_start"),
            clock_scope=self._kia_scope_sql(scope, "t.company_id", "t.date_start"),
            clock_day=SQL("(t.date_start AT TIME ZONE 'UTC' AT TIME ZONE tz.tz)::date"),
            later_date=SQL(
                "COALESCE(later.kia_delivery_date, later.kia_done_date, later.schedule_date)"
            ),
            declined_date=SQL(ro_date),
            capacity_scope=self._kia_scope_sql(scope, "company_id", "date", is_date=True),
            ticket_month=self._kia_local_month("h.kia_received_date"),
            ticket_scope=self._kia_scope_sql(scope, "h.company_id", "h.kia_received_date"),
            ledger_scope=self._kia_scope_sql(scope, "aml.company_id", "aml.date", is_date=True),
            satisfied=SATISFIED,
            revenue_types=REVENUE_MOVE_TYPES,
            parts_sql=self._kia_parts_sql(scope),
            extra_sql=SQL("").join(SQL("%s,", cte) for cte in extra),
            union=self._kia_union_sql(),
            sums=SQL(", ").join(
                SQL("SUM(%s)::float8 AS %s", SQL.identifier("f", column), SQL.identifier(column))
                for column in self._kia_fact_columns()
            ),
            month_scope=SQL(" AND ").join(month_conditions) if month_conditions else SQL("TRUE"),
        )

    def _kia_init_live_function(self):
        """The function ``kia_kpi_facts_live()``: the figures of every dealer's records from
        its cut on (the months not closed, less the days kept of the current one), from the
        live records. A function, so that the cut is known when the query is planned (the
        sources are then read by date through their indexes), and without PostgreSQL's JIT
        (compiling this query costs far more than running it)."""
        columns = self._kia_fact_columns()
        # $1: the lowest cut (UTC timestamp), $2: the lowest first day not kept, $3: the
        # first month not closed, $4 / $5: each company's cut and first day not kept, by id
        body = SQL(
            "WITH %s SELECT * FROM facts_live",
            self._kia_facts_sql(
                {
                    "since": SQL("$1"),
                    "since_date": SQL("$2"),
                    "month_from": SQL("$3"),
                    "cut_since": SQL("$4"),
                    "cut_since_date": SQL("$5"),
                    "stock_base": True,
                }
            ),
        )
        body_text = self.env.cr.mogrify(body.code, body.params).decode()
        if "$kia_body$" in body_text or "%" in body_text:
            raise ValueError("kia_kpi_facts_live: unexpected character in the query")
        self.env.cr.execute(SQL("DROP FUNCTION IF EXISTS kia_kpi_facts_live() CASCADE"))
        self.env.cr.execute(
            SQL(
                """
                CREATE FUNCTION kia_kpi_facts_live()
                RETURNS TABLE (company_id INTEGER, month DATE, %(columns)s)
                LANGUAGE plpgsql STABLE
                SET jit = off
                AS $kia_fn$
                DECLARE
                    first_open DATE;
                    first_day DATE;
                    first_since TIMESTAMP;
                    cut_since TIMESTAMP[];
                    cut_day DATE[];
                BEGIN
                    SELECT COALESCE(MIN(k.closed_month), DATE '1900-01-01'),
                           COALESCE(MIN(k.open_day), DATE '1900-01-01'),
                           COALESCE(MIN(k.open_since), TIMESTAMP '1900-01-01')
                      INTO first_open, first_day, first_since
                      FROM kia_kpi_snapshot_close k
                      JOIN res_company kc ON kc.id = k.company_id
                     WHERE kc.kia_dealer_type IN ('dealer_4s', 'service_station');
                    SELECT array_agg(k.open_since ORDER BY g.id),
                           array_agg(k.open_day ORDER BY g.id)
                      INTO cut_since, cut_day
                      FROM generate_series(1, (SELECT MAX(id) FROM res_company)) AS g(id)
                      LEFT JOIN kia_kpi_snapshot_close k ON k.company_id = g.id;
                    RETURN QUERY EXECUTE %(body)s
                        USING first_since, first_day, first_open, cut_since, cut_day;
                END
                $kia_fn$
                """,
                columns=SQL(", ").join(
                    SQL("%s DOUBLE PRECISION", SQL.identifier(column)) for column in columns
                ),
                body=SQL(f"$kia_body${body_text}$kia_body$"),
            )
        )

    def _kia_query(self, live=False):
        """The view's query: each dealer's closed months from the snapshot
        (kia.kpi.snapshot), the months it has not closed from the live records; or, with
        ``live``, every month from the live records (what the snapshot must equal)."""
        if live:
            facts = SQL("%s, facts_all AS (SELECT * FROM facts_live)", self._kia_facts_sql({}))
        else:
            columns = SQL(", ").join(SQL.identifier(c) for c in self._kia_fact_columns())
            # a month not closed: its days kept and the live figures from the cut on, added
            facts = SQL(
                """facts_live AS (SELECT * FROM kia_kpi_facts_live()), facts_kept AS (
                    SELECT s.company_id, s.date AS month, %(columns)s
                      FROM kia_kpi_snapshot s
                     WHERE s.has_facts
                    UNION ALL
                    SELECT l.company_id, l.month, %(columns)s
                      FROM facts_live l
                      JOIN kia_kpi_snapshot_close k ON k.company_id = l.company_id
                     WHERE l.month >= k.closed_month
                ), facts_all AS (
                    SELECT company_id, month, %(sums)s
                      FROM facts_kept
                     GROUP BY company_id, month
                )""",
                columns=columns,
                sums=SQL(", ").join(
                    SQL("SUM(%s)::float8 AS %s", SQL.identifier(c), SQL.identifier(c))
                    for c in self._kia_fact_columns()
                ),
            )
        return SQL(
            """
            WITH %(facts)s, facts AS (
                SELECT f.*,
                       f_c.kia_region_id AS region_id,
                       f_c.kia_labor_cost_rate AS labor_cost_rate
                  FROM facts_all f
                  JOIN res_company f_c ON f_c.id = f.company_id
                 WHERE f_c.kia_dealer_type IN %(dealer_types)s
            ), money AS (
                SELECT f.*,
                       f.hours_clocked * COALESCE(f.labor_cost_rate, 0) AS cost_labor,
                       f.revenue_labor + f.revenue_parts + f.revenue_warranty AS revenue,
                       f.revenue_labor - f.hours_clocked * COALESCE(f.labor_cost_rate, 0)
                           AS gross_profit_labor,
                       f.revenue_parts - f.cost_parts AS gross_profit_parts,
                       f.parts_issue_cost * 12 AS parts_issue_cost_annual
                  FROM facts f
            )
            SELECT (m.company_id * 10000 + (EXTRACT(YEAR FROM m.month) - 2000) * 12
                    + EXTRACT(MONTH FROM m.month))::int AS id,
                   m.month AS date,
                   m.*,
                   m.revenue - m.cost_labor - m.cost_parts AS gross_profit,
                   %(ratios)s
              FROM money m
            """,
            facts=facts,
            dealer_types=DEALER_TYPES,
            ratios=SQL(", ").join(
                SQL(
                    "%s * %s / NULLIF(%s, 0) AS %s",
                    SQL.identifier("m", numerator),
                    factor,
                    SQL.identifier("m", denominator),
                    SQL.identifier(code),
                )
                for code, (numerator, denominator, factor) in self._kia_ratio_specs().items()
            ),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env["kia.kpi.snapshot"]._kia_init_table(self._kia_fact_columns())
        self._kia_init_live_function()
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._kia_query(),
            )
        )
