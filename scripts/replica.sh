#!/usr/bin/env bash
# make replica (and the end of make bench): Odoo's read-only cursors on a PostgreSQL streaming
# replica. On ports of its own on this machine, under .build/replica (removed at the end):
#   1. a primary cluster (initdb, wal_level=replica, a replication role) into which the bench
#      database (BENCH_DB, default kia_bench: the suite without demo data) is copied with
#      pg_dump/pg_restore, plus a small generated network (two dealers) to give the dashboard
#      figures;
#   2. a hot standby made with pg_basebackup -R on a second port, both logging every statement;
#   3. Odoo on the primary with db_replica_host/db_replica_port: a dealer's service manager opens
#      the KPI dashboard over JSON-RPC; its queries must be in the replica's log and not in the
#      primary's;
#   4. the same call against Odoo on the primary alone: the figures must be equal.
# PostgreSQL refuses to run as root: the clusters run as the postgres user.
source "$(dirname "$0")/common.sh"
BENCH_DB="${BENCH_DB:-kia_bench}"
dir="$BUILD/replica"
PG_BIN="$(pg_config --bindir)"
as_pg() { runuser -u postgres -- "$@"; }
free_port() { "$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
odoo_bin="$("$PYTHON" -c 'import os, odoo; print(os.path.join(os.path.dirname(os.path.dirname(odoo.__file__)), "odoo-bin"))')"
[ -f "$odoo_bin" ] || odoo_bin="$(command -v odoo)"
odoo_pid=""
stop_odoo() {
    [ -n "$odoo_pid" ] || return 0
    kill "$odoo_pid" 2>/dev/null || true
    wait "$odoo_pid" 2>/dev/null || true
    odoo_pid=""
}
# shellcheck disable=SC2317 # called by the trap
teardown() {
    stop_odoo
    for cluster in replica primary; do
        [ -f "$dir/$cluster/postmaster.pid" ] && \
            as_pg "$PG_BIN/pg_ctl" -D "$dir/$cluster" -m fast -w stop >/dev/null 2>&1
    done
    # The clusters' logs stay for a look afterwards.
    mkdir -p "$BUILD/replica-logs"
    cp "$dir"/*.log "$BUILD/replica-logs/" 2>/dev/null || true
    rm -rf "$dir"
}
trap teardown EXIT
teardown
mkdir -p "$dir/data"
chown postgres "$dir"
primary_port="$(free_port)"
replica_port="$(free_port)"
http_port="$(free_port)"
me="$(id -un)"
echo "replica: primary on 127.0.0.1:$primary_port, replica on 127.0.0.1:$replica_port ($dir)"

# 1. The primary, with the bench database and a small network.
as_pg "$PG_BIN/initdb" -D "$dir/primary" -A trust -U postgres -E UTF8 --locale=C.UTF-8 \
    --no-sync >/dev/null
cat >> "$dir/primary/postgresql.conf" <<EOF
port = $primary_port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
wal_level = replica
max_wal_senders = 4
hot_standby = on
fsync = off
log_statement = 'all'
log_line_prefix = '%m [%p] %d '
EOF
as_pg "$PG_BIN/pg_ctl" -D "$dir/primary" -l "$dir/primary.log" -w start >/dev/null
psql_primary() { psql -h 127.0.0.1 -p "$primary_port" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"; }
psql_primary -d postgres -c "CREATE ROLE \"$me\" SUPERUSER LOGIN" \
    -c "CREATE ROLE replicator REPLICATION LOGIN"
psql_primary -d postgres -c "CREATE DATABASE \"$BENCH_DB\" OWNER \"$me\" TEMPLATE template0
    ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'"
pg_dump -Fc "$BENCH_DB" | pg_restore -h 127.0.0.1 -p "$primary_port" -d "$BENCH_DB" --no-owner
conf_primary="$dir/odoo-primary.conf"
conf_replica="$dir/odoo-replica.conf"
write_config "$ROOT/config/odoo-test.conf.template" "$conf_primary"
sed -i -e "s#^data_dir = .*#data_dir = $dir/data#" "$conf_primary"
printf 'db_host = 127.0.0.1\ndb_port = %s\ndb_user = %s\n' "$primary_port" "$me" >> "$conf_primary"
cp "$conf_primary" "$conf_replica"
printf 'db_replica_host = 127.0.0.1\ndb_replica_port = %s\n' "$replica_port" >> "$conf_replica"
echo "replica: the generator and two generated dealers in the primary's copy of $BENCH_DB"
odoo -c "$conf_primary" -d "$BENCH_DB" -i "$KIA_GENERATOR_ADDONS" --without-demo=all \
    --stop-after-init --log-level=warn --logfile="$dir/install.log"
odoo --addons-path="$(sed -n 's/^addons_path *= *//p' "$conf_primary")" kia_generate \
    -c "$conf_primary" -d "$BENCH_DB" --dealers 2 --vehicles 200 --repairs 1000 \
    --months 3 --log-level=warn --logfile="$dir/generate.log" | grep '^kia_generate: [0-9]'
# (Its KIA-GOAL lines are left out: this small network is not the generator's benchmark.)
plan="$dir/plan.json"
"$PYTHON" "$ROOT/scripts/load.py" prepare -c "$conf_primary" -d "$BENCH_DB" --plan "$plan" \
    --users 5

# 2. The hot standby.
as_pg "$PG_BIN/pg_basebackup" -h 127.0.0.1 -p "$primary_port" -U replicator \
    -D "$dir/replica" -R -X stream --checkpoint=fast
as_pg "$PG_BIN/pg_ctl" -D "$dir/replica" -l "$dir/replica.log" -o "-p $replica_port" -w start \
    >/dev/null
in_recovery="$(psql -h 127.0.0.1 -p "$replica_port" -U postgres -d postgres -Atc \
    'SELECT pg_is_in_recovery()')"
echo "replica: standby started (in recovery: $in_recovery)"

# 3 and 4. The dashboard through Odoo with the replica, then with the primary alone.
start_odoo() {
    "$PYTHON" "$odoo_bin" -c "$1" -d "$BENCH_DB" --db-filter="^${BENCH_DB}\$" \
        --http-port="$http_port" --gevent-port="$(free_port)" --max-cron-threads=0 \
        --log-level=warn --logfile="$dir/odoo.log" &
    odoo_pid=$!
    for _ in $(seq 90); do
        curl -sf -o /dev/null "http://127.0.0.1:$http_port/web/login" && return 0
        sleep 1
    done
    echo "replica: Odoo did not start, see $dir/odoo.log" >&2
    return 1
}
# The dashboard's own tables (kia_kpi_value, and whatever kia_kpi_* table keeps its snapshots):
# its queries name them (lines of the logs that do).
dashboard_queries() { tail -c +"$2" "$1" | grep -c 'kia_kpi' || true; }
start_odoo "$conf_replica"
"$PYTHON" "$ROOT/scripts/load.py" dashboard --plan "$plan" --url "http://127.0.0.1:$http_port" \
    --db "$BENCH_DB" --out "$dir/with-replica.json" --mark "$dir/replica.log,$dir/primary.log"
# The logs from the moment the manager had logged in (the login writes, on the primary).
read -r replica_from primary_from < "$dir/with-replica.json.marks"
on_replica="$(dashboard_queries "$dir/replica.log" "$replica_from")"
on_primary="$(dashboard_queries "$dir/primary.log" "$primary_from")"
replica_selects="$(tail -c +"$replica_from" "$dir/replica.log" | grep -c 'statement: SELECT' || true)"
stop_odoo
start_odoo "$conf_primary"
"$PYTHON" "$ROOT/scripts/load.py" dashboard --plan "$plan" --url "http://127.0.0.1:$http_port" \
    --db "$BENCH_DB" --out "$dir/primary-alone.json"
stop_odoo
echo "replica: the dashboard's log lines naming kia_kpi_* tables: $on_replica on the replica," \
    "$on_primary on the primary ($replica_selects SELECTs on the replica during the call)"
reached=no
[ "$on_replica" -gt 0 ] && [ "$on_primary" = 0 ] && reached=yes
# Equal: the same cards and texts, each figure the same to 1e-9 of itself (PostgreSQL may add a
# column's floats in another order from one plan to the next: the last digit can differ).
equal="$("$PYTHON" - "$dir/with-replica.json" "$dir/primary-alone.json" <<'PY'
import json
import math
import sys


def same(a, b):
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, (int, float)) and isinstance(b, (int, float)) and math.isclose(
            a, b, rel_tol=1e-9, abs_tol=1e-9
        )
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return a == b


with open(sys.argv[1]) as one, open(sys.argv[2]) as two:
    print("yes" if same(json.load(one), json.load(two)) else "no")
PY
)"
cards="$("$PYTHON" -c 'import json, sys; d = json.load(open(sys.argv[1])); print(len(d.get("kpis") or d.get("cards") or d))' "$dir/with-replica.json")"
verdict() { [ "$1" = yes ] && echo met || echo missed; }
printf 'KIA-GOAL\tReplica: the dashboard'"'"'s reads reach the streaming replica\t%s (%s log lines on the replica, %s on the primary)\tyes\t%s\n' \
    "$reached" "$on_replica" "$on_primary" "$(verdict "$reached")"
printf 'KIA-GOAL\tReplica: dashboard figures equal to the primary alone\t%s (%s entries)\tyes\t%s\n' \
    "$equal" "$cards" "$(verdict "$equal")"
[ "$reached" = yes ] && [ "$equal" = yes ]
