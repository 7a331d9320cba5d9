#!/usr/bin/env bash
# Stops at once, with a clear message, when Odoo 18 Community is not importable.
PYTHON="${PYTHON:-python3}"
if ! version="$("$PYTHON" -c 'import odoo.release as r; print(r.version_info[0])' 2>/dev/null)"; then
    cat >&2 <<MSG
ERROR: Odoo 18 Community is not importable by '$PYTHON'.
The Kia after-sales suite is a set of Odoo 18 add-ons; it needs Odoo 18.0 Community installed
for that interpreter (dealers running Odoo already have it). Get it from
https://www.odoo.com/page/download or the odoo/odoo repository (branch 18.0), install it with
  pip install -e <odoo-source> --config-settings editable_mode=compat
(or a Debian/Ubuntu odoo 18 package), then run this command again. To use another interpreter:
  make <target> PYTHON=/path/to/python
MSG
    exit 1
fi
if [ "$version" != "18" ]; then
    echo "ERROR: '$PYTHON' imports Odoo $version; the Kia suite needs Odoo 18.0 Community." >&2
    exit 1
fi
