from odoo import SUPERUSER_ID, Command, api
from odoo.tools import SQL


def _columns(cr, table, names):
    cr.execute(
        SQL(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = %s AND column_name IN %s",
            table,
            tuple(names),
        )
    )
    return {row[0] for row in cr.fetchall()}


def migrate(cr, version):
    """Prior authorisation was a number typed on the claim and a box head office ticked: each
    such number becomes an authorisation record (approved when the box was ticked, else
    requested, for head office to answer), covering the warranty lines of the claim's repair
    order; the company threshold becomes head office's cost rule. The old columns go."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    claim_cols = _columns(cr, "kia_warranty_claim", ("pwa_number", "pwa_approved", "pwa_required"))
    company_cols = _columns(cr, "res_company", ("kia_wty_pwa_amount",))
    if "kia_wty_pwa_amount" in company_cols:
        cr.execute(
            SQL(
                "SELECT kia_wty_pwa_amount FROM res_company WHERE kia_wty_pwa_amount > 0 "
                "ORDER BY (kia_dealer_type = 'hq') DESC NULLS LAST, kia_wty_pwa_amount LIMIT 1"
            )
        )
        row = cr.fetchone()
        rule = env.ref("kia_warranty.pwa_rule_amount", raise_if_not_found=False)
        if row and rule:
            rule.amount_threshold = row[0]
    if {"pwa_number", "pwa_approved"} <= claim_cols:
        cr.execute(
            SQL(
                "SELECT id, pwa_number, pwa_approved FROM kia_warranty_claim "
                "WHERE pwa_number IS NOT NULL AND pwa_number != ''"
            )
        )
        rows = cr.fetchall()
        Pwa = env["kia.warranty.pwa"]
        for claim_id, number, approved in rows:
            claim = env["kia.warranty.claim"].browse(claim_id)
            services, moves = (
                claim.repair_id._kia_pwa_warranty_lines()
                if claim.repair_id
                else (env["repair.service"], env["stock.move"])
            )
            with Pwa._kia_unlocked():
                Pwa.create(
                    {
                        "name": number,
                        "company_id": claim.company_id.id,
                        "repair_id": claim.repair_id.id,
                        "vehicle_id": claim.vehicle_id.id,
                        "service_ids": [Command.set(services.ids)],
                        "move_ids": [Command.set(moves.ids)],
                        "estimated_cost": claim.amount_total,
                        "reason": claim.description,
                        "state": "approved" if approved else "requested",
                        "request_date": claim.create_date,
                        "deadline": claim.create_date,
                        "review_date": claim.write_date if approved else False,
                    }
                )
    for column in claim_cols:
        cr.execute(SQL("ALTER TABLE kia_warranty_claim DROP COLUMN %s", SQL.identifier(column)))
    if company_cols:
        cr.execute(SQL("ALTER TABLE res_company DROP COLUMN kia_wty_pwa_amount"))
