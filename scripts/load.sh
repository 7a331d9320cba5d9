#!/usr/bin/env bash
# make load: the load test (scripts/load.py) on the generated dealer network. Starts Odoo with
# KIA_LOAD_WORKERS HTTP workers (default 4) and one cron worker on free loopback ports, gives the
# generated staff it needs a password of this run, drives KIA_LOAD_USERS simulated users
# (default 10,30,60) for KIA_LOAD_SECONDS each (default 50) over JSON-RPC, stops Odoo and counts
# lost or duplicated records. Bounded: about six minutes in all. The cron worker runs without a
# time limit, as a production one should on a network this size (killed at Odoo's default 120 s,
# the first crons of a network database would start again forever).
# KIA_NETWORK_DB: the network database (default kia_bench_network, see scripts/bench.sh).
source "$(dirname "$0")/common.sh"
NETWORK_DB="${KIA_NETWORK_DB:-kia_bench_network}"
WORKERS="${KIA_LOAD_WORKERS:-4}"
USERS="${KIA_LOAD_USERS:-10,30,60}"
SECONDS_EACH="${KIA_LOAD_SECONDS:-50}"
THINK="${KIA_LOAD_THINK:-3-9}"
# KIA_LOAD_DASHBOARD=0: no service managers (the dealers' second advisors in their place).
conf="$BUILD/odoo-load.conf"
write_config "$ROOT/config/odoo-test.conf.template" "$conf"
if ! psql -lqt | cut -d'|' -f1 | grep -qw "$NETWORK_DB"; then
    echo "load: no network database $NETWORK_DB; make bench generates it" >&2
    exit 1
fi
plan="$BUILD/load-plan.json"
log="$BUILD/load-odoo.log"
max_users="$(tr , '\n' <<< "$USERS" | sort -n | tail -1)"
free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
port="$(free_port)"
gevent_port="$(free_port)"
"$PYTHON" "$ROOT/scripts/load.py" prepare -c "$conf" -d "$NETWORK_DB" --plan "$plan" \
    --users "$max_users" --dashboard "${KIA_LOAD_DASHBOARD:-1}"
echo "load: Odoo with $WORKERS workers and a cron worker on 127.0.0.1:$port (log: $log)"
: > "$log"
# Odoo's own launcher, not `python -m odoo`: the prefork server starts its websocket (gevent)
# process again from sys.argv[0].
odoo_bin="$("$PYTHON" -c 'import os, odoo; print(os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin"))')"
[ -f "$odoo_bin" ] || odoo_bin="$(command -v odoo)"
"$PYTHON" "$odoo_bin" -c "$conf" -d "$NETWORK_DB" --db-filter="^${NETWORK_DB}\$" --http-interface=127.0.0.1 \
    --http-port="$port" --gevent-port="$gevent_port" --workers="$WORKERS" \
    --max-cron-threads=1 --limit-time-real-cron=0 --log-level=warn --logfile="$log" &
odoo_pid=$!
# shellcheck disable=SC2317 # called by the trap
stop_odoo() {
    # A first TERM waits for the running requests and crons; a second one stops at once.
    kill "$odoo_pid" 2>/dev/null || return 0
    for _ in $(seq 15); do
        kill -0 "$odoo_pid" 2>/dev/null || break
        sleep 1
    done
    kill "$odoo_pid" 2>/dev/null || true
    wait "$odoo_pid" 2>/dev/null || true
}
trap stop_odoo EXIT
for _ in $(seq 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$port/web/login" && break
    kill -0 "$odoo_pid" 2>/dev/null || { echo "load: Odoo did not start, see $log" >&2; exit 1; }
    sleep 1
done
set +e
"$PYTHON" "$ROOT/scripts/load.py" drive --plan "$plan" --url "http://127.0.0.1:$port" \
    --db "$NETWORK_DB" --users "$USERS" --seconds "$SECONDS_EACH" --think "$THINK"
rc=$?
# What the deployment section of the README sizes memory from: the workers after the run.
ps -o rss= --ppid "$odoo_pid" | awk '{n++; t+=$1; if ($1>m) m=$1}
    END {if (n) printf "Odoo processes under the server: %d, largest %.0f MB, total %.0f MB\n",
         n, m/1024, t/1024}'
stop_odoo
trap - EXIT
"$PYTHON" "$ROOT/scripts/load.py" verify -c "$conf" -d "$NETWORK_DB" --plan "$plan"
rc=$(( rc || $? ))
# Odoo's own errors during the run (a request retried after a serialization failure is logged
# at INFO and is not one of them).
if grep -E ' (ERROR|CRITICAL) ' "$log" | head -20 | grep .; then
    echo "load: Odoo logged errors during the run (above; all in $log)"
fi
exit $rc
