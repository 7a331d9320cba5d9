"""Merges zh_CN translations.

i18n_merge.py FRESH.po [OLD.po ...]   prints FRESH.po with every empty msgstr filled from the
                                      OLD files (same msgid, and msgctxt where there is one)
i18n_merge.py --check FILE.po         lists the entries of FILE.po still untranslated
"""

import sys

import polib


def main(argv):
    if argv[0] == "--check":
        po = polib.pofile(argv[1])
        missing = [e for e in po if not e.obsolete and not e.translated()]
        for entry in missing:
            sys.stderr.write(f"untranslated: {entry.msgid!r}\n")
        sys.stderr.write(f"{argv[1]}: {len(po) - len(missing)} translated, {len(missing)} to go\n")
        return 0
    fresh = polib.pofile(argv[0])
    known = {}
    for path in argv[1:]:
        try:
            old = polib.pofile(path)
        except OSError:
            continue
        for entry in old:
            if entry.msgstr:
                known[(entry.msgctxt, entry.msgid)] = entry.msgstr
                known.setdefault((None, entry.msgid), entry.msgstr)
    for entry in fresh:
        if not entry.msgstr:
            entry.msgstr = known.get((entry.msgctxt, entry.msgid)) or known.get(
                (None, entry.msgid), ""
            )
    fresh.metadata["Language"] = "zh_CN"
    fresh.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    sys.stdout.write(str(fresh))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
