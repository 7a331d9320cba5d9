#!/usr/bin/env bash
# make bench: the benchmarks under tests/perf on a database with the suite installed.
# The KPI and three guarantees benchmarks (tests/perf/test_perf_kpi.py, test_perf_sanbao.py) run on
# a generated dealer network instead:
# database KIA_NETWORK_DB (default kia_bench_network) with the suite and kia_network_generator,
# filled once by that add-on's kia_generate command at KIA_NETWORK_SCALE (default 1: 200 dealers,
# 200,000 vehicles, 1,000,000 repair orders) and kept for later runs; drop it to generate it
# again.
# Then the figures of the network's generation (kept in the network database), the read replica
# (scripts/replica.sh) and the load test on the network (scripts/load.sh). At the end, one table
# of every KIA-GOAL line printed during the run (each benchmark's detailed output stays above it).
source "$(dirname "$0")/common.sh"
# The whole run's output, which the goal table is taken from.
if [ -z "${KIA_BENCH_OUT:-}" ]; then
    export KIA_BENCH_OUT="$BUILD/bench.out"
    set +e
    bash "$0" "$@" 2>&1 | tee "$KIA_BENCH_OUT"
    rc=${PIPESTATUS[0]}
    set -e
    "$PYTHON" "$ROOT/scripts/goal_table.py" "$KIA_BENCH_OUT"
    exit "$rc"
fi
BENCH_DB="${BENCH_DB:-kia_bench}"
NETWORK_DB="${KIA_NETWORK_DB:-kia_bench_network}"
NETWORK_SCALE="${KIA_NETWORK_SCALE:-1}"
NETWORK_TESTS="tests/perf/test_perf_kpi.py tests/perf/test_perf_sanbao.py"
conf="$BUILD/odoo-bench.conf"
write_config "$ROOT/config/odoo-test.conf.template" "$conf"
db_exists() { psql -lqt | cut -d'|' -f1 | grep -qw "$1"; }
# The suite's code as the databases were last installed or updated with it: a fingerprint of the
# add-ons' files, kept in each database. A database made with other code is updated first (its
# views and SQL functions are created from the code), so the benchmarks measure this code.
code_print="$(cd "$ROOT" && find addons -type f ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 \
    | sort -z | xargs -0 sha1sum | sha1sum | cut -c1-40)"
code_of() { psql -d "$1" -Atc "SELECT value FROM ir_config_parameter WHERE key = 'kia_bench.code'"; }
mark_code() {
    psql -d "$1" -qc "INSERT INTO ir_config_parameter (key, value, create_date, write_date)
        VALUES ('kia_bench.code', '$code_print', NOW(), NOW())
        ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, write_date = NOW()"
}
update_if_changed() {  # DB ADDONS LOG
    if [ "$(code_of "$1")" != "$code_print" ]; then
        KIA_INSTALL_ADDONS="$2" bash "$ROOT/scripts/install_db.sh" "$1" "$conf" "$3" \
            --without-demo=all
        mark_code "$1"
    fi
}
# The benchmarks keep their books on the Chinese chart (l10n_cn), without demo data.
if ! db_exists "$BENCH_DB" || [ "$(psql -d "$BENCH_DB" -Atc \
        "SELECT state FROM ir_module_module WHERE name = 'l10n_cn'")" != installed ]; then
    KIA_INSTALL_ADDONS="$KIA_ADDONS,$KIA_DEMO_ADDONS" bash "$ROOT/scripts/install_db.sh" \
        "$BENCH_DB" "$conf" "$BUILD/bench-install.log" --without-demo=all
    mark_code "$BENCH_DB"
