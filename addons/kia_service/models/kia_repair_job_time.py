from odoo import api, fields, models

from .kia_repair_job import PAUSE_REASONS


class KiaRepairJobTime(models.Model):
    _name = "kia.repair.job.time"
    _description = "Workshop Job Time Log"
    _order = "date_start desc, id desc"

    job_id = fields.Many2one("kia.repair.job", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="job_id.company_id", store=True, index=True)
    user_id = fields.Many2one("res.users", string="Technician", required=True, index=True)
    date_start = fields.Datetime(string="Started", required=True)
    date_stop = fields.Datetime(string="Stopped")
    pause_reason = fields.Selection(PAUSE_REASONS, string="Stopped Because")
    duration = fields.Float(string="Hours", compute="_compute_duration", store=True)

    @api.depends("date_start", "date_stop")
    def _compute_duration(self):
        for log in self:
            if log.date_start and log.date_stop:
                log.duration = (log.date_stop - log.date_start).total_seconds() / 3600.0
            else:
                log.duration = 0.0
