#!/usr/bin/env bash
# make lint: ruff and pylint-odoo (OCA's 18.0 mandatory checks) on addons/ and tests/.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
if ! "$PYTHON" -m ruff --version >/dev/null 2>&1 || ! "$PYTHON" -m pylint --version >/dev/null 2>&1; then
    "$PYTHON" -m pip install -q -r requirements-dev.txt
fi
"$PYTHON" -m ruff check addons tests scripts
"$PYTHON" -m ruff format --check addons tests scripts
"$PYTHON" -m pylint --rcfile=.pylintrc-mandatory --load-plugins=pylint_odoo addons/*
echo "lint: clean"
