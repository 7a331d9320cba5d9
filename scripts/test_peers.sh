#!/usr/bin/env bash
# make test-peers: the own tests of the Odoo and OCA add-ons the suite depends on or extends
# (PEER_ADDONS), on a database that first holds a dealer's ordinary Odoo (those add-ons with their
# demo data, plus the ordinary records scripts/peers_populate.py adds) and then gets the whole
# suite installed on top. tests/peers/test_install_populated.py checks that the install broke
# or reclassified nothing; then the peer tests run with pytest-odoo and every failure or error
# that is not in tests/peers/baseline.txt (the peer tests that fail on this Odoo build WITHOUT the
# suite) fails the run. `make test-peers BASELINE=1` also runs the peer tests before the suite is
# installed and rewrites the baseline from that run.
source "$(dirname "$0")/common.sh"
PEER_ADDONS="repair,repair_service,fleet,hr_fleet,account_fleet,maintenance,hr,hr_skills,survey,hr_skills_survey,helpdesk_mgmt,purchase_sale_inter_company,account_invoice_inter_company,stock_inventory_discrepancy"
db="${PEERS_DB:-${TEST_DB:-kia_test}_peers}"
conf="$BUILD/odoo-peers.conf"
HTTP_PORT="${PEERS_HTTP_PORT:-8269}" write_config "$ROOT/config/odoo-test.conf.template" "$conf"
baseline="$ROOT/tests/peers/baseline.txt"
snapshot="$BUILD/peers-snapshot.json"
start=$(date +%s)
dropdb --if-exists "$db"
rm -rf "$BUILD/data/filestore/$db" "$BUILD"/peers-*.xml "$snapshot"

# The tests/ folder of each peer add-on, wherever the add-ons path has it.
mapfile -t paths < <("$PYTHON" - "$conf" "$PEER_ADDONS" <<'PY'
import configparser, os, sys
conf = configparser.ConfigParser()
conf.read(sys.argv[1])
roots = conf["options"]["addons_path"].split(",")
for module in sys.argv[2].split(","):
    found = [os.path.join(r, module, "tests") for r in roots if os.path.isdir(os.path.join(r, module, "tests"))]
    if not found:
        sys.exit(f"test-peers: no tests for add-on {module} in the add-ons path")
    print(found[0])
PY
)
run_pytest() {
    local junit="$1"; shift
    ( cd "$ROOT" && "$PYTHON" -m pytest -p no:cacheprovider -q --odoo-config="$conf" \
        --odoo-database="$db" --odoo-http --odoo-log-level=critical -o addopts="" \
        --junitxml="$junit" "$@" ) > "${junit%.xml}.log" 2>&1 || true
    tail -1 "${junit%.xml}.log"
}

# 1. A dealer's Odoo before the suite: the peer add-ons with their demo data and ordinary records.
KIA_INSTALL_ADDONS="$PEER_ADDONS" bash "$ROOT/scripts/install_db.sh" "$db" "$conf" \
    "$BUILD/peers-install.log"
KIA_PEERS_SNAPSHOT="$snapshot" odoo shell -c "$conf" -d "$db" --no-http --log-level=warn \
    < "$ROOT/scripts/peers_populate.py" > "$BUILD/peers-populate.log" 2>&1 \
    || { cat "$BUILD/peers-populate.log" >&2; exit 1; }
if [ "${BASELINE:-0}" = 1 ]; then
    echo "test-peers: the peer tests without the suite"
    run_pytest "$BUILD/peers-without.xml" "${paths[@]}"
fi

# 2. The suite installed onto that database (an install with data must log no warning either).
KIA_INSTALL_ADDONS="$KIA_ADDONS" bash "$ROOT/scripts/install_db.sh" "$db" "$conf" \
    "$BUILD/peers-install-suite.log"

# 3. Nothing broken or reclassified, then the peer tests with the suite.
echo "test-peers: the install onto ordinary data, then the peer tests with the suite"
KIA_PEERS_SNAPSHOT="$snapshot" run_pytest "$BUILD/peers-populated.xml" \
    "$ROOT/tests/peers/test_install_populated.py"
run_pytest "$BUILD/peers-with.xml" "${paths[@]}"
rc=0
"$PYTHON" "$ROOT/scripts/peers_compare.py" --baseline "$baseline" \
    --populated "$BUILD/peers-populated.xml" --with "$BUILD/peers-with.xml" \
    $([ "${BASELINE:-0}" = 1 ] && echo --without "$BUILD/peers-without.xml" --write-baseline) \
    || rc=$?
echo "test-peers: done in $(( $(date +%s) - start ))s (logs: $BUILD/peers-*.log)"
[ "${KEEP_DB:-0}" = 1 ] || dropdb --if-exists "$db"
exit $rc
