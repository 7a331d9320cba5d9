from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import KiaBaseCase


@tagged("post_install", "-at_install")
class TestNetwork(KiaBaseCase):
    def test_dealer_code_unique(self):
        with self.assertRaises(ValidationError) as err:
            self.env["res.company"].create(
                {"name": "Copycat", "kia_dealer_type": "dealer_4s", "kia_dealer_code": "TA001"}
            )
        self.assertIn("TA001", str(err.exception))
        self.assertIn(self.dealer_a.name, str(err.exception))
        self.assertFalse(self.env["res.company"].search([("name", "=", "Copycat")]))

    def test_dealer_code_unique_translated(self):
        with self.assertRaises(ValidationError) as err:
            self.env["res.company"].with_context(lang="zh_CN").create(
                {"name": "Copycat", "kia_dealer_type": "dealer_4s", "kia_dealer_code": "TA001"}
            )
        self.assertIn("经销商代码", str(err.exception))

    def test_dealer_needs_code(self):
        with self.assertRaises(ValidationError):
            self.env["res.company"].create({"name": "No code", "kia_dealer_type": "dealer_4s"})
        self.assertFalse(self.env["res.company"].search([("name", "=", "No code")]))

    def test_head_office_must_be_hq(self):
        with self.assertRaises(ValidationError):
            self.dealer_b.kia_hq_company_id = self.dealer_a
        self.assertEqual(self.dealer_b.kia_hq_company_id, self.hq)

    def test_dealer_cannot_edit_network(self):
        with self.assertRaises(AccessError):
            self.dealer_a.with_user(self.manager_a).write({"kia_dealer_code": "HACK"})
        with self.assertRaises(AccessError):
            self.env["kia.region"].with_user(self.manager_a).create({"name": "R", "code": "R"})

    def test_hq_manages_regions(self):
        region = (
            self.env["kia.region"]
            .with_user(self.hq_manager)
            .create({"name": "North", "code": "N1", "area_manager_id": self.hq_officer.id})
        )
        self.dealer_a.with_user(self.hq_manager).kia_region_id = region
        self.assertEqual(region.company_ids, self.dealer_a)

    def test_roles_imply_what_the_job_needs(self):
        self.assertTrue(self.manager_a.has_group("kia_base.group_advisor"))
        self.assertTrue(self.manager_a.has_group("kia_base.group_qc_inspector"))
        self.assertTrue(self.manager_a.has_group("kia_base.group_technician"))
        self.assertFalse(self.technician_a.has_group("kia_base.group_advisor"))
        self.assertTrue(self.hq_manager.has_group("kia_base.group_hq_officer"))
        self.assertFalse(self.manager_a.has_group("kia_base.group_hq_officer"))
