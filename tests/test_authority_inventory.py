"""Every protected field of the suite, tried as an attacker: a dealer's user holding every dealer
role writes a different value straight into a demo record of his own dealer. Each write is
refused and the record keeps its value (each add-on's own tests check the messages). Kanban boards
grouped by a protected field do not let a card be dragged to another column."""

from datetime import timedelta

from lxml import etree

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

# Models whose protected fields some dealer role writes through the form on purpose (a QC
# inspector records his inspection's results line by line): the sweep tries the records on
# which no role may write them any more.
FINAL_RECORDS = {"kia.repair.check": [("repair_id.kia_qc_state", "=", "passed")]}


@tagged("post_install", "-at_install")
class TestAuthorityInventory(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dealer = cls.env.ref("kia_base.company_sh_4s_demo")
        category = cls.env.ref("kia_base.module_category_kia_after_sales")
        roles = cls.env["res.groups"].search([("category_id", "=", category.id)])
        xmlids = [xmlid for xmlid in roles.get_external_id().values() if "hq" not in xmlid]
        cls.attacker = new_test_user(
            cls.env,
            login="t_every_dealer_role",
            groups=",".join(xmlids),
            company_id=cls.dealer.id,
            company_ids=[(6, 0, cls.dealer.ids)],
        )
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        mixin = cls.registry["kia.protected.mixin"]
        cls.protected_models = sorted(
            name
            for name in mixin._inherit_children
            if not cls.env[name]._abstract and cls.env[name]._kia_protected_fields()
        )

    def _other_value(self, record, fname):
        """A value of ``fname`` different from ``record``'s, in write() form; None when the
        sweep cannot make one (x2many fields, a relation with a single record)."""
        field = record._fields[fname]
        value = record[fname]
        if field.type == "selection":
            options = [key for key, __ in field._description_selection(self.env)]
            others = [key for key in options if key != value]
            return others[0] if others else None
        if field.type == "many2one":
            if value:
                return False
            other = self.env[field.comodel_name].search([], limit=1)
            return other.id or None
        if field.type == "boolean":
            return not value
        if field.type == "date":
            return fields.Date.to_string((value or fields.Date.today()) + timedelta(days=3))
        if field.type == "datetime":
            return fields.Datetime.to_string((value or fields.Datetime.now()) + timedelta(days=3))
        if field.type in ("float", "monetary", "integer"):
            return (value or 0) + 7
        if field.type in ("char", "text", "html"):
            return (value or "") + " changed"
        return None

    def test_every_protected_field_refused(self):
        self.assertTrue(self.protected_models, "no model declares protected fields")
        tried = 0
        for model_name in self.protected_models:
            Model = self.env[model_name]
            if model_name == "res.company":
                record = self.dealer
            elif not Model.with_user(self.attacker).has_access("read"):
                # Head office's own records (its claim audits): the dealer may not even read
                # them; his write to one about his dealer is refused all the same.
                record = Model.search(
                    [("company_id", "=", self.dealer.id)], limit=1, order="id desc"
                )
            else:
                # The newest record the attacker may read: his own dealer's.
                # head office's own documents, which dealers cannot even read, are attacked too
                searcher = Model.with_user(self.attacker)
                if not searcher.has_access("read"):
                    searcher = Model
                record = (
                    searcher.with_context(active_test=False)
                    .search(FINAL_RECORDS.get(model_name, []), limit=1, order="id desc")
                    .with_env(self.env)
                )
            if not record:
                continue
            protected = Model._kia_protected_fields()
            for fname in protected:
                value = self._other_value(record, fname)
                if value is None:
                    continue
                before = record[fname]
                with self.subTest(model=model_name, field=fname):
                    # Refused by the field's guard (the message names its action) or by a
                    # guard of the record's state or owner that comes first.
                    with self.assertRaises(UserError):  # AccessError, ValidationError too
                        record.with_user(self.attacker).write({fname: value})
                    record.invalidate_recordset()
                    self.assertEqual(record[fname], before)
                    tried += 1
        self.assertGreaterEqual(tried, 100, "too few protected fields found on demo records")

    def test_protected_kanban_columns_not_draggable(self):
        for model_name in self.protected_models:
            protected = self.env[model_name]._kia_protected_fields()
            views = self.env["ir.ui.view"].search(
                [("model", "=", model_name), ("type", "=", "kanban"), ("mode", "=", "primary")]
            )
            for view in views:
                arch = etree.fromstring(self.env[model_name].get_view(view.id, "kanban")["arch"])
                group_by = arch.get("default_group_by")
                if group_by in protected:
                    with self.subTest(view=view.xml_id or view.name):
                        self.assertIn(arch.get("records_draggable", "true").lower(), ("0", "false"))
