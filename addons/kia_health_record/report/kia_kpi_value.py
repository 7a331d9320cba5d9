from odoo import models


class KiaKpiValue(models.Model):
    # Rebuilt after kia.kpi.report, whose view (and so this one) gains the upload rate here.
    _inherit = "kia.kpi.value"
