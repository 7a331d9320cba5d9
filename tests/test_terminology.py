"""The zh_CN translations use the manual's words: every add-on's zh_CN.po is checked against the
terminology tables of the README (English term, the manual's Chinese term, where used, check),
so the table users read and the translations they see cannot drift apart."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ROOT / "addons"
PO_FILES = sorted(ADDONS.glob("*/i18n/zh_CN.po"))
# Named placeholders (%(technician)s) are code, not words of the text.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]")


def _readme_tables():
    """The rows of the README's two terminology tables, as lists of cell lists."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Terminology (zh_CN)", 1)[1].split("\n## ", 1)[0]
    tables, rows = [], None
    for line in section.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if rows is None:
                rows = []  # header row
            elif not all(set(c) <= {"-"} for c in cells):
                rows.append(cells)
        elif rows is not None:
            tables.append(rows)
            rows = None
    if rows is not None:
        tables.append(rows)
    return tables


TERMS, WRONG = _readme_tables()


def _applies(where, module):
    return where == "all" or module in [w.strip() for w in where.split(",")]


def _entries():
    for path in PO_FILES:
        module = path.parent.parent.name
        for entry in polib.pofile(str(path)):
            if not entry.obsolete and entry.msgstr:
                yield module, entry


ENTRIES = list(_entries())


def test_tables_are_read():
    assert len(PO_FILES) == len(list(ADDONS.glob("*/__manifest__.py")))
    assert len(TERMS) >= 30 and len(WRONG) >= 8
    assert all(len(row) == 4 for row in TERMS) and all(len(row) == 3 for row in WRONG)


def test_exact_terms_translate_with_the_manual_word():
    bad = []
    for english, chinese, where, check in TERMS:
        if "exact" not in check:
            continue
        for module, entry in ENTRIES:
            if _applies(where, module) and entry.msgid == english and entry.msgstr != chinese:
                bad.append(f"{module}: {english!r} is {entry.msgstr!r}, not {chinese!r}")
    assert bad == []


def test_texts_containing_a_term_use_the_manual_word():
    bad = []
    for english, chinese, where, check in TERMS:
        if "contains" not in check:
            continue
        pattern = re.compile(r"(?<![\w-])" + re.escape(english) + r"s?(?![\w-])", re.IGNORECASE)
        for module, entry in ENTRIES:
            text = PLACEHOLDER.sub("", entry.msgid)
            if _applies(where, module) and pattern.search(text) and chinese not in entry.msgstr:
                bad.append(
                    f"{module}: {entry.msgid[:70]!r} => {entry.msgstr[:40]!r} lacks {chinese}"
                )
    assert bad == []


def test_wrong_words_are_gone():
    bad = []
    for wrong, _right, unless in WRONG:
        allowed = [u.strip().lower() for u in unless.split(",") if u.strip()]
        for module, entry in ENTRIES:
            if wrong in entry.msgstr and not any(a in entry.msgid.lower() for a in allowed):
                bad.append(f"{module}: {entry.msgid[:70]!r} => {entry.msgstr[:40]!r} has {wrong}")
    assert bad == []


@pytest.mark.parametrize("path", PO_FILES, ids=lambda p: p.parent.parent.name)
def test_same_placeholders_in_translation(path):
    """A translation keeps the named placeholders of its msgid (else the text breaks at runtime)."""
    bad = []
    for entry in polib.pofile(str(path)):
        if entry.obsolete or not entry.msgstr:
            continue
        names = set(re.findall(r"%\((\w+)\)[sdf]", entry.msgid))
        if names != set(re.findall(r"%\((\w+)\)[sdf]", entry.msgstr)):
            bad.append(entry.msgid[:70])
    assert bad == []


def test_customer_documents_carry_the_service_brand():
    """The manual's service brand line is printed on the customer's documents: the header the
    委托书, 环车检查单 and 交车结算单 share carries it, untranslated."""
    text = (ADDONS / "kia_service/report/repair_order_reports.xml").read_text(encoding="utf-8")
    header = text.split('<template id="report_kia_repair_header">', 1)[1].split("</template>", 1)[0]
    assert "Excellent Service-卓越服务" in header
    for report in (
        "report_kia_repair_order_document",
        "report_kia_walkaround",
        "report_kia_delivery",
    ):
        body = text.split(f'<template id="{report}">', 1)[1].split("</template>", 1)[0]
        assert 't-call="kia_service.report_kia_repair_header"' in body
