#!/usr/bin/env bash
# make test: a fresh test database with the suite (with demo data, and a second one without, to
# prove both install cleanly), then every test with pytest-odoo, browser tours in Chromium.
source "$(dirname "$0")/common.sh"
TEST_DB="${TEST_DB:-kia_test}"
conf="$BUILD/odoo-test.conf"
write_config "$ROOT/config/odoo-test.conf.template" "$conf"
for db in "$TEST_DB" "${TEST_DB}_nodemo"; do
    dropdb --if-exists "$db"
    rm -rf "$BUILD/data/filestore/$db"
done
bash "$ROOT/scripts/install_db.sh" "${TEST_DB}_nodemo" "$conf" "$BUILD/install-nodemo.log" --without-demo=all
dropdb --if-exists "${TEST_DB}_nodemo"
bash "$ROOT/scripts/install_db.sh" "$TEST_DB" "$conf" "$BUILD/install.log"
cd "$ROOT"
exec "$PYTHON" -m pytest -p no:cacheprovider --odoo-config="$conf" --odoo-database="$TEST_DB" \
    --odoo-http --odoo-log-level=warn -o addopts="" addons tests --ignore=tests/perf "$@"
