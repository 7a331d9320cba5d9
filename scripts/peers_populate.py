# Run by scripts/test_peers.sh in `odoo shell` on a database that has Odoo's and OCA's add-ons but
# not the Kia suite: adds the ordinary records a dealer's Odoo holds beside their demo data (a car
# without VIN, a draft repair order with a part, a plain helpdesk ticket, a storable product in
# stock), commits them, and writes what the suite's install must leave as it is to the JSON file
# KIA_PEERS_SNAPSHOT names. `env` is the shell's environment (superuser).
# ruff: noqa: F821
import json
import os

company = env.company
model = env["fleet.vehicle.model"].search([], limit=1)
env["fleet.vehicle"].create({"model_id": model.id, "license_plate": "沪A-PEER1", "odometer": 12345})
part = env["product.product"].create(
    {"name": "Ordinary brake pad", "type": "consu", "is_storable": True, "standard_price": 80}
)
stock = env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
env["stock.quant"]._update_available_quantity(part, stock.lot_stock_id, 20)
customer = env["res.partner"].create({"name": "Ordinary customer"})
env["repair.order"].create(
    {
        "partner_id": customer.id,
        "move_ids": [
            (0, 0, {"product_id": part.id, "product_uom_qty": 2, "repair_line_type": "add"})
        ],
    }
)
env["helpdesk.ticket"].create(
    {
        "name": "Printer jam at reception",
        "description": "An ordinary ticket",
        "partner_id": customer.id,
    }
)
env.cr.commit()  # a script, not a test: the suite is installed afterwards


LANG = "en_US"


def rows(model, fields):
    return sorted(
        env[model].with_context(active_test=False, lang=LANG).search_read([], fields),
        key=lambda r: r["id"],
    )


snapshot = {
    "lang": LANG,
    "helpdesk.ticket": rows(
        "helpdesk.ticket", ["name", "stage_id", "partner_id", "team_id", "user_id", "company_id"]
    ),
    "fleet.vehicle": rows(
        "fleet.vehicle",
        ["vin_sn", "license_plate", "model_id", "driver_id", "odometer", "company_id", "active"],
    ),
    "repair.order": rows(
        "repair.order", ["name", "state", "partner_id", "product_id", "company_id"]
    ),
    "stock.move": rows(
        "stock.move",
        ["repair_id", "product_id", "product_uom_qty", "quantity", "state", "repair_line_type"],
    ),
    "stock.quant": rows("stock.quant", ["product_id", "location_id", "quantity"]),
    "maintenance.equipment": rows("maintenance.equipment", ["name", "category_id", "company_id"]),
    "product.product": rows("product.product", ["name", "default_code", "list_price"]),
}
with open(os.environ["KIA_PEERS_SNAPSHOT"], "w") as fh:
    json.dump(snapshot, fh, default=str)
print({model: len(values) for model, values in snapshot.items() if model != "lang"})
