import json
from pathlib import Path

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.kia_base.upgrade import renew_terms

CHANGES = (
    Path(__file__).resolve().parent.parent / "migrations" / "18.0.1.2.0" / "renewed_terms.json"
)


@tagged("post_install", "-at_install")
class TestRenewedTerms(TransactionCase):
    """A database updated from the earlier release gets the manual's wording where it still shows
    the old one, and keeps a dealer's own wording."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.changes = json.loads(CHANGES.read_text("utf-8"))

    def _split(self, ref):
        kind, rest = ref.split(":", 1)
        target, xmlid = rest.rsplit(":", 1)
        model, field = target.split(",", 1)
        return kind, model, field, xmlid

    def _zh(self, record, field):
        return record.with_context(lang="zh_CN")[field]

    def _set_zh(self, record, field, text):
        """What the database holds, as an earlier release or the dealer left it."""
        self.env.cr.execute(
            SQL(
                "UPDATE %s SET %s = jsonb_set(%s, '{zh_CN}', to_jsonb(%s::text)) WHERE id = %s",
                SQL.identifier(record._table),
                SQL.identifier(field),
                SQL.identifier(field),
                text,
                record.id,
            )
        )
        self.env.invalidate_all()

    def test_every_reference_names_a_record(self):
        self.assertTrue(self.changes)
        for change in self.changes:
            for ref in change["refs"]:
                kind, model, field, xmlid = self._split(ref)
                record = self.env.ref(xmlid, raise_if_not_found=False)
                # Demo records are absent from a database without demo data.
                if record is None and xmlid.endswith("_demo"):
                    continue
                self.assertTrue(record, ref)
                self.assertEqual(record._name, model, ref)
                self.assertIn(field, record._fields, ref)

    def test_old_wording_renewed_dealer_wording_kept(self):
        direct = [
            (c, ref)
            for c in self.changes
            for ref in c["refs"]
            if ref.startswith("model:ir.model.fields.selection")
        ]
        (change, ref), (_other, other_ref) = direct[0], direct[1]
        _kind, _model, field, xmlid = self._split(ref)
        record = self.env.ref(xmlid)
        self._set_zh(record, field, change["old"])
        _kind, _model, other_field, other_xmlid = self._split(other_ref)
        dealer_record = self.env.ref(other_xmlid)
        self._set_zh(dealer_record, other_field, "本店自己的叫法")

        view_change = view = None
        for change_ in self.changes:
            for ref_ in change_["refs"]:
                kind, model, vfield, vxmlid = self._split(ref_)
                if kind != "model_terms" or model != "ir.ui.view":
                    continue
                candidate = self.env.ref(vxmlid, raise_if_not_found=False)
                if candidate and f'"{change_["new"]}"' in self._zh(candidate, "arch_db"):
                    view_change, view = change_, candidate
                    break
            if view:
                break
        renewed_arch = self._zh(view, "arch_db")
        old_arch = renewed_arch.replace(f'"{view_change["new"]}"', f'"{view_change["old"]}"')
        self._set_zh(view, "arch_db", old_arch)
        self.assertIn(f'"{view_change["old"]}"', self._zh(view, "arch_db"))

        renew_terms(self.env, self.changes)

        self.assertEqual(self._zh(record, field), change["new"])
        self.assertEqual(self._zh(dealer_record, other_field), "本店自己的叫法")
        self.assertEqual(self._zh(view, "arch_db"), renewed_arch)
