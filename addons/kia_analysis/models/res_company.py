from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    kia_labor_cost_rate = fields.Float(
        string="Labour Cost per Clocked Hour",
        default=60.0,
        help="What one hour a technician clocks costs the dealer (wages and on-costs): the "
        "labour cost of the gross-profit KPIs.",
    )
    kia_kpi_amber_pct = fields.Float(
        string="KPI Amber Band (%)",
        default=10.0,
        help="A KPI that misses its target by at most this share of the target shows amber "
        "on the dashboard; further off it shows red.",
    )
    kia_declined_recovery_days = fields.Integer(
        string="Declined Work Recovered Within (days)",
        default=90,
        help="A job the customer declined counts as recovered when a later repair order of "
        "the same vehicle does it within this many days.",
    )
