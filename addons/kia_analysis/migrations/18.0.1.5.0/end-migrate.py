import logging
import time

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    """The KPI snapshot now also keeps the days of each dealer's current month that have
    ended: keep them at the update (what the hourly cron does), so that the first dashboard
    computes only today live."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    started = time.monotonic()
    env["kia.kpi.snapshot"]._cron_kia_close_months()
    _logger.info("KPI snapshot: days kept in %.1f s", time.monotonic() - started)
