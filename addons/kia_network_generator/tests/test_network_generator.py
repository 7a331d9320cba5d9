from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.fleet.models.fleet_vehicle import MODEL_FIELDS_TO_VEHICLE
from odoo.addons.kia_base.models.fleet_vehicle import vin_check_digit
from odoo.addons.kia_network_generator.models.kia_network_generator import BULK_MODELS


def table_checks(env):
    """The foreign keys and indexes (name, definition) of the tables the generator COPYs."""
    tables = [env[name]._table for name in BULK_MODELS]
    env.cr.execute(
        SQL(
            """SELECT con.conname, pg_get_constraintdef(con.oid)
                 FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
                WHERE rel.relname = ANY(%(tables)s)
               UNION ALL
               -- an index's text comes back normalised differently: compare its columns
               SELECT idx.relname, ind.indkey::text || ' ' || ind.indisunique::text
                 FROM pg_index ind JOIN pg_class idx ON idx.oid = ind.indexrelid
                 JOIN pg_class rel ON rel.oid = ind.indrelid
                WHERE rel.relname = ANY(%(tables)s)""",
            tables=tables,
        )
    )
    return set(env.cr.fetchall())


@tagged("post_install", "-at_install")
class TestNetworkGenerator(TransactionCase):
    """The data generator at a small scale: counts, constraints, stored computed fields and
    company isolation of what it makes."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.checks_before = table_checks(cls.env)
        cls.counts = cls.env["kia.network.generator"]._generate(
            dealers=3,
            vehicles=200,
            repairs=1000,
            seed=7,
            log=lambda message: None,
            # At the network's 2 %, 133 cars of the second and third dealers give no shared VIN
            # on some days (the draws follow the date); at 20 % always some.
            shared_vin_rate=0.2,
        )
        cls.dealers = cls.env["res.company"].search(
            [("kia_dealer_code", "=like", "GEN%")], order="id desc", limit=3
        )
        cls.checks_after = table_checks(cls.env)

    def test_keys_and_indexes_restored(self):
        """The bulk stage drops foreign keys and plain indexes for speed: every one is back,
        with the same definition."""
        self.assertTrue(len(self.checks_before) > 100)
        self.assertEqual(self.checks_after, self.checks_before)

    def test_bad_input_refused(self):
        Generator = self.env["kia.network.generator"]
        count = self.env["res.company"].search_count([])
        for kwargs in ({"dealers": 0}, {"dealers": 2, "vehicles": 1}, {"repairs": -1}):
            with self.assertRaises(UserError):
                Generator._generate(**{"dealers": 1, "vehicles": 1, "repairs": 0, **kwargs})
        self.assertEqual(self.env["res.company"].search_count([]), count)

    def test_counts(self):
        self.assertEqual(self.counts["res.company"], 3)
        self.assertEqual(self.counts["fleet.vehicle"], 200)
        self.assertEqual(self.counts["repair.order"], 1000)
        domain = [("company_id", "in", self.dealers.ids)]
        self.assertEqual(self.env["fleet.vehicle"].search_count(domain), 200)
        self.assertEqual(self.env["repair.order"].search_count(domain), 1000)
        self.assertEqual(
            self.env["repair.service"].search_count(
                [("repair_id.company_id", "in", self.dealers.ids)]
            ),
            self.counts["repair.service"],
        )
        self.assertEqual(
            self.env["kia.repair.job"].search_count(domain), self.counts["kia.repair.job"]
        )
        self.assertEqual(self.env["hr.employee"].search_count(domain), self.counts["hr.employee"])
        for dealer in self.dealers:
            self.assertIn(dealer.kia_dealer_type, ("dealer_4s", "service_station"))
            self.assertTrue(dealer.kia_region_id)
            self.assertEqual(dealer.kia_hq_company_id.kia_dealer_type, "hq")
        self.assertTrue(self.counts["helpdesk.ticket"])
        self.assertTrue(self.counts["kia.warranty.claim"])
        self.assertTrue(self.counts["stock.move.line"])
        self.assertTrue(self.counts["kia.technician.capacity"])

    def test_records_pass_constraints(self):
        vehicles = self.env["fleet.vehicle"].search([("company_id", "in", self.dealers.ids)])
        for vin in vehicles.mapped("vin_sn"):
            self.assertEqual(vin[8], vin_check_digit(vin))
        vehicles._validate_fields(["vin_sn", "license_plate", "company_id"])
        repairs = self.env["repair.order"].search(
            [("company_id", "in", self.dealers.ids)], limit=200
        )
        repairs._validate_fields(list(repairs._fields))
        repairs.repair_service_ids._validate_fields(list(repairs.repair_service_ids._fields))
        repairs.kia_job_ids._validate_fields(list(repairs.kia_job_ids._fields))
        # Company consistency of what _check_company_auto checks on the ORM path.
        repairs._check_company()
        repairs.kia_job_ids._check_company()
        # The odometer never goes backwards.
        self.env.cr.execute(
            SQL(
                """SELECT COUNT(*) FROM (
                       SELECT value < LAG(value) OVER (PARTITION BY vehicle_id ORDER BY date, id)
                              AS backwards
                         FROM fleet_vehicle_odometer WHERE vehicle_id = ANY(%s)) AS readings
                    WHERE backwards""",
                vehicles.ids,
            )
        )
        self.assertEqual(self.env.cr.fetchone()[0], 0)
        readings = self.env["fleet.vehicle.odometer"].search(
            [("vehicle_id", "in", vehicles[:20].ids)]
        )
        readings._check_value_not_backwards()
        # Stock never goes negative.
        self.assertFalse(
            self.env["stock.quant"].search(
                [("company_id", "in", self.dealers.ids), ("quantity", "<", 0)]
            )
        )

    def test_stored_computed_fields_agree(self):
        """Recomputing through the ORM gives what the generator stored."""
        repairs = self.env["repair.order"].search(
            [("company_id", "in", self.dealers.ids)], limit=100
        )
        checks = [
            (repairs, "kia_estimate_amount"),
            (repairs.repair_service_ids, "kia_amount"),
            (repairs.repair_service_ids, "kia_vehicle_id"),
            (repairs.kia_job_ids, "vehicle_id"),
            (repairs.kia_job_ids, "actual_hours"),
            (repairs.kia_job_ids.time_ids, "duration"),
            (repairs.kia_job_ids.time_ids, "company_id"),
        ]
        claims = self.env["kia.warranty.claim"].search(
            [("company_id", "in", self.dealers.ids)], limit=50
        )
        checks += [(claims, "amount_total"), (claims, "vin"), (claims.line_ids, "amount")]
        # Vehicles: what fleet copies from the model (filled in the rows), care and warranty
        # dates (recomputed by the generator through the ORM).
        vehicles = repairs.vehicle_id
        checks += [
            (vehicles, fname)
            for fname in MODEL_FIELDS_TO_VEHICLE.values()
            if vehicles._fields[fname].compute
        ]
        checks += [
            (vehicles, fname)
            for fname in (
                "name",
                "kia_care_next_due_date",
                "kia_care_last_service_km",
                "kia_wty_end_date",
                "kia_wty_first_maint_deadline",
            )
        ]
        # Complaints: deadlines on the working calendar (planned once per start time).
        tickets = self.env["helpdesk.ticket"].search(
            [("company_id", "in", self.dealers.ids), ("kia_is_complaint", "=", True)]
        )
        self.assertTrue(tickets)
        checks += [(tickets, "kia_resolution_deadline"), (tickets, "kia_first_contact_deadline")]
        for records, fname in checks:
            stored = {record.id: record[fname] for record in records}
            self.env.add_to_compute(records._fields[fname], records)
            records.flush_recordset([fname])
            records.invalidate_recordset([fname])
            for record in records:
                value = record[fname]
                if isinstance(value, float):
                    self.assertAlmostEqual(value, stored[record.id], places=2, msg=fname)
                else:
                    self.assertEqual(value, stored[record.id], fname)

    def test_visible_per_company(self):
        dealer = self.dealers[0]
        advisor = self.env["res.users"].search(
            [("company_id", "=", dealer.id), ("login", "=like", "%.advisor1")]
        )
        self.assertTrue(advisor.has_group("kia_base.group_advisor"))
        Repair = self.env["repair.order"].with_user(advisor)
        self.assertEqual(
            Repair.search_count([]),
            self.env["repair.order"].search_count([("company_id", "=", dealer.id)]),
        )
        other = self.env["fleet.vehicle"].search([("company_id", "=", self.dealers[1].id)])
        self.assertFalse(
            self.env["fleet.vehicle"].with_user(advisor).search([("id", "in", other.ids)])
        )
        technician = self.env["hr.employee"].search(
            [("company_id", "=", dealer.id), ("user_id.login", "=like", "%.tech1")]
        )
        self.assertEqual(technician.resource_calendar_id, dealer.resource_calendar_id)

    def test_stock_valuation_and_lost_sales(self):
        """Each done parts move has its valuation layer at the part's cost, the layers add up
        to the stock on hand, and the lost sales lower the first-pass fill rate."""
        self.env.cr.execute(
            SQL(
                """SELECT COUNT(*) FILTER (WHERE layers.n != 1),
                          COUNT(*) FILTER (WHERE layers.value != ROUND(
                              (layers.quantity * sm.price_unit)::numeric, 2))
                     FROM stock_move sm
                     LEFT JOIN LATERAL (
                          SELECT COUNT(*) AS n, SUM(quantity) AS quantity, SUM(value) AS value
                            FROM stock_valuation_layer WHERE stock_move_id = sm.id) layers
                       ON TRUE
                    WHERE sm.state = 'done' AND sm.company_id = ANY(%s)""",
                self.dealers.ids,
            )
        )
        self.assertEqual(self.env.cr.fetchone(), (0, 0))
        Layer = self.env["stock.valuation.layer"]
        layers = dict(
            Layer._read_group(
                [("company_id", "in", self.dealers.ids)], ["product_id"], ["quantity:sum"]
            )
        )
        quants = dict(
            self.env["stock.quant"]._read_group(
                [("company_id", "in", self.dealers.ids), ("location_id.usage", "=", "internal")],
                ["product_id"],
                ["quantity:sum"],
            )
        )
        self.assertTrue(quants)
        self.assertEqual(
            {product: round(qty, 2) for product, qty in layers.items()},
            {product: round(qty, 2) for product, qty in quants.items()},
        )
        lost = self.env["kia.parts.lost.sale"].search([("company_id", "in", self.dealers.ids)])
        self.assertTrue(lost)
        self.assertEqual(lost.repair_id.company_id, lost.company_id)
        report = self.env["kia.parts.kpi.report"].search(
            [("company_id", "in", lost.company_id.ids)]
        )
        self.assertTrue(any(0 < r.fill_rate < 100 for r in report))

    def test_network_vehicles(self):
        """Every generated file is linked to the network vehicle of its VIN; some VINs are
        serviced at two dealers, one network vehicle for both files."""
        vehicles = self.env["fleet.vehicle"].search([("company_id", "in", self.dealers.ids)])
        self.assertEqual(len(vehicles), 200)
        self.assertFalse(vehicles.filtered(lambda v: v.kia_vehicle_id.vin != v.vin_sn))
        shared = vehicles.kia_vehicle_id.filtered(lambda k: len(k.fleet_vehicle_ids) > 1)
        self.assertTrue(shared)
        self.assertEqual(self.counts["shared VINs"], len(shared))
        for identity in shared:
            self.assertEqual(len(identity.fleet_vehicle_ids.company_id), 2)
            # The earliest sale date of the files is the network's.
            self.assertEqual(
                set(identity.fleet_vehicle_ids.mapped("kia_sale_date")), {identity.sale_date}
            )
