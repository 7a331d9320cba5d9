# Kia after-sales suite for Odoo 18 Community: demo server, tests, lint, benchmarks.
# PYTHON is the interpreter that imports Odoo 18: an active virtualenv's, else python3.
PYTHON ?= $(if $(VIRTUAL_ENV),$(VIRTUAL_ENV)/bin/python,python3)
DEMO_DB ?= kia_demo
TEST_DB ?= kia_test
HTTP_PORT ?= 8069
# make test serves its browser tours on a port of its own, so it runs beside make demo.
TEST_HTTP_PORT ?= 8169
# make test-peers: its own port and database (scripts/test_peers.sh); BASELINE=1 rewrites the
# baseline of peer tests that fail without the suite.
PEERS_HTTP_PORT ?= 8269
export PYTHON DEMO_DB TEST_DB HTTP_PORT TEST_HTTP_PORT PEERS_HTTP_PORT ODOO_SRC BASELINE

.PHONY: demo test test-peers lint bench load replica check-odoo deps

check-odoo:
	@bash scripts/check_odoo.sh

deps: check-odoo
	@bash scripts/deps.sh

demo: check-odoo
	@bash scripts/deps.sh
	@bash scripts/demo.sh

test: check-odoo
	@bash scripts/deps.sh --browser
	@bash scripts/test.sh

test-peers: check-odoo
	@bash scripts/deps.sh --browser
	@bash scripts/test_peers.sh

lint:
	@bash scripts/lint.sh

# make bench: every benchmark (tests/perf, the network's generation, the read replica, the load
# test), then one table of their KIA-GOAL lines.
bench: check-odoo
	@bash scripts/deps.sh
	@bash scripts/bench.sh

# The load test alone, on the generated network make bench made (KIA_NETWORK_DB).
load: check-odoo
	@bash scripts/deps.sh
	@bash scripts/load.sh

# The read replica check alone (on the bench database kia_bench).
replica: check-odoo
	@bash scripts/deps.sh
	@bash scripts/replica.sh
