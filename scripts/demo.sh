#!/usr/bin/env bash
# make demo: creates or updates the database kia_demo with the suite and its demo data, prints the
# demo logins and serves it at http://localhost:8069.
source "$(dirname "$0")/common.sh"
DEMO_DB="${DEMO_DB:-kia_demo}"
conf="$BUILD/odoo-demo.conf"
write_config "$ROOT/config/odoo.conf.template" "$conf"
bash "$ROOT/scripts/install_db.sh" "$DEMO_DB" "$conf" "$BUILD/demo-install.log"
"$PYTHON" "$ROOT/scripts/print_logins.py" "$conf" "$DEMO_DB"
echo "Serving $DEMO_DB at http://localhost:${HTTP_PORT:-8069} (Ctrl-C stops it)"
exec "$PYTHON" -m odoo -c "$conf" -d "$DEMO_DB" --db-filter="^$DEMO_DB\$"
