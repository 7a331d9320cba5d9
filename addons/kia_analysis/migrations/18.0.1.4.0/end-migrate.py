import logging
import time

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    """The KPI report reads closed months from the new snapshot: fill it with every dealer's
    months that have ended (what the hourly cron would do), so that the first dashboard does
    not compute the whole history live. At the end of the update: every add-on's figures
    (their snapshot columns) are there by then."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    started = time.monotonic()
    env["kia.kpi.snapshot"]._cron_kia_close_months()
    _logger.info("KPI snapshot filled in %.1f s", time.monotonic() - started)
