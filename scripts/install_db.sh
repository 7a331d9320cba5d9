#!/usr/bin/env bash
# install_db.sh DB CONFIG LOG [extra odoo options]: installs (or updates) the Kia suite in DB and
# fails on any ERROR, CRITICAL or WARNING line in the log, which it prints.
source "$(dirname "$0")/common.sh"
db="$1" conf="$2" log="$3"; shift 3
mode="-i"
if psql -lqt 2>/dev/null | cut -d'|' -f1 | grep -qw "$db"; then mode="-u"; fi
echo "Odoo: $([ "$mode" = -i ] && echo installing || echo updating) $KIA_ADDONS in database $db (log: $log)"
start=$(date +%s)
set +e
rc=0
if [ "$mode" = -i ] && [[ " $* " != *" --without-demo=all "* ]]; then
    # The demo companies load the Chinese chart, which must be there before they are made.
    odoo -c "$conf" -d "$db" -i "$KIA_DEMO_ADDONS" --stop-after-init --load-language=zh_CN \
        --log-handler=:INFO "$@" > "$log" 2>&1 || rc=$?
fi
if [ $rc = 0 ]; then
    odoo -c "$conf" -d "$db" "$mode" "$KIA_ADDONS" --stop-after-init --load-language=zh_CN \
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
