from collections import defaultdict
from datetime import datetime, time

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class KiaTechnicianCapacity(models.Model):
    """Hours a technician is available in a month, from the working schedule of their employee
    record less their time off (resource's own interval computation). SQL cannot read working
    schedules, so a cron stores them here for the KPI view."""

    _name = "kia.technician.capacity"
    _description = "Technician Hours Available per Month"
    _order = "date desc, company_id, employee_id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    employee_id = fields.Many2one(
        "hr.employee", string="Technician", required=True, index=True, check_company=True
    )
    user_id = fields.Many2one(related="employee_id.user_id", string="User")
    date = fields.Date(string="Month", required=True, index=True)
    hours = fields.Float(string="Hours Available", digits=(16, 2))

    _sql_constraints = [
        (
            "employee_month_uniq",
            "unique(employee_id, date)",
            "A technician has one availability per month.",
        )
    ]

    def action_kia_recompute(self):
        """Recompute the months shown for the user's current companies."""
        today = fields.Date.context_today(self)
        self._kia_compute(self.env.companies, today - relativedelta(months=1), today)
        return {"type": "ir.actions.client", "tag": "reload"}

    @api.model
    def _kia_technician_employees(self, companies):
        """The productive technicians of the companies: employees whose user clocks jobs as a
        technician and does not inspect (QC) or dispatch (foreman)."""
        technician = self.env.ref("kia_base.group_technician")
        non_productive = self.env.ref("kia_base.group_qc_inspector") | self.env.ref(
            "kia_base.group_foreman"
        )
        users = technician.users - non_productive.users
        return self.env["hr.employee"].search(
            [("company_id", "in", companies.ids), ("user_id", "in", users.ids)]
        )

    @api.model
    def _kia_compute(self, companies, date_from, date_to):
        """Store the available hours of the companies' technicians for every month from
        date_from to date_to, replacing what was stored for those months."""
        date_from = fields.Date.to_date(date_from).replace(day=1)
        date_to = fields.Date.to_date(date_to)
        if date_to < date_from:
            raise UserError(self.env._("The end of the period is before its start."))
        employees = self._kia_technician_employees(companies)
        months = []
        month = date_from
        while month <= date_to:
            months.append(month)
            month += relativedelta(months=1)
        by_tz = defaultdict(lambda: self.env["hr.employee"])
        for employee in employees:
            by_tz[employee.tz or "UTC"] |= employee
        values = []
        for tz_name, tz_employees in by_tz.items():
            tz = pytz.timezone(tz_name)
            for month in months:
                start = tz.localize(datetime.combine(month, time.min))
                stop = tz.localize(datetime.combine(month + relativedelta(months=1), time.min))
                data = tz_employees._get_work_days_data_batch(start, stop)
                values += [
                    {
                        "company_id": employee.company_id.id,
                        "employee_id": employee.id,
                        "date": month,
                        "hours": data[employee.id]["hours"],
                    }
                    for employee in tz_employees
                ]
        self.search(
            [
                ("company_id", "in", companies.ids),
                ("date", ">=", date_from),
                ("date", "<=", date_to),
            ]
        ).unlink()
        return self.create(values)

    @api.model
    def _cron_kia_compute(self):
        """Nightly: this month and the previous one (late time off), for every dealer."""
        today = fields.Date.context_today(self)
        dealers = self.env["res.company"].search(
            [("kia_dealer_type", "in", ("dealer_4s", "service_station"))]
        )
        self._kia_compute(dealers, today - relativedelta(months=1), today)
