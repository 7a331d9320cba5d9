import statistics
from collections import defaultdict
from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from ..report.kia_kpi_report import DEFAULT_TIME_ZONE

DEALER_TYPES = ("dealer_4s", "service_station")
TREND_MONTHS = 12
# KPIs whose figure is a count of repair orders delivered in the month (the records behind it),
# and which of those orders make the numerator.
RO_KPIS = {
    "ro_count": [],
    "revenue": [],
    "gross_profit": [],
    "revenue_per_ro": [],
    "hours_sold": [],
    "comeback_rate": [("kia_comeback_of_id", "!=", False)],
    "on_time_rate": [("kia_delivery_date", "!=", False)],
    "followup_reach": [("kia_followup_state", "!=", False)],
    "satisfaction": [("kia_satisfaction", "!=", False)],
    "appointment_rate": [],
}
TIME_KPIS = ("hours_clocked", "utilisation", "efficiency", "productivity")


class KiaKpiDashboard(models.AbstractModel):
    """The KPI dashboard (manual ch.12): each KPI's last twelve months against its target, the
    dealer's place among the region's and the network's dealers, head office's ranking of
    dealers and regions, and the records behind a figure."""

    _name = "kia.kpi.dashboard"
    _description = "KPI Dashboard"

    @api.model
    def _kia_months(self, month=None):
        last = fields.Date.to_date(month or fields.Date.context_today(self)).replace(day=1)
        first = last - relativedelta(months=TREND_MONTHS - 1)
        return first, last, [first + relativedelta(months=i) for i in range(TREND_MONTHS)]

    @api.model
    def _kia_network(self):
        # sudo: the network's medians and ranks are figures of every dealer; a dealer's user
        # gets back only aggregates (medians, his rank), never another dealer's name or figure.
        return self.env["res.company"].sudo().search([("kia_dealer_type", "in", DEALER_TYPES)])

    @api.model
    @api.readonly
    def get_dashboard_data(self, month=None):
        """Everything the dashboard draws, in three grouped queries whatever the number of KPIs
        and months: the trend of the user's dealer (or of the dealers head office holds), the
        twelve months of every dealer of the network (medians, ranking, regions), the targets.

        Read-only (a replica may serve it over RPC): it writes nothing; the closed months come
        from the KPI snapshot, which only its cron and the commits of late changes fill.
        """
        user = self.env.user
        is_hq = user.has_group("kia_base.group_hq_officer")
        if not (is_hq or user.has_group("kia_base.group_service_manager")):
            raise UserError(
                self.env._("The KPI dashboard is for service managers and head office.")
            )
        first, last, months = self._kia_months(month)
        date_to = last + relativedelta(months=1, days=-1)
        network = self._kia_network()
        company = self.env.company
        if is_hq:
            own = user.kia_hq_company_ids or network
        else:
            own = company if company.kia_dealer_type in DEALER_TYPES else company.browse()
        kpis = self.env["kia.kpi"].search([])
        # 1. every dealer's figures per month over the twelve months, in one read of the
        # report (its months not closed are computed once), then each KPI as kia.kpi.value
        # computes a group: sum(numerator x factor) / sum(denominator), never an average
        rows = self._kia_dealer_months(network | own, first, date_to)
        specs = self.env["kia.kpi"]._kia_kpi_specs()
        month_targets = self._kia_month_targets(kpis, {row[1] for row in rows})
        types = {dealer.id: dealer.kia_dealer_type for dealer in network | own}
        own_ids = set(own.ids)
        own_rows = [row for row in rows if row[0] in own_ids]
        by_month = {}
        for row in own_rows:
            by_month.setdefault(row[1], []).append(row)
        trend = {}
        for month_start, in_month in by_month.items():
            month_types = {types[row[0]] for row in in_month}
            for kpi in kpis:
                targets_of_month = [
                    month_targets[(kpi.id, dealer_type, month_start)]
                    for dealer_type in month_types
                    if (kpi.id, dealer_type, month_start) in month_targets
                ]
                trend[(kpi.id, month_start)] = (
                    self._kia_group_value(specs[kpi.code], in_month),
                    max(targets_of_month) if targets_of_month else None,
                )
        # 2. every dealer of the network over the twelve months, per KPI
        by_dealer = {}
        for row in rows:
            if row[0] in network.ids:
                by_dealer.setdefault(row[0], []).append(row)
        per_dealer = {
            kpi.id: {
                dealer_id: self._kia_group_value(specs[kpi.code], dealer_rows)
                for dealer_id, dealer_rows in by_dealer.items()
            }
            for kpi in kpis
        }
        own_year = {
            kpi.id: self._kia_group_value(specs[kpi.code], own_rows) for kpi in kpis if own_rows
        }
        # 3. today's target of each KPI for the user's dealer type
        dealer_type = own[:1].kia_dealer_type if len(own) == 1 else False
        targets = {}
        if dealer_type:
            for target in self.env["kia.kpi.target"].search(
                [("dealer_type", "=", dealer_type), ("date_from", "<=", date_to)],
                order="date_from desc",
            ):
                targets.setdefault(target.kpi_id.id, target.target)
        region = own[:1].kia_region_id if len(own) == 1 else own.browse().kia_region_id
        region_dealers = network.filtered(lambda c: region and c.kia_region_id == region)
        units = dict(self.env["kia.kpi"]._fields["unit"]._description_selection(self.env))
        cards = []
        for kpi in kpis:
            values = per_dealer.get(kpi.id, {})
            ranked = sorted(values.items(), key=lambda item: item[1], reverse=kpi.higher_is_better)
            rank = next(
                (i + 1 for i, (dealer_id, _v) in enumerate(ranked) if dealer_id == own[:1].id),
                0,
            )
            region_values = [
                v for dealer_id, v in values.items() if dealer_id in region_dealers.ids
            ]
            cards.append(
                {
                    "id": kpi.id,
                    "code": kpi.code,
                    "name": kpi.name,
                    "formula": kpi.formula,
                    "unit": units.get(kpi.unit, ""),
                    "higher_is_better": kpi.higher_is_better,
                    "values": [trend.get((kpi.id, m), (0.0, 0.0))[0] or 0.0 for m in months],
                    "targets": [
                        trend.get((kpi.id, m), (0.0, 0.0))[1] or targets.get(kpi.id, 0.0)
                        for m in months
                    ],
                    "current": trend.get((kpi.id, last), (0.0, 0.0))[0] or 0.0,
                    "year": own_year.get(kpi.id, 0.0) or 0.0,
                    "target": targets.get(kpi.id, 0.0),
                    "region_median": statistics.median(region_values) if region_values else None,
                    "network_median": statistics.median(values.values()) if values else None,
                    "rank": rank if len(own) == 1 else 0,
                    "dealers": len(values),
                }
            )
        result = {
            "months": [fields.Date.to_string(m) for m in months],
            "month": fields.Date.to_string(last),
            "company": own.name if len(own) == 1 else self.env._("Network"),
            "company_id": own.id if len(own) == 1 else False,
            "region": region.name or "",
            "is_hq": is_hq,
            "cards": cards,
        }
        if is_hq:
            result.update(self._kia_hq_views(kpis, per_dealer, own))
        return result

    @api.model
    def _kia_dealer_months(self, companies, date_from, date_to):
        """[(company id, month, {column: value})]: the kia.kpi.report figures of the dealers
        per month of the period, in one grouped query."""
        specs = self.env["kia.kpi"]._kia_kpi_specs()
        columns = sorted({c for num, den, _f in specs.values() for c in (num, den) if c})
        # sudo: the network's medians and ranks need every dealer's figures; a dealer's user
        # gets back only aggregates (see _kia_network).
        groups = (
            self.env["kia.kpi.report"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "in", companies.ids),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                ],
                ["company_id", "date:month"],
                [f"{column}:sum" for column in columns],
            )
        )
        return [
            (company.id, month_start, dict(zip(columns, values, strict=True)))
            for company, month_start, *values in groups
        ]

    @api.model
    def _kia_group_value(self, spec, rows):
        """A KPI over some dealer-months, as kia.kpi.value computes a group (value:sum): the
        sum of numerator x factor, divided by the sum of the denominators for a ratio; 0.0
        when there is nothing or the denominators sum to zero (what read_group gives)."""
        numerator, denominator, factor = spec
        numerators = [row[2][numerator] * factor for row in rows if row[2][numerator] is not None]
        total = sum(numerators) if numerators else 0.0
        denominators = [
            row[2][denominator] for row in rows if denominator and row[2][denominator] is not None
        ]
        if not denominators:
            return total
        return total / sum(denominators) if sum(denominators) else 0.0

    @api.model
    def _kia_month_targets(self, kpis, months):
        """{(kpi id, dealer type, month): target} as kia.kpi.value gives a month's target:
        the latest set by the month's end (one query)."""
        targets = self.env["kia.kpi.target"].search(
            [("kpi_id", "in", kpis.ids)], order="date_from desc"
        )
        result = {}
        for month_start in months:
            month_end = month_start + relativedelta(months=1, days=-1)
            for target in targets:
                key = (target.kpi_id.id, target.dealer_type, month_start)
                if key not in result and target.date_from <= month_end:
                    result[key] = target.target
        return result

    @api.model
    def _kia_hq_views(self, kpis, per_dealer, dealers):
        """Head office's pictures: per KPI the dealers it holds ranked best first, and per
        region the median, best and worst dealer."""
        names = {dealer.id: dealer.name for dealer in dealers}
        region_of = {dealer.id: dealer.kia_region_id for dealer in dealers}
        ranking = {}
        regions = {}
        for kpi in kpis:
            values = {d: v for d, v in per_dealer.get(kpi.id, {}).items() if d in names}
            ranked = sorted(values.items(), key=lambda item: item[1], reverse=kpi.higher_is_better)
            ranking[kpi.id] = [
                {"company_id": d, "name": names[d], "value": v, "rank": i + 1}
                for i, (d, v) in enumerate(ranked)
            ]
            by_region = {}
            for dealer_id, value in ranked:
                by_region.setdefault(region_of[dealer_id], []).append((dealer_id, value))
            regions[kpi.id] = [
                {
                    "region": region.name or self.env._("No Region"),
                    "dealers": len(rows),
                    "median": statistics.median(v for _d, v in rows),
                    "best": names[rows[0][0]],
                    "worst": names[rows[-1][0]],
                }
                for region, rows in sorted(by_region.items(), key=lambda item: item[0].name or "")
            ]
        return {"ranking": ranking, "regions": regions}

    @api.model
    def _kia_month_range(self, month):
        date_from = fields.Date.to_date(month).replace(day=1)
        return date_from, date_from + relativedelta(months=1)

    @api.model
    def _kia_ro_domain(self, start, stop):
        """Delivered repair orders between two UTC instants as kia.kpi.report dates them: by
        delivery date, else completion date, else scheduled date."""
        return [
            ("state", "=", "done"),
            "|",
            "&",
            ("kia_delivery_date", ">=", start),
            ("kia_delivery_date", "<", stop),
            "&",
            ("kia_delivery_date", "=", False),
            "|",
            "&",
            ("kia_done_date", ">=", start),
            ("kia_done_date", "<", stop),
            "&",
            ("kia_done_date", "=", False),
            "&",
            ("schedule_date", ">=", start),
            ("schedule_date", "<", stop),
        ]

    @api.model
    def _kia_local_domain(self, companies, date_from, date_to, period_domain):
        """The records of the dealers from their local day date_from to their local day
        date_to (excluded), as kia.kpi.report cuts their months: ``period_domain(start,
        stop)`` with the UTC instants those days begin in each dealer's time zone, one
        branch per time zone."""
        by_tz = defaultdict(list)
        # sudo: only the dealers' time zones are read (their partners may be another
        # company's records); nothing of them is returned but their ids.
        for company in companies.sudo():
            by_tz[company.partner_id.tz or DEFAULT_TIME_ZONE].append(company.id)
        branches = []
        for tz_name, company_ids in sorted(by_tz.items()):
            tz = pytz.timezone(tz_name)
            start, stop = (
                tz.localize(datetime.combine(day, time.min))
                .astimezone(pytz.utc)
                .replace(tzinfo=None)
                for day in (date_from, date_to)
            )
            branches.append(
                expression.AND([[("company_id", "in", company_ids)], period_domain(start, stop)])
            )
        return expression.OR(branches) if branches else expression.FALSE_DOMAIN

    @api.model
    @api.readonly
    def action_open_records(self, kpi_id, month=None, company_id=False, year=False):
        """The records behind a figure: the repair orders, clockings, complaints or claims of
        the dealer(s) in the month (or the twelve months) the figure counts; for figures of
        other sources, the KPI report of that period."""
        kpi = self.env["kia.kpi"].browse(kpi_id).exists()
        if not kpi:
            raise UserError(self.env._("This KPI no longer exists."))
        first, last, _months = self._kia_months(month)
        if year:
            date_from, date_to = first, last + relativedelta(months=1)
        else:
            date_from, date_to = self._kia_month_range(last)
        if company_id:
            dealers = self.env["res.company"].browse(company_id)
        elif self.env.user.has_group("kia_base.group_hq_officer"):
            dealers = self._kia_network()
        else:
            dealers = self.env.companies
        name = self.env._("%(kpi)s: records", kpi=kpi.name)
        companies = [("company_id", "=", company_id)] if company_id else []
        if kpi.code in RO_KPIS:
            model, domain = (
                "repair.order",
                self._kia_local_domain(dealers, date_from, date_to, self._kia_ro_domain)
                + RO_KPIS[kpi.code],
            )
            if kpi.code == "appointment_rate":
                domain += [("kia_appointment_id", "!=", False)]
            views = ["list", "pivot", "graph", "form"]
        elif kpi.code in TIME_KPIS:
            model = "kia.repair.job.time"
            domain = self._kia_local_domain(
                dealers,
                date_from,
                date_to,
                lambda start, stop: [("date_start", ">=", start), ("date_start", "<", stop)],
            )
            views = ["list", "pivot", "graph"]
        elif kpi.code == "complaint_rate":
            model = "helpdesk.ticket"
            domain = [("kia_is_complaint", "=", True)] + self._kia_local_domain(
                dealers,
                date_from,
                date_to,
                lambda start, stop: [
                    ("kia_received_date", ">=", start),
                    ("kia_received_date", "<", stop),
                ],
            )
            views = ["list", "pivot", "graph", "form"]
        elif kpi.code == "warranty_share":
            # dates, not instants: no time zone
            model = "kia.warranty.claim"
            domain = [("repair_date", ">=", date_from), ("repair_date", "<", date_to)]
            views = ["list", "pivot", "graph", "form"]
        else:
            model = "kia.kpi.report"
            domain = [("date", ">=", date_from), ("date", "<", date_to)]
            views = ["pivot", "graph", "list"]
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "views": [(False, view) for view in views],
            "domain": domain + companies,
            "context": {"create": False},
            "target": "current",
        }

    @api.model
    @api.readonly
    def action_open_analysis(self, kpi_id):
        """One KPI per dealer and month (pivot and graph)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_analysis.kia_kpi_value_action_analysis"
        )
        kpi = self.env["kia.kpi"].browse(kpi_id)
        action["display_name"] = kpi.name
        action["domain"] = [("kpi_id", "=", kpi.id)]
        return action
