from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import SQL

from .common import KiaFacilityCase


@tagged("post_install", "-at_install")
class TestToolsFacilities(KiaFacilityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Equipment = cls.env["maintenance.equipment"]
        cls.gds = Equipment.with_user(cls.foreman_a).create(
            {
                "name": "GDS",
                "kia_is_special_tool": True,
                "kia_tool_code": "TT-GDS",
                "company_id": cls.dealer_a.id,
                "kia_calibration_months": 12,
                "kia_last_calibration_date": "2025-01-15",
            }
        )
        cls.wrench = Equipment.with_user(cls.foreman_a).create(
            {"name": "Torque wrench", "kia_tool_code": "TT-TW", "company_id": cls.dealer_a.id}
        )

    def test_calibration_due_overdue_and_request(self):
        self.assertEqual(self.gds.kia_next_calibration_date, date(2026, 1, 15))
        Equipment = self.env["maintenance.equipment"].with_user(self.foreman_a)
        with freeze_time("2026-01-10"):
            self.gds.invalidate_recordset(["kia_calibration_overdue"])
            self.assertFalse(self.gds.kia_calibration_overdue)
            self.assertNotIn(self.gds, Equipment.search([("kia_calibration_overdue", "=", True)]))
        with freeze_time("2026-02-01"):
            self.gds.invalidate_recordset(["kia_calibration_overdue"])
            self.assertTrue(self.gds.kia_calibration_overdue)
            self.assertIn(self.gds, Equipment.search([("kia_calibration_overdue", "=", True)]))
            requests = self.env["maintenance.equipment"]._cron_kia_calibration()
            request = requests.filtered(lambda r: r.equipment_id == self.gds)
            self.assertTrue(request.kia_is_calibration)
            self.assertEqual(request.maintenance_type, "preventive")
            self.assertEqual(request.company_id, self.dealer_a)
            # one open request is enough
            again = self.env["maintenance.equipment"]._cron_kia_calibration()
            self.assertNotIn(self.gds, again.equipment_id)
            done_stage = self.env["maintenance.stage"].search([("done", "=", True)], limit=1)
            request.with_user(self.foreman_a).stage_id = done_stage
            self.assertEqual(self.gds.kia_last_calibration_date, date(2026, 2, 1))
            self.assertEqual(self.gds.kia_next_calibration_date, date(2027, 2, 1))
            self.gds.invalidate_recordset(["kia_calibration_overdue"])
            self.assertFalse(self.gds.kia_calibration_overdue)

    def test_tool_lent_twice_refused(self):
        Loan = self.env["kia.tool.loan"].with_user(self.technician_a)
        with Form(Loan) as form:
            form.equipment_id = self.gds
        loan = form.record
        self.assertEqual(loan.user_id, self.technician_a)
        self.assertEqual(self.gds.kia_current_loan_id, loan)
        # a second loan of the same tool, by another user, is refused and nothing is written
        with self.assertRaises(UserError):
            self.env["kia.tool.loan"].with_user(self.foreman_a).create(
                {"equipment_id": self.gds.id}
            )
        # and so is lending it twice in one request
        with self.assertRaises(UserError):
            Loan.create([{"equipment_id": self.wrench.id}, {"equipment_id": self.wrench.id}])
        self.assertEqual(self.env["kia.tool.loan"].search_count([]), 1 + self._demo_loans())
        # a tool on loan cannot be deleted
        with self.assertRaises(UserError):
            loan.sudo().unlink()
        loan.action_return()
        self.assertEqual(loan.state, "returned")
        self.assertTrue(loan.date_returned)
        with self.assertRaises(UserError):
            loan.action_return()
        second = Loan.create({"equipment_id": self.gds.id})
        self.assertEqual(second.state, "out")

    def _demo_loans(self):
        return self.env["kia.tool.loan"].search_count(
            [("company_id", "not in", (self.dealer_a | self.dealer_b).ids)]
        )

    def test_unusable_tool_refused(self):
        self.wrench.kia_condition = "damaged"
        with self.assertRaises(UserError):
            self.env["kia.tool.loan"].with_user(self.technician_a).create(
                {"equipment_id": self.wrench.id}
            )
        self.assertFalse(self.wrench.kia_loan_ids)

    def test_loan_isolation(self):
        self.env["kia.tool.loan"].with_user(self.technician_a).create({"equipment_id": self.gds.id})
        self.assertFalse(
            self.env["kia.tool.loan"]
            .with_user(self.technician_b)
            .search([("equipment_id", "=", self.gds.id)])
        )
        # dealer B cannot lend dealer A's tool
        with self.assertRaises(AccessError):
            self.env["kia.tool.loan"].with_user(self.technician_b).create(
                {"equipment_id": self.wrench.id}
            )
        self.assertFalse(self.wrench.kia_loan_ids)
        # a technician cannot delete a loan record
        with self.assertRaises(AccessError):
            self.env["kia.tool.loan"].with_user(self.technician_a).search([]).unlink()

    def test_tool_gaps(self):
        self.env["kia.tool.requirement"].create(
            [
                {
                    "dealer_type": "dealer_4s",
                    "tool_code": "TT-TW",
                    "name": "Torque wrench",
                    "quantity": 2,
                },
                {"dealer_type": "dealer_4s", "tool_code": "TT-GDS", "name": "GDS", "quantity": 1},
            ]
        )
        self.env.flush_all()
        gaps = (
            self.env["kia.tool.gap.report"]
            .with_user(self.manager_a)
            .search([("company_id", "=", self.dealer_a.id), ("tool_code", "like", "TT-")])
        )
        by_code = {gap.tool_code: gap for gap in gaps}
        self.assertEqual(by_code["TT-TW"].missing_qty, 1)
        self.assertFalse(by_code["TT-TW"].compliant)
        self.assertTrue(by_code["TT-GDS"].compliant)
        # a lost tool does not count
        self.gds.kia_condition = "lost"
        self.env.flush_all()
        self.env.invalidate_all()
        self.assertEqual(by_code["TT-GDS"].missing_qty, 1)

    def test_gap_report_ids_unique(self):
        """Each (dealer, standard) row has its own id, however far apart the ids of the
        dealers and of the standards are."""
        dealer_c = self.env["res.company"].create(
            {
                "name": "Test 4S Dealer C",
                "kia_dealer_type": "dealer_4s",
                "kia_dealer_code": "TC003",
                "kia_hq_company_id": self.hq.id,
            }
        )
        shift = (dealer_c.id - self.dealer_a.id) * 100000
        requirements = self.env["kia.tool.requirement"].create(
            [
                {"dealer_type": "dealer_4s", "tool_code": "TT-ID1", "name": "One"},
                {"dealer_type": "dealer_4s", "tool_code": "TT-ID2", "name": "Two"},
            ]
        )
        standards = self.env["kia.facility.standard"].search(
            [("dealer_type", "=", "dealer_4s")], limit=2
        )
        self.assertEqual(len(standards), 2)
        area_types = standards.mapped("area_type")
        self.env.flush_all()
        # Move the second record's id so that (dealer A, second) and (dealer C, first) meet
        # under a formula that adds the dealer's id times 100,000 to the standard's id.
        for table, records in (
            ("kia_tool_requirement", requirements),
            ("kia_facility_standard", standards),
        ):
            self.env.cr.execute(
                SQL(
                    "UPDATE %s SET id = %s WHERE id = %s",
                    SQL.identifier(table),
                    records[0].id + shift,
                    records[1].id,
                )
            )
        self.env.invalidate_all()
        companies = self.dealer_a | dealer_c
        tool_rows = self.env["kia.tool.gap.report"].search(
            [
                ("company_id", "in", companies.ids),
                ("requirement_id", "in", [requirements[0].id, requirements[0].id + shift]),
            ]
        )
        area_rows = self.env["kia.facility.gap.report"].search(
            [
                ("company_id", "in", companies.ids),
                ("area_type", "in", area_types),
            ]
        )
        for rows in (tool_rows, area_rows):
            self.assertEqual(len(rows), 4, rows._name)
            self.assertEqual(len(set(rows.ids)), 4, rows._name)

    def test_facility_gaps_and_access(self):
        self.env["kia.facility.standard"].search(
            [("dealer_type", "=", "dealer_4s"), ("area_type", "=", "qc_bay")]
        ).unlink()
        self.env["kia.facility.standard"].create(
            {"dealer_type": "dealer_4s", "area_type": "qc_bay", "min_bay_count": 2}
        )
        Area = self.env["kia.facility.area"].with_user(self.manager_a)
        Area.create({"name": "QC", "area_type": "qc_bay", "bay_count": 1, "area_m2": 30})
        self.env.flush_all()
        gap = (
            self.env["kia.facility.gap.report"]
            .with_user(self.manager_a)
            .search([("company_id", "=", self.dealer_a.id), ("area_type", "=", "qc_bay")])
        )
        self.assertEqual((gap.bay_count, gap.bay_gap, gap.compliant), (1, 1, False))
        # bad input: negative size refused, nothing written
        count = Area.search_count([])
        with self.assertRaises(Exception):  # noqa: B017 - the CHECK constraint's IntegrityError
            with self.env.cr.savepoint():
                Area.create({"name": "Bad", "area_type": "lounge", "area_m2": -5})
                Area.env.flush_all()
        self.assertEqual(Area.search_count([]), count)
        # an advisor reads the register but cannot change it
        with self.assertRaises(AccessError):
            self.env["kia.facility.area"].with_user(self.advisor_a).create(
                {"name": "Lounge", "area_type": "lounge"}
            )
        # dealer B does not see dealer A's areas
        self.assertFalse(self.env["kia.facility.area"].with_user(self.advisor_b).search([]))
