#!/usr/bin/env bash
# make lint: pre-commit runs the hooks of .pre-commit-config.yaml (ruff, pylint-odoo with OCA's
# 18.0 mandatory checks, OCA's module and .po checks, manifestoo) on every file git tracks, in
# a clone or a worktree, and exits non-zero on any finding.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
# The license hook reads the manifests of the OCA add-ons that requirements.txt brings.
if ! "$PYTHON" scripts/check_requirements.py requirements.txt requirements-dev.txt >/dev/null; then
    "$PYTHON" -m pip install -q -r requirements.txt -r requirements-dev.txt
fi
if ! git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    echo "ERROR: make lint runs pre-commit, which needs a git checkout (clone or worktree)." >&2
    exit 1
fi
# The hooks run the tools installed for $PYTHON.
PATH="$("$PYTHON" -c 'import sysconfig; print(sysconfig.get_path("scripts"))'):$PATH"
"$PYTHON" -m pre_commit run --all-files
echo "lint: clean"
