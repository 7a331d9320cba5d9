from odoo import api, fields, models
from odoo.exceptions import AccessError

from .kia_repair_job import PAUSE_REASONS


class KiaRepairJobTime(models.Model):
    """One clocked stretch of a job 工时记录. Written only by the job's Start, Pause and
    Finish buttons: the hours feed efficiency and warranty labour claims."""

    _name = "kia.repair.job.time"
    _description = "Workshop Job Time Log"
    _inherit = ["kia.protected.mixin"]
    _order = "date_start desc, id desc"

    job_id = fields.Many2one("kia.repair.job", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        related="job_id.company_id", store=True, index=True, precompute=True
    )
    user_id = fields.Many2one("res.users", string="Technician", required=True, index=True)
    date_start = fields.Datetime(string="Started", required=True)
    date_stop = fields.Datetime(string="Stopped")
    pause_reason = fields.Selection(PAUSE_REASONS, string="Stopped Because")
    duration = fields.Float(
        string="Hours", compute="_compute_duration", store=True, precompute=True
    )

    @api.depends("date_start", "date_stop")
    def _compute_duration(self):
        for log in self:
            if log.date_start and log.date_stop:
                log.duration = (log.date_stop - log.date_start).total_seconds() / 3600.0
            else:
                log.duration = 0.0

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        clock = self.env._("the Start, Pause and Finish buttons of the job")
        res.update(
            {
                name: clock
                for name in (
                    "job_id",
                    "user_id",
                    "date_start",
                    "date_stop",
                    "pause_reason",
                    "duration",
                )
            }
        )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_clocked(self):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "Time logs are kept as clocked: they are written only by the Start, Pause "
                    "and Finish buttons of the job and are never deleted."
                )
            )
