# Shared settings for the project's scripts (sourced, not run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
# Where PYTHON has no Odoo, the project's own virtualenv does (scripts/check_odoo.sh made it).
if [ -x "$ROOT/.venv/bin/python" ] && ! "$PYTHON" -c 'import odoo' >/dev/null 2>&1; then
    PYTHON="$ROOT/.venv/bin/python"
fi
BUILD="$ROOT/.build"
KIA_ADDONS="kia_base,kia_service,kia_customer_care,kia_facility,kia_parts,kia_warranty,kia_training,kia_analysis,kia_warranty_training,kia_health_record"
# The demo network and the tests keep their books on the Chinese chart of accounts (l10n_cn);
# the suite itself does not depend on it: a dealer has the chart of its own choice.
KIA_DEMO_ADDONS="l10n_cn"
# Never installed for demo or dealers: the network data generator (benchmarks), which the test and
# benchmark network databases install to run its tests and generate with it.
KIA_GENERATOR_ADDONS="kia_network_generator"
KIA_TEST_ADDONS="$KIA_ADDONS,$KIA_GENERATOR_ADDONS"
mkdir -p "$BUILD"

# Write the Odoo configuration for this checkout: Odoo's own add-ons, the OCA add-ons that pip
# put under site-packages/odoo/addons, and ours.
write_config() {
    local template="$1" out="$2"
    local odoo_addons oca_addons
    odoo_addons="$("$PYTHON" -c 'import os, odoo.addons; print(os.path.dirname(odoo.addons.__file__))')"
    oca_addons="$("$PYTHON" -c 'import os, sysconfig; print(os.path.join(sysconfig.get_paths()["purelib"], "odoo", "addons"))')"
    local paths="$odoo_addons"
    [ -d "$oca_addons" ] && [ "$oca_addons" != "$odoo_addons" ] && paths="$paths,$oca_addons"
    paths="$paths,$ROOT/addons"
    sed -e "s#@ADDONS_PATH@#$paths#" -e "s#@DATA_DIR@#$BUILD/data#" \
        -e "s#@HTTP_PORT@#${HTTP_PORT:-8069}#" "$template" > "$out"
}

odoo() {
    "$PYTHON" -m odoo "$@"
}
