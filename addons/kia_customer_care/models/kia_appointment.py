from odoo import fields, models


class KiaAppointment(models.Model):
    _inherit = "kia.appointment"

    kia_care_call_id = fields.Many2one(
        "kia.care.call",
        string="Care Call",
        index="btree_not_null",
        readonly=True,
        copy=False,
        check_company=True,
        help="The maintenance-reminder or win-back call in which the customer booked this visit.",
    )
