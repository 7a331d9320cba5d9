from odoo import api, fields, models


class KiaAssessmentMeasure(models.AbstractModel):
    """What a scorecard's record-based criteria read from the dealers' records, for a batch of
    dealers over one period: ``{company id: (share in %, number of records, basis)}``. One
    grouped query per source and period, never one per dealer."""

    _name = "kia.assessment.measure"
    _description = "Dealer Assessment Measures from Records"

    @api.model
    def _kia_measure(self, source, companies, date_from, date_to):
        # The measures read with sudo: head office scores the dealers from their records
        # (audits, certifications, tools, claims, checklists); the figures are aggregates, the
        # records stay the dealer's.
        values = getattr(self, f"_kia_measure_{source}")(companies, date_from, date_to)
        return {
            company.id: values.get(company.id) or (0.0, 0, self.env._("No records in the period"))
            for company in companies
        }

    @api.model
    def _kia_share(self, good, total):
        return 100.0 * good / total if total else 0.0

    @api.model
    def _kia_measure_facility_audit(self, companies, date_from, date_to):
        """Head office's facility audits done in the period: their average score (a failed veto
        item scores the audit 0)."""
        # sudo: aggregates of the dealer's records for head office (see _kia_measure).
        groups = (
            self.env["kia.audit"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "in", companies.ids),
                    ("audit_type", "=", "hq"),
                    ("state", "=", "done"),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                ],
                ["company_id"],
                ["score_percent:avg", "__count"],
            )
        )
        return {
            company.id: (
                avg or 0.0,
                count,
                self.env._("%(count)s facility audit(s) by head office", count=count),
            )
            for company, avg, count in groups
        }

    @api.model
    def _kia_measure_staffing(self, companies, date_from, date_to):
        """Certified staff held against each staffing requirement of the dealer type, as of
        today (certifications are valid or not on a day, not over a period)."""
        # sudo: aggregates of the dealer's records for head office (see _kia_measure).
        groups = (
            self.env["kia.staffing.compliance.report"]
            .sudo()
            ._read_group(
                [("company_id", "in", companies.ids)],
                ["company_id"],
                ["min_headcount:sum", "shortfall:sum", "__count"],
            )
        )
        return {
            company.id: (
                self._kia_share(required - shortfall, required),
                count,
                self.env._(
                    "%(held)s of %(required)s certified staff required",
                    held=int(required - shortfall),
                    required=int(required),
                ),
            )
            for company, required, shortfall, count in groups
            if required
        }

    @api.model
    def _kia_measure_tools(self, companies, date_from, date_to):
        """Usable special tools held against the list of the dealer type, as of today."""
        # sudo: aggregates of the dealer's records for head office (see _kia_measure).
        groups = (
            self.env["kia.tool.gap.report"]
            .sudo()
            ._read_group(
                [("company_id", "in", companies.ids)],
                ["company_id"],
                ["required_qty:sum", "missing_qty:sum", "__count"],
            )
        )
        return {
            company.id: (
                self._kia_share(required - missing, required),
                count,
                self.env._(
                    "%(held)s of %(required)s special tools held",
                    held=int(required - missing),
                    required=int(required),
                ),
            )
            for company, required, missing, count in groups
            if required
        }

    @api.model
    def _kia_measure_claims(self, companies, date_from, date_to):
        """Warranty claims submitted in the period: the share head office neither returned,
        rejected nor charged back."""
        bad_states = ("returned", "rejected", "charged_back")
        # sudo: aggregates of the dealer's records for head office (see _kia_measure).
        groups = (
            self.env["kia.warranty.claim"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "in", companies.ids),
                    ("submit_date", ">=", date_from),
                    ("submit_date", "<=", date_to),
                    ("state", "!=", "draft"),
                ],
                ["company_id", "state"],
                ["__count"],
            )
        )
        totals, bad = {}, {}
        for company, state, count in groups:
            totals[company.id] = totals.get(company.id, 0) + count
            if state in bad_states:
                bad[company.id] = bad.get(company.id, 0) + count
        return {
            company_id: (
                self._kia_share(total - bad.get(company_id, 0), total),
                total,
                self.env._(
                    "%(bad)s of %(total)s claims returned, rejected or charged back",
                    bad=bad.get(company_id, 0),
                    total=total,
                ),
            )
            for company_id, total in totals.items()
        }

    @api.model
    def _kia_measure_claim_audit(self, companies, date_from, date_to):
        """Claims head office's claim audit closed in the period: the share it confirmed, not
        charged back. A dealer none of whose claims was audited has nothing against it."""
        # sudo: aggregates of the dealer's records for head office (see _kia_measure).
        Audit = self.env["kia.warranty.audit"].sudo()
        domain = [
            ("company_id", "in", companies.ids),
            ("state", "in", ("confirmed", "chargeback")),
            ("audit_date", ">=", date_from),
            ("audit_date", "<=", date_to),
        ]
        # A claim several rules selected counts once; charged back by any audit, it is bad.
        audited = dict(Audit._read_group(domain, ["company_id"], ["claim_id:count_distinct"]))
        charged = dict(
            Audit._read_group(
                [*domain, ("state", "=", "chargeback")], ["company_id"], ["claim_id:count_distinct"]
            )
        )
        result = {}
        for company in companies:
            total, bad = audited.get(company, 0), charged.get(company, 0)
            result[company.id] = (
                self._kia_share(total - bad, total) if total else 100.0,
                total,
                self.env._(
                    "%(bad)s of %(total)s audited claims charged back", bad=bad, total=total
                ),
            )
        return result

    @api.model
    def _kia_measure_reporting(self, companies, date_from, date_to):
        """Reports of the reporting calendar due in the period (up to today): the share
        received by their due date."""
        today = fields.Date.context_today(self)
        # sudo: aggregates of the dealer's records for head office (see _kia_measure).
        Submission = self.env["kia.report.submission"].sudo()
        domain = [
            ("company_id", "in", companies.ids),
            ("date_due", ">=", date_from),
            ("date_due", "<=", min(fields.Date.to_date(date_to), today)),
        ]
        # Late: received after its due date, or still not received once the due date passed
        # (also before the nightly job has marked it).
        late_domain = [
            "|",
            ("is_late", "=", True),
            "&",
            ("state", "=", "due"),
            ("date_due", "<", today),
        ]
        totals = {
            company.id: count
            for company, count in Submission._read_group(domain, ["company_id"], ["__count"])
        }
        late = {
            company.id: count
            for company, count in Submission._read_group(
                domain + late_domain, ["company_id"], ["__count"]
            )
        }
        return {
            company_id: (
                self._kia_share(total - late.get(company_id, 0), total),
                total,
                self.env._(
                    "%(late)s of %(total)s reports late",
                    late=late.get(company_id, 0),
                    total=total,
                ),
            )
            for company_id, total in totals.items()
        }

    @api.model
    def _kia_measure_norms(self, companies, date_from, date_to):
        """Daily work norm checklists of the period that are done or missed: the share done
        within the grace period."""
        # sudo: aggregates of the dealer's records for head office (see _kia_measure).
        groups = (
            self.env["kia.work.norm.check"]
            .sudo()
            ._read_group(
                [
                    ("company_id", "in", companies.ids),
                    ("date", ">=", date_from),
                    ("date", "<=", date_to),
                    ("state", "in", ("done", "missed")),
                ],
                ["company_id"],
                ["compliance:avg", "__count"],
            )
        )
        return {
            company.id: (
                avg or 0.0,
                count,
                self.env._("%(count)s checklists of daily work norms", count=count),
            )
            for company, avg, count in groups
        }
