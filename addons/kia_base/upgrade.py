"""Helpers for the suite's migration scripts."""

import re
from collections import defaultdict

from odoo.tools import SQL


def renew_terms(env, changes, lang="zh_CN"):
    """Give a database the suite's new wording where it still shows the old one.

    Odoo's update keeps the translations a database has (only ``--i18n-overwrite`` replaces them,
    and never on noupdate records), so a corrected term would stay wrong on every dealer's
    database. ``changes`` lists each corrected entry of the suite's .po files: ``refs`` (the
    entry's ``model:`` / ``model_terms:`` references, ``model,field:module.xmlid``), ``old`` and
    ``new`` (the translation shipped before and now). A record's translation is replaced only
    where it is still exactly the old one, so a dealer's own wording is kept.
    """
    terms = defaultdict(dict)
    for change in changes:
        old, new = change["old"], change["new"]
        if not old or not new or old == new:
            continue
        for ref in change["refs"]:
            kind, rest = ref.split(":", 1)
            target, xmlid = rest.rsplit(":", 1)
            model_name, field_name = target.split(",", 1)
            record = env.ref(xmlid, raise_if_not_found=False)
            if not record or record._name != model_name:
                continue
            field = record._fields.get(field_name)
            if not field or not field.translate or not field.store:
                continue
            if kind == "model":
                env.cr.execute(
                    SQL(
                        "UPDATE %(table)s"
                        " SET %(col)s = jsonb_set(%(col)s, %(path)s, to_jsonb(%(new)s::text))"
                        " WHERE id = %(id)s AND %(col)s->>%(lang)s = %(old)s",
                        table=SQL.identifier(record._table),
                        col=SQL.identifier(field_name),
                        path=[lang],
                        new=new,
                        id=record.id,
                        lang=lang,
                        old=old,
                    )
                )
            elif kind == "model_terms":
                terms[record._table, field_name, record.id][old] = new
    # Terms inside a view or an html text: every old term replaced at once where it stands as a
    # whole text or attribute value, so two terms that trade places do not undo each other.
    for (table, column, record_id), mapping in terms.items():
        env.cr.execute(
            SQL(
                "SELECT %(col)s->>%(lang)s FROM %(table)s WHERE id = %(id)s",
                col=SQL.identifier(column),
                lang=lang,
                table=SQL.identifier(table),
                id=record_id,
            )
        )
        row = env.cr.fetchone()
        if not row or not row[0]:
            continue
        pattern = re.compile(
            r'(?<=[>"])(' + "|".join(re.escape(old) for old in mapping) + r')(?=[<"])'
        )
        renewed = pattern.sub(lambda match, terms=mapping: terms[match.group(1)], row[0])
        if renewed != row[0]:
            env.cr.execute(
                SQL(
                    "UPDATE %(table)s"
                    " SET %(col)s = jsonb_set(%(col)s, %(path)s, to_jsonb(%(text)s::text))"
                    " WHERE id = %(id)s",
                    table=SQL.identifier(table),
                    col=SQL.identifier(column),
                    path=[lang],
                    text=renewed,
                    id=record_id,
                )
            )
    env.invalidate_all()
    env.registry.clear_cache()
