from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.helpdesk_ticket import COMPLAINT_CLASSES, COMPLAINT_SOURCES


class KiaComplaintReport(models.Model):
    """Complaints by class, category, dealer and month: how long they take to close and how
    many close within the dealer's closure target (two weeks by default)."""

    _name = "kia.complaint.report"
    _description = "Complaint Analysis"
    _auto = False
    _order = "date desc"

    date = fields.Datetime(string="Received On", readonly=True)
    company_id = fields.Many2one("res.company", string="Dealer", readonly=True)
    region_id = fields.Many2one("kia.region", readonly=True)
    complaint_class = fields.Selection(COMPLAINT_CLASSES, string="Class", readonly=True)
    complaint_source = fields.Selection(COMPLAINT_SOURCES, string="Source", readonly=True)
    category_id = fields.Many2one("helpdesk.ticket.category", readonly=True)
    ticket_id = fields.Many2one("helpdesk.ticket", string="Complaint", readonly=True)
    is_closed = fields.Boolean(string="Closed", readonly=True)
    complaint_count = fields.Integer(string="Complaints", readonly=True, aggregator="sum")
    days_to_close = fields.Float(string="Days to Close", readonly=True, aggregator="avg")
    closed_on_time_rate = fields.Float(
        string="Closed within Target (%)",
        readonly=True,
        aggregator="avg",
        help="Share of complaints closed within the dealer's closure target (14 days by default).",
    )

    def _query(self):
        return SQL(
            """
            SELECT t.id AS id,
                   t.id AS ticket_id,
                   t.kia_received_date AS date,
                   t.company_id AS company_id,
                   c.kia_region_id AS region_id,
                   t.kia_complaint_class AS complaint_class,
                   t.kia_complaint_source AS complaint_source,
                   t.category_id AS category_id,
                   t.closed_date IS NOT NULL AS is_closed,
                   1 AS complaint_count,
                   CASE WHEN t.closed_date IS NOT NULL THEN t.kia_days_to_close END
                       AS days_to_close,
                   CASE WHEN t.closed_date IS NOT NULL
                             AND t.closed_date <= t.kia_received_date
                                 + make_interval(days => c.kia_complaint_closure_target_days)
                        THEN 100.0 ELSE 0.0 END AS closed_on_time_rate
              FROM helpdesk_ticket t
              JOIN res_company c ON c.id = t.company_id
             WHERE t.kia_is_complaint
               AND t.active
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
