#!/usr/bin/env bash
# i18n_export.sh MODULE DB: regenerates MODULE's .pot with Odoo's own exporter, then its zh_CN.po
# (keeping every translation already made; new terms come out empty, to be translated).
# The module must be installed (and up to date) in DB, with zh_CN loaded.
source "$(dirname "$0")/common.sh"
module="$1" db="$2"
conf="$BUILD/odoo-i18n.conf"
write_config "$ROOT/config/odoo-test.conf.template" "$conf"
dir="$ROOT/addons/$module/i18n"
mkdir -p "$dir"
odoo -c "$conf" -d "$db" --log-level=warn --stop-after-init --modules="$module" \
    --i18n-export="$dir/$module.pot"
tmp="$(mktemp --suffix=.po)"
odoo -c "$conf" -d "$db" --log-level=warn --stop-after-init --modules="$module" --language=zh_CN \
    --i18n-export="$tmp"
"$PYTHON" "$ROOT/scripts/i18n_merge.py" "$tmp" "$dir/zh_CN.po" > "$dir/zh_CN.po.new"
mv "$dir/zh_CN.po.new" "$dir/zh_CN.po"
rm -f "$tmp"
"$PYTHON" "$ROOT/scripts/i18n_merge.py" --check "$dir/zh_CN.po"
