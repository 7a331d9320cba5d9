import statistics

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

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
    def get_dashboard_data(self, month=None):
        """Everything the dashboard draws, in three grouped queries whatever the number of KPIs
        and months: the trend of the user's dealer (or of the dealers head office holds), the
        twelve months of every dealer of the network (medians, ranking, regions), the targets.
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
        Value = self.env["kia.kpi.value"].sudo()
        period = [("date", ">=", first), ("date", "<=", date_to)]
        # 1. the trend: the user's dealer(s), per KPI and month (ratios of sums, not averages)
        trend = {
            (kpi.id, month_start): (value, target)
            for kpi, month_start, value, target in Value._read_group(
                [("company_id", "in", own.ids), *period],
                ["kpi_id", "date:month"],
                ["value:sum", "target:max"],
            )
        }
        # 2. every dealer of the network over the twelve months, per KPI
        per_dealer = {}
        for kpi, dealer, value in Value._read_group(
            [("company_id", "in", network.ids), *period],
            ["kpi_id", "company_id"],
            ["value:sum"],
        ):
            per_dealer.setdefault(kpi.id, {})[dealer.id] = value
        own_year = {
            kpi.id: value
            for kpi, value in Value._read_group(
                [("company_id", "in", own.ids), *period], ["kpi_id"], ["value:sum"]
            )
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
    def _kia_ro_domain(self, date_from, date_to):
        """Delivered repair orders of a month as kia.kpi.report dates them: by delivery date,
        else completion date, else scheduled date."""
        start = fields.Datetime.to_datetime(date_from)
        stop = fields.Datetime.to_datetime(date_to)
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
        companies = [("company_id", "=", company_id)] if company_id else []
        name = self.env._("%(kpi)s: records", kpi=kpi.name)
        start = fields.Datetime.to_datetime(date_from)
        stop = fields.Datetime.to_datetime(date_to)
        if kpi.code in RO_KPIS:
            model, domain = (
                "repair.order",
                self._kia_ro_domain(date_from, date_to) + RO_KPIS[kpi.code],
            )
            if kpi.code == "appointment_rate":
                domain += [("kia_appointment_id", "!=", False)]
            views = ["list", "pivot", "graph", "form"]
        elif kpi.code in TIME_KPIS:
            model = "kia.repair.job.time"
            domain = [("date_start", ">=", start), ("date_start", "<", stop)]
            views = ["list", "pivot", "graph"]
        elif kpi.code == "complaint_rate":
            model = "helpdesk.ticket"
            domain = [
                ("kia_is_complaint", "=", True),
                ("kia_received_date", ">=", start),
                ("kia_received_date", "<", stop),
            ]
            views = ["list", "pivot", "graph", "form"]
        elif kpi.code == "warranty_share":
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
    def action_open_analysis(self, kpi_id):
        """One KPI per dealer and month (pivot and graph)."""
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_analysis.kia_kpi_value_action_analysis"
        )
        kpi = self.env["kia.kpi"].browse(kpi_id)
        action["display_name"] = kpi.name
        action["domain"] = [("kpi_id", "=", kpi.id)]
        return action
