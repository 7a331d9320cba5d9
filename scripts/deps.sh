#!/usr/bin/env bash
# Installs and starts what the suite needs beside Odoo: PostgreSQL (Debian), the Python
# requirements (PyPI) and, with --browser, Chromium for the browser tours.
source "$(dirname "$0")/common.sh"
want_browser=0
[ "${1:-}" = "--browser" ] && want_browser=1

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

pkgs=()
command -v pg_ctlcluster >/dev/null 2>&1 || pkgs+=(postgresql postgresql-client)
command -v wkhtmltopdf >/dev/null 2>&1 || pkgs+=(wkhtmltopdf)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed" || pkgs+=(fonts-noto-cjk)
command -v pdftotext >/dev/null 2>&1 || pkgs+=(poppler-utils)
if [ $want_browser = 1 ]; then
    command -v chromium >/dev/null 2>&1 || pkgs+=(chromium)
fi
if [ ${#pkgs[@]} -gt 0 ]; then
    echo "Installing from Debian's packages: ${pkgs[*]}"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${pkgs[@]}" >/dev/null
fi

# Start PostgreSQL when no cluster answers.
if ! pg_isready -q 2>/dev/null; then
    echo "Starting PostgreSQL"
    as_root service postgresql start >/dev/null || as_root pg_ctlcluster --skip-systemctl-redirect 15 main start
    for _ in $(seq 1 30); do pg_isready -q && break; sleep 1; done
fi
# A PostgreSQL role for the user running Odoo.
me="$(id -un)"
if ! as_root su postgres -c "psql -tAc \"SELECT 1 FROM pg_roles WHERE rolname='$me'\"" | grep -q 1; then
    as_root su postgres -c "createuser --createdb '$me'"
fi

# Python requirements, only when one is missing (pip's resolver is slow to say 'nothing to do').
if ! "$PYTHON" "$ROOT/scripts/check_requirements.py" "$ROOT/requirements.txt" "$ROOT/requirements-dev.txt"; then
    echo "Installing Python requirements"
    "$PYTHON" -m pip install -q -r "$ROOT/requirements.txt" -r "$ROOT/requirements-dev.txt"
fi
# Every add-on dependency outside Odoo and this repository must come from requirements.txt.
bash "$ROOT/scripts/check_depends.sh"
