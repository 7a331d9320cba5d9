#!/usr/bin/env bash
# install_db.sh DB CONFIG LOG [extra odoo options]: installs (or updates) the Kia suite in DB and
# fails on any ERROR, CRITICAL or WARNING line in the log, which it prints. KIA_INSTALL_ADDONS
# (default KIA_ADDONS, see common.sh) lists the add-ons; in an existing database those not yet
# installed are installed, the others updated.
source "$(dirname "$0")/common.sh"
db="$1" conf="$2" log="$3"; shift 3
addons="${KIA_INSTALL_ADDONS:-$KIA_ADDONS}"
modes=(-i "$addons")
if psql -lqt 2>/dev/null | cut -d'|' -f1 | grep -qw "$db"; then
    installed="$(psql -d "$db" -Atc "SELECT name FROM ir_module_module WHERE state = 'installed'")"
    missing=""
    for module in ${addons//,/ }; do
        grep -qx "$module" <<< "$installed" || missing="$missing,$module"
    done
    modes=(-u "$addons")
    [ -n "$missing" ] && modes+=(-i "${missing#,}")
fi
echo "Odoo: $([ "${modes[0]}" = -i ] && echo installing || echo updating) $addons in database $db (log: $log)"
start=$(date +%s)
set +e
rc=0
if [ "${modes[0]}" = -i ] && [[ " $* " != *" --without-demo=all "* ]]; then
    # The demo companies load the Chinese chart, which must be there before they are made.
    odoo -c "$conf" -d "$db" -i "$KIA_DEMO_ADDONS" --stop-after-init --load-language=zh_CN \
        --log-handler=:INFO "$@" > "$log" 2>&1 || rc=$?
fi
if [ $rc = 0 ]; then
    odoo -c "$conf" -d "$db" "${modes[@]}" --stop-after-init --load-language=zh_CN \
        --log-handler=:INFO "$@" >> "$log" 2>&1
    rc=$?
fi
set -e
echo "Odoo: done in $(( $(date +%s) - start ))s"
if [ $rc != 0 ] || grep -E "^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) " "$log" >/dev/null; then
    echo "The install of $db logged errors or warnings:" >&2
    grep -n -A8 -E "^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) " "$log" | head -80 >&2
    tail -20 "$log" >&2
    exit 1
fi
