#!/usr/bin/env bash
# Makes sure Odoo 18.0 Community is importable. When neither PYTHON (the active virtualenv's
# python, or python3) nor the project's own virtualenv (.venv) imports it, installs it into
# .venv from Odoo's official source release, or from ODOO_SRC (a local checkout or a .tar.gz /
# .zip source archive, for machines without internet), with the Python requirements Odoo lists.
# The other scripts then use .venv/bin/python (scripts/common.sh picks it).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-python3}"
VENV="$ROOT/.venv"
BUILD="$ROOT/.build"
ODOO_URL="${ODOO_URL:-https://nightly.odoo.com/18.0/nightly/src/odoo_18.0.latest.tar.gz}"

odoo_major() {
    "$1" -c 'import odoo.release as r; print(r.version_info[0])' 2>/dev/null
}

for python in "$PYTHON" "$VENV/bin/python"; do
    [ -x "$(command -v "$python" 2>/dev/null)" ] || continue
    version="$(odoo_major "$python" || true)"
    if [ "$version" = 18 ]; then
        exit 0
    elif [ -n "$version" ] && [ "$python" = "$PYTHON" ]; then
        echo "ERROR: '$PYTHON' imports Odoo $version; the Kia suite needs Odoo 18.0 Community." >&2
        exit 1
    fi
done

echo "Odoo 18 is not importable by '$PYTHON': installing Odoo 18.0 Community into $VENV"
mkdir -p "$BUILD"
src="$BUILD/odoo-src"
if [ -n "${ODOO_SRC:-}" ] && [ -d "$ODOO_SRC" ]; then
    src="$(cd "$ODOO_SRC" && pwd)"
else
    archive="${ODOO_SRC:-$BUILD/odoo_18.0.latest.tar.gz}"
    if [ ! -f "$archive" ]; then
        echo "Downloading Odoo's source release: $ODOO_URL"
        if ! curl -fL --retry 3 -o "$archive.part" "$ODOO_URL"; then
            cat >&2 <<MSG
ERROR: could not download $ODOO_URL.
On a machine without internet, point ODOO_SRC at a copy of Odoo 18.0 Community's source
(a checkout of odoo/odoo branch 18.0, or its .tar.gz/.zip archive) and run the command again:
  make <target> ODOO_SRC=/path/to/odoo-18.0
MSG
            rm -f "$archive.part"
            exit 1
        fi
        mv "$archive.part" "$archive"
    fi
    rm -rf "$src" && mkdir -p "$src"
    case "$archive" in
        *.zip) tmp="$(mktemp -d)" && unzip -q "$archive" -d "$tmp" && mv "$tmp"/*/* "$src"/ && rm -rf "$tmp" ;;
        *) tar -xf "$archive" -C "$src" --strip-components=1 ;;
    esac
fi
if [ ! -f "$src/odoo/release.py" ]; then
    echo "ERROR: $src is not Odoo's source (no odoo/release.py)." >&2
    exit 1
fi

[ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install -q --upgrade pip setuptools wheel
# Odoo's requirements pin, per Python version, releases that build; those it pins for Python 3.12
# come as wheels for 3.11 too, while its 3.11 pins fail to build there. python-ldap (auth_ldap
# only) needs system headers and is left out.
"$VENV/bin/python" - "$src/requirements.txt" > "$BUILD/odoo-requirements.txt" <<'PY'
import sys

from pip._vendor.packaging.requirements import Requirement

env = {"python_version": "3.12", "python_full_version": "3.12.0"}
for line in open(sys.argv[1]):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    req = Requirement(line)
    if req.name.lower() == "python-ldap":
        continue
    if req.marker and not req.marker.evaluate(env):
        continue
    req.marker = None
    print(req)
PY
"$VENV/bin/python" -m pip install -q -r "$BUILD/odoo-requirements.txt"
# compat: the OCA add-ons' wheels install into site-packages/odoo/addons, which an editable
# Odoo must see as part of its odoo.addons package.
"$VENV/bin/python" -m pip install -q --no-deps -e "$src" --config-settings editable_mode=compat
version="$(odoo_major "$VENV/bin/python" || true)"
if [ "$version" != 18 ]; then
    echo "ERROR: Odoo was installed into $VENV but does not import as Odoo 18." >&2
    exit 1
fi
echo "Odoo 18.0 Community installed into $VENV"
