from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """One network vehicle per VIN: made from the dealers' files of the VIN (the file with the
    earliest sale date gives the facts), every file linked to it; repair orders and claims keep
    pointing at their dealer's file."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["kia.vehicle"]._kia_link_fleet_vehicles()
