#!/usr/bin/env bash
# Exit 1 when a fresh machine could not install the suite. manifestoo lists what the add-ons
# depend on outside Odoo 18 Community and addons/: each must be pinned in requirements.txt as
# odoo-addon-<name> (OCA add-ons come from PyPI so), as must the add-ons' external Python
# dependencies; and once pip has run, no dependency (an OCA add-on's own ones too) is missing.
source "$(dirname "$0")/common.sh"
cd "$ROOT"
mfoo() { "$PYTHON" -m manifestoo --select-addons-dir addons "$@"; }
normalise() { tr '[:upper:]' '[:lower:]' | tr -- '-.' '__' | sort -u; }
odoo_addons="$("$PYTHON" -c 'import os, odoo.addons; print(os.path.dirname(odoo.addons.__file__))')"
core_only=(--no-addons-path-from-import-odoo --addons-path "$odoo_addons")
pinned="$(sed -nE 's/^([A-Za-z0-9_.-]+).*/\1/p' requirements.txt | normalise)"
status=0
for name in $(comm -23 <(mfoo "${core_only[@]}" list-missing | sed 's/^/odoo_addon_/' | normalise) \
                       <(echo "$pinned")); do
    echo "requirements.txt lacks ${name//_/-} (an add-on depends on ${name#odoo_addon_})"
    status=1
done
for name in $(comm -23 <(mfoo "${core_only[@]}" list-external-dependencies python | normalise) \
                       <(echo "$pinned")); do
    echo "requirements.txt lacks $name (an add-on's external Python dependency)"
    status=1
done
for name in $(mfoo --addons-path-python "$PYTHON" list-missing); do
    echo "not on the addons path after pip: $name"
    status=1
done
exit $status
