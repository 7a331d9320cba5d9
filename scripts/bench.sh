#!/usr/bin/env bash
# make bench: the benchmarks under tests/perf on a database with the suite installed.
source "$(dirname "$0")/common.sh"
BENCH_DB="${BENCH_DB:-kia_bench}"
conf="$BUILD/odoo-bench.conf"
write_config "$ROOT/config/odoo-test.conf.template" "$conf"
if ! psql -lqt | cut -d'|' -f1 | grep -qw "$BENCH_DB"; then
    bash "$ROOT/scripts/install_db.sh" "$BENCH_DB" "$conf" "$BUILD/bench-install.log" --without-demo=all
fi
cd "$ROOT"
exec "$PYTHON" -m pytest -p no:cacheprovider --odoo-config="$conf" --odoo-database="$BENCH_DB" \
    --odoo-log-level=warn -s -o addopts="" tests/perf "$@"