fi
update_if_changed "$BENCH_DB" "$KIA_ADDONS,$KIA_DEMO_ADDONS" "$BUILD/bench-install.log"
cd "$ROOT"
# The machine's speed when the run starts and ends (a virtual machine's varies from hour to
# hour): the same pure-Python loop, best of three, to read the timings against.
cpu_check() {
    "$PYTHON" - "$1" <<'PY'
import sys
import time

runs = []
for _ in range(3):
    started = time.perf_counter()
    sum(range(10**7))
    runs.append(time.perf_counter() - started)
print(
    f"CPU check ({sys.argv[1]}): sum of 10,000,000 integers in Python, best of 3 "
    f"{min(runs):.3f} s, worst {max(runs):.3f} s"
)
PY
}
cpu_check "start"
pytest_perf() {
    "$PYTHON" -m pytest -p no:cacheprovider --odoo-config="$conf" --odoo-log-level=warn -s \
        -o addopts="" "$@"
}
ignores=()
for test in $NETWORK_TESTS; do ignores+=("--ignore=$test"); done
set +e
pytest_perf --odoo-database="$BENCH_DB" tests/perf "${ignores[@]}" "$@"
rc=$?
set -e
if [ -f "${NETWORK_TESTS%% *}" ]; then
    if ! db_exists "$NETWORK_DB"; then
        KIA_INSTALL_ADDONS="$KIA_ADDONS,$KIA_GENERATOR_ADDONS" bash "$ROOT/scripts/install_db.sh" \
            "$NETWORK_DB" "$conf" "$BUILD/bench-network-install.log" --without-demo=all
        mark_code "$NETWORK_DB"
    fi
    update_if_changed "$NETWORK_DB" "$KIA_ADDONS,$KIA_GENERATOR_ADDONS" \
        "$BUILD/bench-network-install.log"
    # The generator commits once at its end: a network without generated dealers is made again.
    generated="$(psql -d "$NETWORK_DB" -Atc \
        "SELECT COUNT(*) FROM res_company WHERE kia_dealer_code LIKE 'GEN%'")"
    if [ "$generated" = 0 ]; then
        generator="$(psql -d "$NETWORK_DB" -Atc \
            "SELECT state FROM ir_module_module WHERE name = 'kia_network_generator'")"
        if [ "$generator" != installed ]; then
            # A network database made before the generator had an add-on of its own.
            KIA_INSTALL_ADDONS="$KIA_GENERATOR_ADDONS" bash "$ROOT/scripts/install_db.sh" \
                "$NETWORK_DB" "$conf" "$BUILD/bench-network-install.log" --without-demo=all
        fi
        echo "Generating the dealer network in $NETWORK_DB (scale $NETWORK_SCALE)"
        addons_path="$(sed -n 's/^addons_path *= *//p' "$conf")"
        odoo --addons-path="$addons_path" kia_generate -c "$conf" -d "$NETWORK_DB" \
            --scale "$NETWORK_SCALE" --log-level=warn
        generated_now=1
    fi
    # The KPI snapshot's hourly job, as on a live network: the months that have ended since
    # the network was generated (or since the last run) closed, the days of the current month
    # that have ended kept (nothing to do when it is up to date).
    echo "The KPI snapshot's hourly job in $NETWORK_DB"
    echo "env['kia.kpi.snapshot']._cron_kia_close_months(); env.cr.commit()" \
        | odoo shell -c "$conf" -d "$NETWORK_DB" --no-http --log-level=warn
    # The generated vehicles sold years ago passed their first free maintenance windows long
    # ago: the daily job records them once, as on a network's first day with the suite, so the
    # load test meets a network whose daily jobs are up to date (its scheduled catch-up takes
    # minutes, in batches).
    if [ "$(psql -d "$NETWORK_DB" -Atc "SELECT COUNT(*) FROM fleet_vehicle
            WHERE kia_wty_first_maint_state = 'missed'")" = 0 ]; then
        echo "Recording the network's missed first free maintenance in $NETWORK_DB"
        echo "env['fleet.vehicle']._cron_kia_wty_first_maint_missed(); env.cr.commit()" \
            | odoo shell -c "$conf" -d "$NETWORK_DB" --no-http --log-level=warn
    fi
    # A generated network meets its first day with the suite: every daily job is due at
    # once (the three guarantees alerts of every vehicle, the digests, the mail queue they
    # fill), and in a cron worker, batch after batch, they would take a CPU through the
    # load test. They run here until none is due, as they would have on the network's
    # earlier days, so that the load test meets a network whose jobs are up to date
    # (nothing is due on a later run).
    echo "Running the network's due scheduled jobs until none is due in $NETWORK_DB"
    odoo shell -c "$conf" -d "$NETWORK_DB" --no-http --log-level=error <<'PY'
import time

from odoo.addons.base.models.ir_cron import ir_cron

started = time.monotonic()
rounds = 0
while time.monotonic() - started < 1800:
    with env.registry.cursor() as cr:
        due = [job["cron_name"] for job in ir_cron._get_all_ready_jobs(cr)]
    if not due:
        break
    ir_cron._process_jobs(env.cr.dbname)
    rounds += 1
print(f"Scheduled jobs: {rounds} rounds in {time.monotonic() - started:.0f} s, due now: {due}")
PY
    cpu_check "before the network's benchmarks"
    set +e
    # shellcheck disable=SC2086 # the list of network benchmarks
    KIA_NETWORK_DB="$NETWORK_DB" pytest_perf --odoo-database="$NETWORK_DB" $NETWORK_TESTS "$@"
    rc=$(( rc || $? ))
    set -e
fi
set +e
if db_exists "$NETWORK_DB"; then
    if [ -z "${generated_now:-}" ]; then
        # Not generated in this run: the figures of its generation, kept in the database.
        addons_path="$(sed -n 's/^addons_path *= *//p' "$conf")"
        odoo --addons-path="$addons_path" kia_generate -c "$conf" -d "$NETWORK_DB" --last \
            --log-level=warn
    fi
fi
echo; echo "== Read replica (scripts/replica.sh)"
BENCH_DB="$BENCH_DB" bash "$ROOT/scripts/replica.sh"
rc=$(( rc || $? ))
echo; echo "== Load test (scripts/load.sh)"
KIA_NETWORK_DB="$NETWORK_DB" bash "$ROOT/scripts/load.sh"
rc=$(( rc || $? ))
cpu_check "end"
exit $rc
