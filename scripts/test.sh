#!/usr/bin/env bash
# make test: fresh test databases with the suite, one with demo data and one without (both
# installs run side by side and must log no WARNING or ERROR), then every test with pytest-odoo
# on the demo database, browser tours in Chromium. The test databases also install the add-ons
# that demo and dealers never get (KIA_TEST_ADDONS: the network data generator), for their tests.
source "$(dirname "$0")/common.sh"
export KIA_INSTALL_ADDONS="$KIA_TEST_ADDONS"
TEST_DB="${TEST_DB:-kia_test}"
conf="$BUILD/odoo-test.conf"
HTTP_PORT="${TEST_HTTP_PORT:-8169}" write_config "$ROOT/config/odoo-test.conf.template" "$conf"
for db in "$TEST_DB" "${TEST_DB}_nodemo"; do
    dropdb --if-exists "$db"
    rm -rf "$BUILD/data/filestore/$db"
done
bash "$ROOT/scripts/install_db.sh" "${TEST_DB}_nodemo" "$conf" "$BUILD/install-nodemo.log" \
    --without-demo=all &
nodemo=$!
demo_rc=0
bash "$ROOT/scripts/install_db.sh" "$TEST_DB" "$conf" "$BUILD/install.log" || demo_rc=$?
nodemo_rc=0
wait $nodemo || nodemo_rc=$?
dropdb --if-exists "${TEST_DB}_nodemo"
if [ $demo_rc != 0 ] || [ $nodemo_rc != 0 ]; then
    echo "make test: the suite did not install cleanly (with demo: $demo_rc, without: $nodemo_rc)" >&2
    exit 1
fi
cd "$ROOT"
exec "$PYTHON" -m pytest -p no:cacheprovider --odoo-config="$conf" --odoo-database="$TEST_DB" \
    --odoo-http --odoo-log-level=warn -o addopts="" addons tests --ignore=tests/perf --ignore=tests/peers "$@"
