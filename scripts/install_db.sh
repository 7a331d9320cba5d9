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
# Runs Odoo with its log appended to $log and shows its progress: Odoo's own "Loading module X
# (N/M)" lines, one per module it installs or updates, with the seconds since the start.
run_odoo() {
    local from=$(( $(stat -c %s "$log") + 1 ))
    odoo "$@" >> "$log" 2>&1 &
    local pid=$!
    tail -c +"$from" -F --pid="$pid" "$log" 2>/dev/null | while IFS= read -r line; do
        if [[ $line =~ Loading\ module\ ([a-z0-9_]+)\ \(([0-9]+)/([0-9]+)\) ]]; then
            printf '  %s: module %s of %s (%ss) %s\n' "$db" "${BASH_REMATCH[2]}" \
                "${BASH_REMATCH[3]}" "$(( $(date +%s) - start ))" "${BASH_REMATCH[1]}"
        fi
    done &
    local shown=$!
    local rc=0
    wait "$pid" || rc=$?
    wait "$shown" 2>/dev/null || true
    return $rc
}
: > "$log"
set +e
rc=0
if [ "${modes[0]}" = -i ] && [[ " $* " != *" --without-demo=all "* ]]; then
    # The demo companies load the Chinese chart, which must be there before they are made.
    run_odoo -c "$conf" -d "$db" -i "$KIA_DEMO_ADDONS" --stop-after-init --load-language=zh_CN \
        --log-handler=:INFO "$@"
    rc=$?
fi
if [ $rc = 0 ]; then
    run_odoo -c "$conf" -d "$db" "${modes[@]}" --stop-after-init --load-language=zh_CN \
        --log-handler=:INFO "$@"
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
