from odoo import SUPERUSER_ID, api
from odoo.tools import SQL

from odoo.addons.kia_base.models.fleet_vehicle import NETWORK_FIELDS


def migrate(cr, version):
    """Once every add-on is loaded: the files whose facts the merge changed (VINs with more
    than one dealer's file) recompute what depends on them in every add-on (warranty end,
    first maintenance deadline, care calls)."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        SQL(
            """
            SELECT id FROM fleet_vehicle
             WHERE kia_vehicle_id IN (SELECT kia_vehicle_id FROM fleet_vehicle
                                       WHERE kia_vehicle_id IS NOT NULL
                                       GROUP BY kia_vehicle_id HAVING count(*) > 1)
            """
        )
    )
    vehicles = env["fleet.vehicle"].browse([row[0] for row in cr.fetchall()])
    vehicles.modified(list(NETWORK_FIELDS))
    env.flush_all()
