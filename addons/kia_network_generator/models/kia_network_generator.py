"""Network-scale data generator 数据生成器 for benchmarks and load tests (never installed for
dealers: `make bench` installs it into its network database, `make test` into the test one).

Fills a database that has the suite installed with a realistic dealer network: regions, dealer
companies (through the ORM: warehouses, repair operation types, sequences and calendars come
with them), their staff (users and employees on the company's working schedule), then customers,
vehicles, odometer histories, repair orders with labor lines, jobs, time logs, parts moves,
parts receipts, follow-ups, complaints and warranty claims in bulk with PostgreSQL COPY.

COPY is fed only rows built here: table and column names come from the registry's model and
field metadata (checked to be stored columns of the model), values travel as COPY data. Every
row carries what the ORM would have written (defaults from ``default_get``, related and computed
columns filled here or recomputed through the ORM in batches), so the records pass the models'
constraints. Deterministic for a given seed and run date.
"""

import io
import json
import logging
import random
import time
from collections import defaultdict
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.fleet.models.fleet_vehicle import MODEL_FIELDS_TO_VEHICLE
from odoo.addons.kia_base.models.fleet_vehicle import vin_check_digit

_logger = logging.getLogger(__name__)

# (code, English name, cities with the province character of their plates)
REGIONS = [
    ("GEN-E", "East China", [("上海", "沪"), ("杭州", "浙"), ("南京", "苏"), ("合肥", "皖")]),
    ("GEN-N", "North China", [("北京", "京"), ("天津", "津"), ("石家庄", "冀"), ("太原", "晋")]),
    ("GEN-S", "South China", [("广州", "粤"), ("深圳", "粤"), ("南宁", "桂"), ("海口", "琼")]),
    ("GEN-C", "Central China", [("武汉", "鄂"), ("长沙", "湘"), ("郑州", "豫"), ("南昌", "赣")]),
    ("GEN-W", "West China", [("成都", "川"), ("重庆", "渝"), ("西安", "陕"), ("昆明", "云")]),
    ("GEN-NE", "North-East China", [("沈阳", "辽"), ("长春", "吉"), ("哈尔滨", "黑")]),
]
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
)
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍建国红志文斌鹏宇浩辉晨欣怡子轩"
PLATE_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
VIN_CHARS = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789"
# Model-year code of position 10 from 2001 ('1') onwards (no I, O, Q, U, Z, 0).
YEAR_CODES = "123456789ABCDEFGHJKLMNPRSTVWXY"
RO_TYPE_WEIGHTS = [
    ("periodic", 45),
    ("general", 25),
    ("warranty", 8),
    ("body_paint", 10),
    ("campaign", 3),
    ("internal", 2),
]
SATISFACTION_WEIGHTS = [("5", 70), ("4", 20), ("3", 6), ("2", 3), ("1", 1)]
STAFF = [
    ("advisor", "kia_base.group_advisor", 2),
    ("foreman", "kia_base.group_foreman", 1),
    ("qc", "kia_base.group_qc_inspector", 1),
    ("cr", "kia_base.group_customer_relations", 1),
    ("tech", "kia_base.group_technician", 4),
    ("manager", "kia_base.group_service_manager", 1),
]
GEN_OPERATIONS = [
    ("GEN-LO-01", "Periodic maintenance 5,000 km", 1.0),
    ("GEN-LO-02", "Periodic maintenance 10,000 km", 1.5),
    ("GEN-LO-03", "Brake pads, front axle", 1.2),
    ("GEN-LO-04", "Engine diagnosis", 0.8),
    ("GEN-LO-05", "Air-conditioning service", 1.0),
    ("GEN-LO-06", "Front bumper paint", 3.0),
    ("GEN-LO-07", "Wheel alignment", 0.6),
    ("GEN-LO-08", "Battery replacement", 0.4),
]
# What the bulk stage fills by COPY.
# Share of the vehicles that are serviced at a second dealer too (same VIN).
SHARED_VIN_RATE = 0.02
# The generator's goal: the full network's repair orders in under 25 minutes.
GOAL_REPAIRS = 1000000
GOAL_MINUTES = 25
# Where the figures of the last generation are kept, for `make bench` to print them again.
LAST_RUN_PARAM = "kia_network_generator.last_run"
BULK_MODELS = (
    "res.partner",
    "fleet.vehicle",
    "fleet.vehicle.odometer",
    "repair.order",
    "repair.service",
    "kia.repair.job",
    "kia.repair.job.time",
    "stock.picking",
    "stock.move",
    "stock.move.line",
    "helpdesk.ticket",
    "kia.warranty.claim",
    "kia.warranty.claim.line",
    "stock.valuation.layer",
    "kia.parts.lost.sale",
)
# Share of parts requests the dealer could not fill from stock (lost sales 缺件).
LOST_SALE_RATE = 0.03
# China is UTC+8 all year: local workshop hours are stored as naive UTC.
UTC_OFFSET = timedelta(hours=8)


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_value(value, boolean=False, translate=False):
    """One value in PostgreSQL's COPY text format (False is NULL except in a boolean column)."""
    if boolean:
        return "t" if value else "f"
    if value is None or value is False:
        return "\\N"
    kind = type(value)
    if kind is float or kind is int:
        return repr(value)
    if kind is datetime:
        return value.isoformat(" ", "seconds")
    if kind is date:
        return value.isoformat()
    if translate and kind is str:
        value = {"en_US": value}
    if isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    return str(value).translate(_COPY_ESCAPES)


class KiaNetworkGenerator(models.AbstractModel):
    _name = "kia.network.generator"
    _description = "Network Data Generator"

    # --- low-level helpers -------------------------------------------------------------------

    def _kia_reserve_ids(self, model_name, count):
        """A block of ``count`` ids from the table's sequence (the table is locked against
        concurrent inserts for the rest of the transaction)."""
        if not count:
            return []
        table = self.env[model_name]._table
        self.env.cr.execute(SQL("LOCK TABLE %s IN SHARE ROW EXCLUSIVE MODE", SQL.identifier(table)))
        self.env.cr.execute(SQL("SELECT pg_get_serial_sequence(%s, 'id')", table))
        sequence = self.env.cr.fetchone()[0]
        self.env.cr.execute(SQL("SELECT nextval(%s)", sequence))
        first = self.env.cr.fetchone()[0]
        self.env.cr.execute(SQL("SELECT setval(%s, %s)", sequence, first + count - 1))
        return list(range(first, first + count))

    def _kia_defaults(self, model_name):
        """What the ORM would default for the stored scalar columns of a model."""
        Model = self.env[model_name]
        names = [
            name
            for name, field in Model._fields.items()
            if field.store
            and field.column_type
            and not field.compute
            and not field.company_dependent
            and name != "id"
        ]
        defaults = Model.default_get(names)
        return {name: value for name, value in defaults.items() if not isinstance(value, list)}

    def _kia_copy(self, model_name, rows, defaults=None):
        """COPY rows (dicts of field name → value, with an ``id``) into the model's table.
        Column names are the model's stored fields only. Columns no row sets take the
        defaults, rendered once for the whole batch."""
        if not rows:
            return 0
        Model = self.env[model_name]
        now = fields.Datetime.now()
        base = dict(defaults or {})
        base.update(create_uid=self.env.uid, write_uid=self.env.uid)
        base.setdefault("create_date", now)
        base.setdefault("write_date", now)
        row_columns = list(dict.fromkeys(name for row in rows for name in row))
        constant_columns = [name for name in base if name not in set(row_columns)]
        for name in row_columns + constant_columns:
            field = Model._fields.get(name)
            if not (field and field.store and field.column_type):
                raise UserError(
                    self.env._(
                        "%(field)s is not a stored column of %(model)s.",
                        field=name,
                        model=model_name,
                    )
                )

        def kind(name):
            field = Model._fields[name]
            return field.type == "boolean", bool(field.translate)

        suffix = "".join("\t" + _copy_value(base[name], *kind(name)) for name in constant_columns)
        kinds = [(name, base.get(name), *kind(name)) for name in row_columns]
        buffer = io.StringIO()
        write = buffer.write
        for row in rows:
            get = row.get
            write(
                "\t".join(
                    _copy_value(get(name, default), boolean, translate)
                    for name, default, boolean, translate in kinds
                )
            )
            write(suffix)
            write("\n")
        buffer.seek(0)
        query = SQL(
            "COPY %s (%s) FROM STDIN",
            SQL.identifier(Model._table),
            SQL(", ").join(SQL.identifier(name) for name in row_columns + constant_columns),
        )
        self.env.cr.copy_expert(query.code, buffer)
        return len(rows)

    @contextmanager
    def _kia_checks_deferred(self, model_names):
        """Drop the foreign keys and the plain (non-unique) indexes of the tables a bulk stage
        fills, and put them back after it, as pg_restore does.

        PostgreSQL then checks each key once, over the whole table in one join, instead of
        once per COPY row, and builds each index once by sorting instead of inserting into it
        row by row (together most of the COPY time at network scale). Adding a key back
        fails, and the whole transaction rolls back, if any row breaks it. Primary keys and
        unique indexes stay in place and check every row as it comes.
        """
        cr = self.env.cr
        tables = [self.env[name]._table for name in model_names]
        cr.execute(
            SQL(
                """SELECT rel.relname, con.conname, pg_get_constraintdef(con.oid)
                     FROM pg_constraint con
                     JOIN pg_class rel ON rel.oid = con.conrelid
                    WHERE con.contype = 'f' AND rel.relname = ANY(%s)
                      AND rel.relnamespace = 'public'::regnamespace
                    ORDER BY rel.relname, con.conname""",
                tables,
            )
        )
        keys = cr.fetchall()
        cr.execute(
            SQL(
                """SELECT idx.relname, pg_get_indexdef(ind.indexrelid)
                     FROM pg_index ind
                     JOIN pg_class idx ON idx.oid = ind.indexrelid
                     JOIN pg_class rel ON rel.oid = ind.indrelid
                    WHERE rel.relname = ANY(%s)
                      AND rel.relnamespace = 'public'::regnamespace
                      AND NOT ind.indisunique AND NOT ind.indisprimary
                      AND NOT EXISTS (SELECT 1 FROM pg_constraint con
                                       WHERE con.conindid = ind.indexrelid)
                    ORDER BY idx.relname""",
                tables,
            )
        )
        indexes = cr.fetchall()
        for table, name, _definition in keys:
            cr.execute(
                SQL(
                    "ALTER TABLE %s DROP CONSTRAINT %s",
                    SQL.identifier(table),
                    SQL.identifier(name),
                )
            )
        for name, _definition in indexes:
            cr.execute(SQL("DROP INDEX %s", SQL.identifier(name)))
        yield
        # The definitions are PostgreSQL's own text of what was dropped above, not input.
        for _name, definition in indexes:
            cr.execute(SQL(definition))
        for table, name, definition in keys:
            cr.execute(
                SQL(
                    "ALTER TABLE %s ADD CONSTRAINT %s %s",
                    SQL.identifier(table),
                    SQL.identifier(name),
                    SQL(definition),
                )
            )
        # Planner statistics for the new rows: the recompute and the checks that follow
        # query these tables before autovacuum could have analysed them.
        for table in tables:
            cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))

    def _kia_recompute(self, model_name, ids, fnames, batch=5000):
        """Fill stored computed fields of bulk-inserted rows through the ORM, in batches."""
        Model = self.env[model_name]
        for start in range(0, len(ids), batch):
            records = Model.browse(ids[start : start + batch])
            for fname in fnames:
                self.env.add_to_compute(Model._fields[fname], records)
            self.env.flush_all()
            self.env.invalidate_all()

    # --- entry point -------------------------------------------------------------------------

    @api.model
    def _generate(
        self,
        dealers=200,
        vehicles=200000,
        repairs=1000000,
        seed=1,
        months=24,
        log=None,
        shared_vin_rate=SHARED_VIN_RATE,
    ):
        """Generate the network. Returns the counts of what was made per model.
        ``shared_vin_rate``: the share of a dealer's cars that another dealer sold."""
        log = log or _logger.info
        if dealers < 1 or vehicles < dealers or repairs < 0 or months < 1:
            raise UserError(
                self.env._("The generator needs at least one dealer and one vehicle per dealer.")
            )
        rng = random.Random(seed)
        self = self.with_context(
            tracking_disable=True, mail_create_nolog=True, no_reset_password=True
        )
        gen = {
            "rng": rng,
            "today": fields.Date.context_today(self),
            "months": months,
            "shared_vin_rate": shared_vin_rate,
            "counts": defaultdict(int),
            "log": log,
        }
        stages = [
            ("network", lambda: self._kia_gen_network(gen, dealers)),
            ("staff", lambda: self._kia_gen_staff(gen)),
            ("catalog", lambda: self._kia_gen_catalog(gen)),
            ("vehicles and repairs", lambda: self._kia_gen_bulk(gen, vehicles, repairs)),
            ("network vehicles", lambda: self._kia_gen_identities(gen)),
            ("stock", lambda: self._kia_gen_quants(gen)),
            ("technician hours", lambda: self._kia_gen_capacity(gen)),
            ("computed fields", lambda: self._kia_gen_recompute(gen)),
            # The history's months ended long ago: the hourly job would have closed each into
            # the KPI snapshot as it ended, so the dashboard reads them from there.
            ("KPI snapshot", lambda: self.env["kia.kpi.snapshot"]._cron_kia_close_months()),
        ]
        total = time.time()
        for label, stage in stages:
            started = time.time()
            stage()
            self.env.flush_all()
            self.env.invalidate_all()
            log(f"kia_generate: {label} done in {time.time() - started:.1f}s")
        log(f"kia_generate: total {time.time() - total:.1f}s, {dict(gen['counts'])}")
        return dict(gen["counts"])

    @api.model
    def _kia_goal_lines(self, run):
        """The KIA-GOAL lines (tab-separated: measure, figure, goal, met or missed) of a
        generation's figures ``run`` (dealers, vehicles, repairs, seconds, peak_mb, size, date).
        Below the goal's scale, the time is extrapolated linearly to 1,000,000 repair orders and
        says so."""
        minutes = run["seconds"] / 60
        measure = (
            f"Generator: {run['repairs']:,} repair orders, {run['dealers']} dealers "
            f"({run['date']}): total time"
        )
        if run["repairs"] >= GOAL_REPAIRS or not run["repairs"]:
            figure = f"{minutes:.1f} min"
            met = bool(run["repairs"]) and minutes < GOAL_MINUTES
        else:
            at_goal = minutes * GOAL_REPAIRS / run["repairs"]
            figure = f"{minutes:.1f} min (linear to {GOAL_REPAIRS:,}: {at_goal:.0f} min)"
            met = at_goal < GOAL_MINUTES
        goal = f"< {GOAL_MINUTES} min for {GOAL_REPAIRS:,} repair orders"
        return [
            "\t".join(("KIA-GOAL", measure, figure, goal, "met" if met else "missed")),
            "\t".join(
                (
                    "KIA-GOAL",
                    f"Generator: peak memory of that run (database {run['size']})",
                    f"{run['peak_mb']:.0f} MB",
                    "printed",
                    "met",
                )
            ),
        ]

    @api.model
    def _kia_record_run(self, run):
        """Keep the figures of this generation in the database (they are committed with it)
        and return their KIA-GOAL lines."""
        self.env["ir.config_parameter"].sudo().set_param(LAST_RUN_PARAM, json.dumps(run))
        return self._kia_goal_lines(run)

    @api.model
    def _kia_last_run_lines(self):
        """The KIA-GOAL lines of the last generation kept in this database, if any."""
        # sudo: system parameter read by the benchmark, which runs as superuser anyway.
        value = self.env["ir.config_parameter"].sudo().get_param(LAST_RUN_PARAM)
        return self._kia_goal_lines(json.loads(value)) if value else []

    # --- stages ------------------------------------------------------------------------------

    def _kia_gen_network(self, gen, dealers):
        rng = gen["rng"]
        Company = self.env["res.company"]
        Region = self.env["kia.region"]
        hq = Company.search([("kia_dealer_type", "=", "hq")], limit=1)
        if not hq:
            hq = Company.create({"name": "Kia Head Office (generated)", "kia_dealer_type": "hq"})
        regions = Region.with_context(active_test=False).search(
            [("code", "in", [code for code, _name, _cities in REGIONS])]
        )
        missing = [r for r in REGIONS if r[0] not in regions.mapped("code")]
        regions |= Region.create([{"code": code, "name": name} for code, name, _c in missing])
        region_by_code = {region.code: region for region in regions}
        cny = self.env.ref("base.CNY")
        if not cny.active:
            cny.active = True
        taken = {
            code
            for code in Company.with_context(active_test=False)
            .search([("kia_dealer_code", "=like", "GEN%")])
            .mapped("kia_dealer_code")
        }
        calendar = self._kia_gen_calendar()
        number = len(taken)
        vals_list = []
        cities = []
        while len(vals_list) < dealers:
            number += 1
            code = f"GEN{number:04d}"
            if code in taken:
                continue
            region_code, _name, region_cities = REGIONS[rng.randrange(len(REGIONS))]
            city, province = region_cities[rng.randrange(len(region_cities))]
            is_4s = rng.random() < 0.7
            kind = "4S" if is_4s else "Service"
            vals_list.append(
                {
                    "name": f"{city} Kia {kind} {code}",
                    "kia_dealer_type": "dealer_4s" if is_4s else "service_station",
                    "kia_dealer_code": code,
                    "kia_region_id": region_by_code[region_code].id,
                    "kia_hq_company_id": hq.id,
                    "currency_id": cny.id,
                    "resource_calendar_id": calendar.id,
                }
            )
            cities.append(province)
        companies = Company.create(vals_list)
        # Odoo creates a company's warehouse with its chart of accounts or onboarding only.
        Warehouse = self.env["stock.warehouse"]
        with_warehouse = Warehouse.search([("company_id", "in", companies.ids)]).company_id
        Warehouse.create(
            [
                {"name": company.name, "code": "WH", "company_id": company.id}
                for company in companies - with_warehouse
            ]
        )
        gen["hq"] = hq
        gen["companies"] = companies
        gen["province"] = dict(zip(companies.ids, cities, strict=True))
        gen["counts"]["res.company"] += len(companies)
        # Head office sees the whole network.
        hq_users = self.env.ref("kia_base.group_hq_officer").users
        hq_users.write({"company_ids": [fields.Command.link(c.id) for c in companies]})

    def _kia_gen_calendar(self):
        """One working week for every generated dealer (Monday to Saturday, as Chinese
        workshops open), shared rather than one copy per company."""
        Calendar = self.env["resource.calendar"]
        name = "Kia dealer week (generated)"
        calendar = Calendar.search([("name", "=", name), ("company_id", "=", False)], limit=1)
        if calendar:
            return calendar
        attendances = []
        for day in range(6):
            for period, hour_from, hour_to in (("morning", 8.5, 12.0), ("afternoon", 13.0, 17.5)):
                attendances.append(
                    fields.Command.create(
                        {
                            "name": f"{day} {period}",
                            "dayofweek": str(day),
                            "day_period": period,
                            "hour_from": hour_from,
                            "hour_to": hour_to,
                        }
                    )
                )
        return Calendar.create(
            {
                "name": name,
                "company_id": False,
                "tz": "Asia/Shanghai",
                "hours_per_day": 8.0,
                "attendance_ids": attendances,
            }
        )

    def _kia_gen_staff(self, gen):
        companies = gen["companies"]
        user_vals = []
        for company in companies:
            code = company.kia_dealer_code.lower()
            for role, group, count in STAFF:
                for index in range(1, count + 1):
                    user_vals.append(
                        {
                            "name": f"{company.kia_dealer_code} {role} {index}",
                            "login": f"{code}.{role}{index}",
                            "company_id": company.id,
                            "company_ids": [fields.Command.set(company.ids)],
                            "groups_id": [fields.Command.link(self.env.ref(group).id)],
                        }
                    )
        users = self.env["res.users"].create(user_vals)
        staff = defaultdict(lambda: defaultdict(list))
        for user in users:
            role = user.login.split(".")[1].rstrip("0123456789")
            staff[user.company_id.id][role].append(user.id)
        employees = self.env["hr.employee"].create(
            [
                {
                    "name": user.name,
                    "user_id": user.id,
                    "company_id": user.company_id.id,
                    "resource_calendar_id": user.company_id.resource_calendar_id.id,
                }
                for user in users
            ]
        )
        gen["staff"] = staff
        gen["counts"]["res.users"] += len(users)
        gen["counts"]["hr.employee"] += len(employees)

    def _kia_gen_catalog(self, gen):
        """Labor operations and parts of Kia's catalog (shared by every dealer)."""
        Operation = self.env["kia.labor.operation"]
        operations = Operation.search([("company_id", "=", False)])
        if len(operations) < 5:
            existing = set(operations.mapped("code"))
            operations |= Operation.create(
                [
                    {"code": code, "name": name, "hours": hours}
                    for code, name, hours in GEN_OPERATIONS
                    if code not in existing
                ]
            )
        gen["operations"] = [(op.id, op.display_name, op.hours or 1.0) for op in operations]
        Product = self.env["product.product"]
        parts = Product.search(
            [
                ("kia_part_number", "!=", False),
                ("is_storable", "=", True),
                ("company_id", "=", False),
            ]
        )
        if len(parts) < 50:
            existing = set(parts.mapped("kia_part_number"))
            vals_list = []
            for index in range(1, 101):
                number = f"GEN-P-{index:04d}"
                if number in existing:
                    continue
                cost = round(20 + (index * 37) % 800, 2)
                vals_list.append(
                    {
                        "name": f"Kia part {number}",
                        "kia_part_number": number,
                        "type": "consu",
                        "is_storable": True,
                        "standard_price": cost,
                        "list_price": round(cost * 1.35, 2),
                    }
                )
            parts |= Product.create(vals_list)
        gen["parts"] = [
            (p.id, p.display_name, p.uom_id.id, p.standard_price, p.lst_price) for p in parts
        ]
        labor = self.env.ref("kia_service.product_labor")
        gen["labor_product"] = (labor.id, labor.uom_id.id)
        gen["models"] = [
            (m.id, m.brand_id.id, m.name)
            for m in self.env["fleet.vehicle.model"].search(
                [("brand_id", "=", self.env.ref("fleet.brand_kia").id)]
            )
        ]
        if not gen["models"]:
            raise UserError(self.env._("The generator needs Kia vehicle models."))
        # What fleet copies from the model to each vehicle (its truthy values), read once.
        gen["model_values"] = {}
        for model in self.env["fleet.vehicle.model"].browse([m[0] for m in gen["models"]]):
            values = {}
            for model_field, vehicle_field in MODEL_FIELDS_TO_VEHICLE.items():
                value = model[model_field]
                if value:
                    values[vehicle_field] = (
                        value.id if isinstance(value, models.BaseModel) else value
                    )
            gen["model_values"][model.id] = values
        gen["defaults"] = {name: self._kia_defaults(name) for name in BULK_MODELS}
        # Fields the ORM fills through defaults that must not leak from the running user.
        for name in ("repair.order", "stock.picking", "helpdesk.ticket", "stock.move"):
            for key in ("user_id", "company_id", "picking_type_id", "name", "team_id"):
                gen["defaults"][name].pop(key, None)
        self.env.cr.execute("SELECT vin_sn FROM fleet_vehicle WHERE vin_sn IS NOT NULL")
        gen["vins"] = {row[0] for row in self.env.cr.fetchall()}
        gen["closed_stage"] = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", True)], order="sequence, id", limit=1
        )
        gen["open_stage"] = self.env["helpdesk.ticket.stage"].search(
            [("closed", "=", False)], order="sequence, id", limit=1
        )
        gen["supplier_location"] = self.env.ref("stock.stock_location_suppliers").id

    def _kia_gen_bulk(self, gen, vehicles, repairs):
        """The dealers' customers, vehicles and histories by COPY, foreign keys checked and
        indexes built once at the end."""
        with self._kia_checks_deferred(BULK_MODELS):
            self._kia_gen_dealers(gen, vehicles, repairs)
            started = time.time()
        gen["log"](
            f"kia_generate: indexes built and foreign keys checked in {time.time() - started:.1f}s"
        )

    def _kia_gen_dealers(self, gen, vehicles, repairs):
        rng = gen["rng"]
        companies = gen["companies"]
        weights = [rng.uniform(0.5, 1.5) for _c in companies]
        total_weight = sum(weights)
        vehicle_split = [max(1, int(vehicles * w / total_weight)) for w in weights]
        vehicle_split[-1] += vehicles - sum(vehicle_split)
        repair_split = [int(repairs * w / total_weight) for w in weights]
        repair_split[-1] += repairs - sum(repair_split)
        log = gen["log"]
        started = time.time()
        for index, company in enumerate(companies):
            self._kia_gen_dealer(gen, company, vehicle_split[index], repair_split[index])
            if (index + 1) % 10 == 0 or index + 1 == len(companies):
                log(
                    f"kia_generate: {index + 1}/{len(companies)} dealers, "
                    f"{gen['counts']['repair.order']} repair orders, "
                    f"{time.time() - started:.0f}s"
                )

    def _kia_gen_vin(self, gen, model_index, sale_date):
        rng = gen["rng"]
        while True:
            vds = "".join(rng.choice(VIN_CHARS) for _i in range(5))
            year = YEAR_CODES[(sale_date.year - 2001) % len(YEAR_CODES)]
            serial = f"{rng.randrange(1000000):06d}"
            body = f"LJD{vds}0{year}Y{serial}"
            vin = body[:8] + vin_check_digit(body) + body[9:]
            if vin not in gen["vins"]:
                gen["vins"].add(vin)
                return vin

    def _kia_gen_shared_vin(self, gen, company):
        """Now and then (shared_vin_rate) a car of another dealer comes to this one: its VIN
        again, in a file of this dealer (one network vehicle, two dealers' files)."""
        rng, pool = gen["rng"], gen.get("generated_vins")
        if not pool or rng.random() >= gen["shared_vin_rate"]:
            return False
        vin, company_id = pool[rng.randrange(len(pool))]
        shared = gen.setdefault("shared_vins", set())
        if company_id == company.id or vin in shared:
            return False
        shared.add(vin)
        gen["counts"]["shared VINs"] += 1
        return vin

    def _kia_gen_identities(self, gen):
        """One network vehicle per VIN, every dealer's file linked (set-based SQL); the
        files' related fields are recomputed with the other computed fields afterwards."""
        linked = self.env["kia.vehicle"]._kia_link_fleet_vehicles(recompute=False)
        self.env.cr.execute(SQL("SELECT count(*) FROM kia_vehicle"))
        gen["counts"]["kia.vehicle"] = self.env.cr.fetchone()[0]
        gen["log"](f"kia_generate: {linked} vehicle files linked to their network vehicle")

    def _kia_gen_customers(self, gen, company, vehicle_count):
        """Customers and their vehicles at one dealer (COPY); returns the vehicle ids, rows and
        {vehicle id: (sale date, daily km, owner id)}."""
        rng, today, defaults = gen["rng"], gen["today"], gen["defaults"]
        province = gen["province"][company.id]
        partner_ids = self._kia_reserve_ids("res.partner", vehicle_count)
        vehicle_ids = self._kia_reserve_ids("fleet.vehicle", vehicle_count)
        partners, vehicle_rows, sale_info = [], [], {}
        for partner_id, vehicle_id in zip(partner_ids, vehicle_ids, strict=True):
            name = rng.choice(SURNAMES) + "".join(
                rng.choice(GIVEN) for _i in range(rng.choice((1, 2)))
            )
            phone = f"1{rng.choice('35789')}{rng.randrange(10**9):09d}"
            partners.append(
                {
                    "id": partner_id,
                    "name": name,
                    "complete_name": name,
                    "company_id": company.id,
                    "commercial_partner_id": partner_id,
                    "partner_share": True,
                    "phone": phone,
                    "phone_sanitized": "+86" + phone,
                    "customer_rank": 1,
                    "type": "contact",
                    "active": True,
                }
            )
            model_id, brand_id, model_name = gen["models"][rng.randrange(len(gen["models"]))]
            sale_date = today - timedelta(days=rng.randrange(30, 365 * 6))
            plate = province + rng.choice(PLATE_LETTERS)
            plate += "".join(rng.choice(PLATE_CHARS) for _i in range(5))
            daily_km = rng.uniform(15, 90)
            sale_info[vehicle_id] = (sale_date, daily_km, partner_id)
            vehicle_rows.append(
                {
                    "id": vehicle_id,
                    "name": f"Kia/{model_name}/{plate}",
                    "model_id": model_id,
                    "brand_id": brand_id,
                    "company_id": company.id,
                    "vin_sn": self._kia_gen_shared_vin(gen, company)
                    or self._kia_gen_vin(gen, model_id, sale_date),
                    "license_plate": plate,
                    "kia_owner_id": partner_id,
                    "driver_id": partner_id,
                    "kia_sale_date": sale_date,
                    "acquisition_date": sale_date,
                    "kia_selling_company_id": company.id,
                    "kia_engine_no": f"G4{rng.randrange(10**8):08d}",
                    "active": True,
                    # related to the driver's flags, False on a new partner
                    "plan_to_change_car": False,
                    "plan_to_change_bike": False,
                    **gen["model_values"][model_id],
                }
            )
        gen.setdefault("generated_vins", []).extend(
            (row["vin_sn"], company.id) for row in vehicle_rows
        )
        self._kia_copy("res.partner", partners, defaults["res.partner"])
        self._kia_copy("fleet.vehicle", vehicle_rows, defaults["fleet.vehicle"])
        gen["counts"]["res.partner"] += len(partners)
        gen["counts"]["fleet.vehicle"] += len(vehicle_rows)
        gen.setdefault("vehicle_ids", []).extend(vehicle_ids)

        return vehicle_ids, vehicle_rows, sale_info

    def _kia_gen_dealer(self, gen, company, vehicle_count, repair_count):
        """Customers, vehicles and the whole repair history of one dealer."""
        rng = gen["rng"]
        today = gen["today"]
        defaults = gen["defaults"]
        window_start = today - timedelta(days=30 * gen["months"])
        staff = gen["staff"][company.id]
        code = company.kia_dealer_code
        warehouse = self.env["stock.warehouse"].search([("company_id", "=", company.id)], limit=1)
        picking_type = warehouse.repair_type_id
        template = (
            self.env["repair.order"].with_company(company).new({"picking_type_id": picking_type.id})
        )
        locations = {
            name: template[name].id
            for name in (
                "location_id",
                "location_dest_id",
                "product_location_src_id",
                "product_location_dest_id",
                "parts_location_id",
                "recycle_location_id",
            )
        }
        stock_location = warehouse.lot_stock_id.id
        rate = company.kia_labor_hourly_rate
        labor_product, labor_uom = gen["labor_product"]
        comeback_days = company.kia_comeback_days
        followup_days = company.kia_followup_days

        vehicle_ids, vehicle_rows, sale_info = self._kia_gen_customers(gen, company, vehicle_count)

        # Repair visits per vehicle, in date order so the odometer only goes up.
        visits = defaultdict(list)
        for _i in range(repair_count):
            vehicle_id = vehicle_ids[rng.randrange(len(vehicle_ids))]
            sale_date = sale_info[vehicle_id][0]
            first = max(window_start, sale_date + timedelta(days=1))
            span = (today - first).days
            visits[vehicle_id].append(first + timedelta(days=rng.randrange(max(span, 1))))
        ro_ids = iter(self._kia_reserve_ids("repair.order", repair_count))
        odometer_rows, ro_rows, service_rows, job_rows, time_rows = [], [], [], [], []
        move_rows, ticket_rows, claim_rows, claim_line_rows = [], [], [], []
        lost_sale_rows = []
        issued = defaultdict(float)  # (month, product) -> quantity issued
        d = {
            "company": company,
            "code": code,
            "staff": staff,
            "locations": locations,
            "picking_type": picking_type,
            "rate": rate,
            "labor": (labor_product, labor_uom),
            "comeback_days": comeback_days,
            "followup_days": followup_days,
            "sale_info": sale_info,
            "ro_ids": ro_ids,
            "sequence": 0,
            "issued": issued,
            "rows": {
                "odometer": odometer_rows,
                "ro": ro_rows,
                "service": service_rows,
                "job": job_rows,
                "time": time_rows,
                "move": move_rows,
                "ticket": ticket_rows,
                "claim": claim_rows,
                "claim_line": claim_line_rows,
                "lost_sale": lost_sale_rows,
            },
        }
        for vehicle_id in sorted(visits):
            previous = None
            for day in sorted(visits[vehicle_id]):
                previous = self._kia_gen_visit(gen, d, vehicle_id, day, previous)

        # Odometer readings: the sale reading (km at delivery of the new car) and one per visit.
        vehicle_names = {row["id"]: (row["name"], row["vin_sn"]) for row in vehicle_rows}
        for vehicle_id, (sale_date, _daily, _partner) in sale_info.items():
            odometer_rows.append({"vehicle_id": vehicle_id, "date": sale_date, "value": 10.0})
        odometer_ids = self._kia_reserve_ids("fleet.vehicle.odometer", len(odometer_rows))
        for reading_id, row in zip(odometer_ids, odometer_rows, strict=True):
            row["id"] = reading_id
            row["name"] = f"{vehicle_names[row['vehicle_id']][0]} / {row['date']}"
        for ro in ro_rows:
            ro["kia_odometer_id"] = odometer_ids[ro["kia_odometer_id"]]
        self._kia_copy("fleet.vehicle.odometer", odometer_rows, defaults["fleet.vehicle.odometer"])
        self._kia_copy("repair.order", ro_rows, defaults["repair.order"])

        service_ids = self._kia_reserve_ids("repair.service", len(service_rows))
        for service_id, row in zip(service_ids, service_rows, strict=True):
            row["id"] = service_id
        self._kia_copy("repair.service", service_rows, defaults["repair.service"])
        job_ids = self._kia_reserve_ids("kia.repair.job", len(job_rows))
        for job_id, row in zip(job_ids, job_rows, strict=True):
            row["id"] = job_id
            row["service_id"] = service_ids[row.pop("service")]
        self._kia_copy("kia.repair.job", job_rows, defaults["kia.repair.job"])
        time_ids = self._kia_reserve_ids("kia.repair.job.time", len(time_rows))
        for time_id, row in zip(time_ids, time_rows, strict=True):
            row["id"] = time_id
            row["job_id"] = job_ids[row.pop("job")]
        self._kia_copy("kia.repair.job.time", time_rows, defaults["kia.repair.job.time"])

        # Parts receipts from head office, one per month, covering what the month issued.
        receipt_rows = self._kia_gen_receipts(gen, company, warehouse, stock_location, issued)
        move_rows += receipt_rows
        move_ids = self._kia_reserve_ids("stock.move", len(move_rows))
        for move_id, row in zip(move_ids, move_rows, strict=True):
            row["id"] = move_id
        move_line_rows = self._kia_gen_move_lines(company, move_rows)
        self._kia_copy("stock.move", move_rows, defaults["stock.move"])
        move_line_ids = self._kia_reserve_ids("stock.move.line", len(move_line_rows))
        for line_id, row in zip(move_line_ids, move_line_rows, strict=True):
            row["id"] = line_id
        self._kia_copy("stock.move.line", move_line_rows, defaults["stock.move.line"])
        layer_rows = self._kia_gen_layers(company, move_rows, stock_location)
        self._kia_copy("stock.valuation.layer", layer_rows, defaults["stock.valuation.layer"])
        self._kia_copy("kia.parts.lost.sale", lost_sale_rows, defaults["kia.parts.lost.sale"])

        ticket_ids = self._kia_reserve_ids("helpdesk.ticket", len(ticket_rows))
        for ticket_id, row in zip(ticket_ids, ticket_rows, strict=True):
            row["id"] = ticket_id
            row.pop("ro")
        self._kia_copy("helpdesk.ticket", ticket_rows, defaults["helpdesk.ticket"])
        if ticket_rows:
            self.env.cr.execute(
                SQL(
                    """UPDATE repair_order ro SET kia_ticket_id = t.id
                         FROM helpdesk_ticket t
                        WHERE t.kia_repair_id = ro.id AND t.id = ANY(%s)""",
                    ticket_ids,
                )
            )
        gen.setdefault("ticket_ids", []).extend(ticket_ids)

        claim_ids = self._kia_reserve_ids("kia.warranty.claim", len(claim_rows))
        for claim_id, row in zip(claim_ids, claim_rows, strict=True):
            row["id"] = claim_id
            row["vin"] = vehicle_names[row["vehicle_id"]][1]
        self._kia_copy("kia.warranty.claim", claim_rows, defaults["kia.warranty.claim"])
        claim_line_ids = self._kia_reserve_ids("kia.warranty.claim.line", len(claim_line_rows))
        for line_id, row in zip(claim_line_ids, claim_line_rows, strict=True):
            row["id"] = line_id
            row["claim_id"] = claim_ids[row.pop("claim")]
        self._kia_copy(
            "kia.warranty.claim.line", claim_line_rows, defaults["kia.warranty.claim.line"]
        )

        counts = gen["counts"]
        counts["fleet.vehicle.odometer"] += len(odometer_rows)
        counts["repair.order"] += len(ro_rows)
        counts["repair.service"] += len(service_rows)
        counts["kia.repair.job"] += len(job_rows)
        counts["kia.repair.job.time"] += len(time_rows)
        counts["stock.move"] += len(move_rows)
        counts["stock.move.line"] += len(move_line_rows)
        counts["helpdesk.ticket"] += len(ticket_rows)
        counts["kia.warranty.claim"] += len(claim_rows)
        counts["kia.warranty.claim.line"] += len(claim_line_rows)
        counts["stock.valuation.layer"] += len(layer_rows)
        counts["kia.parts.lost.sale"] += len(lost_sale_rows)

    def _kia_gen_visit(self, gen, d, vehicle_id, day, previous):
        """One repair visit: the repair order, its labor lines, jobs and time logs, then its
        parts, follow-up and claim. Returns what the vehicle's next visit needs to know."""
        rng, today, company, code = gen["rng"], gen["today"], d["company"], d["code"]
        staff, locations, picking_type, rate = (
            d["staff"],
            d["locations"],
            d["picking_type"],
            d["rate"],
        )
        labor_product, labor_uom = d["labor"]
        comeback_days = d["comeback_days"]
        sale_date, daily_km, partner_id = d["sale_info"][vehicle_id]
        ro_ids = d["ro_ids"]
        rows = d["rows"]
        odometer_rows, ro_rows = rows["odometer"], rows["ro"]
        service_rows, job_rows, time_rows = rows["service"], rows["job"], rows["time"]
        d["sequence"] += 1
        sequence = d["sequence"]
        ro_id = next(ro_ids)
        name = f"{code}/RO/{sequence:07d}"
        odometer = round((day - sale_date).days * daily_km + rng.uniform(0, 50))
        # Two visits on one day still read in order.
        odometer = max(odometer, previous["odometer"] + 1 if previous else 11)
        reception = datetime.combine(day, datetime.min.time()) + timedelta(
            hours=rng.uniform(8.5, 16.0)
        )
        reception -= UTC_OFFSET
        is_comeback = bool(
            previous
            and previous["delivery"]
            and (reception - previous["delivery"]).days <= comeback_days
            and rng.random() < 0.4
        )
        if is_comeback:
            ro_type = "general"
        elif (day - sale_date).days <= 90 and not previous:
            ro_type = "first_free"
        else:
            ro_type = rng.choices(*zip(*RO_TYPE_WEIGHTS, strict=True))[0]
        payment = {
            "warranty": "warranty",
            "first_free": "warranty",
            "campaign": "warranty",
            "internal": "internal",
        }.get(ro_type, "customer")
        # Labor lines.
        if is_comeback:
            operations = [previous["operation"]]
        else:
            operations = rng.sample(gen["operations"], rng.choice((1, 1, 2, 3)))
        hours_sold = sum(op[2] for op in operations)
        efficiency = rng.uniform(0.75, 1.3)
        clocked = hours_sold / efficiency
        confirm = reception + timedelta(minutes=rng.randrange(5, 20))
        start = confirm + timedelta(minutes=rng.randrange(10, 90))
        done = start + timedelta(hours=clocked)
        promised = reception + timedelta(hours=hours_sold + rng.uniform(1.5, 4.0))
        is_open = (today - day).days < 2 and rng.random() < 0.5
        cancelled = not is_open and rng.random() < 0.01
        state = "under_repair" if is_open else ("cancel" if cancelled else "done")
        delivered = state == "done"
        delivery = done + timedelta(minutes=rng.randrange(10, 90)) if delivered else None
        advisor = rng.choice(staff["advisor"])
        technician = rng.choice(staff["tech"])
        odometer_id = len(odometer_rows)
        odometer_rows.append({"vehicle_id": vehicle_id, "date": day, "value": odometer})
        ro = {
            "id": ro_id,
            "name": name,
            "company_id": company.id,
            "state": state,
            "picking_type_id": picking_type.id,
            **locations,
            "partner_id": partner_id,
            "vehicle_id": vehicle_id,
            "user_id": advisor,
            "schedule_date": reception,
            "product_qty": 1.0,
            "kia_ro_type": ro_type,
            "kia_payment_type": payment,
            "kia_wty_claim_type": {
                "warranty": "warranty",
                "first_free": "first_maintenance",
                "campaign": "campaign",
            }.get(ro_type),
            "kia_wty_reception_date": reception,
            "kia_odometer_in": odometer,
            "kia_odometer_id": odometer_id,  # replaced by the reading's id below
            "kia_promised_date": promised,
            "kia_approved_date": confirm,
            "kia_confirm_date": confirm,
            "kia_start_date": start,
            "kia_done_date": done if state == "done" else None,
            "kia_cancel_date": start if cancelled else None,
            "kia_qc_state": "passed" if delivered else None,
            "kia_qc_user_id": rng.choice(staff["qc"]) if delivered else None,
            "kia_qc_date": done if delivered else None,
            "kia_delivery_date": delivery,
            "kia_on_time": bool(delivered and delivery <= promised),
            "kia_old_parts": "returned" if delivered else None,
            "kia_comeback_of_id": previous["id"] if is_comeback else None,
            "is_parts_available": False,
            "is_parts_late": False,
        }
        ro_rows.append(ro)
        amount = 0.0
        for op_id, op_name, op_hours in operations:
            payer = payment if payment != "customer" else "customer"
            price = rate if payer == "customer" else 0.0
            service = {
                "repair_id": ro_id,
                "product_id": labor_product,
                "product_uom": labor_uom,
                "display_name": op_name,
                "product_uom_qty": op_hours,
                "kia_payer": payer,
                "kia_price_unit": price,
                "kia_amount": price * op_hours,
                "kia_labor_operation_id": op_id,
                "kia_approval_state": "approved",
                "kia_vehicle_id": vehicle_id,
            }
            amount += price * op_hours
            service_rows.append(service)
            share = clocked * op_hours / hours_sold
            job_done = state == "done"
            job_rows.append(
                {
                    "service": len(service_rows) - 1,
                    "name": op_name,
                    "company_id": company.id,
                    "repair_id": ro_id,
                    "labor_operation_id": op_id,
                    "vehicle_id": vehicle_id,
                    "promised_date": promised,
                    "technician_id": technician,
                    "state": "done" if job_done else ("cancel" if cancelled else "in_progress"),
                    "is_additional": False,
                    "planned_hours": op_hours,
                    # clocked so far: a running clock counts once it stops
                    "actual_hours": share if job_done else 0.0,
                    "self_check_user_id": technician if job_done else None,
                    "self_check_date": done if job_done else None,
                    "foreman_check_user_id": staff["foreman"][0] if job_done else None,
                    "foreman_check_date": done if job_done else None,
                }
            )
            if not cancelled:
                stop = start + timedelta(hours=share) if job_done or not is_open else None
                time_rows.append(
                    {
                        "job": len(job_rows) - 1,
                        "company_id": company.id,
                        "user_id": technician,
                        "date_start": start,
                        "date_stop": stop if job_done else None,
                        "duration": share if job_done else 0.0,
                    }
                )
        amount_parts, parts_cost = self._kia_gen_parts(gen, d, ro, day, ro_type)
        ro["kia_estimate_amount"] = amount + amount_parts
        self._kia_gen_followup(gen, d, ro, day)
        self._kia_gen_claim(gen, d, ro, day, operations, parts_cost)
        return {
            "id": ro_id,
            "odometer": odometer,
            "delivery": delivery,
            "operation": operations[0],
        }

    def _kia_gen_parts(self, gen, d, ro, day, ro_type):
        """Parts issued from stock to the repair; returns their sale amount and cost."""
        rng, company = gen["rng"], d["company"]
        locations, picking_type = d["locations"], d["picking_type"]
        move_rows, issued = d["rows"]["move"], d["issued"]
        ro_id, name, state = ro["id"], ro["name"], ro["state"]
        cancelled = state == "cancel"
        done, reception = ro["kia_done_date"], ro["schedule_date"]
        amount = 0.0
        # Parts issued from stock to the repair.
        part_count = 0 if ro_type == "internal" or cancelled else rng.choice((0, 1, 1, 2, 3))
        parts_cost = 0.0
        for part in rng.sample(gen["parts"], part_count):
            product_id, product_name, uom_id, cost, price = part
            qty = float(rng.choice((1, 1, 1, 2, 4)))
            amount += price * qty
            parts_cost += cost * qty
            move_done = state == "done"
            move_rows.append(
                {
                    "name": product_name,
                    "company_id": company.id,
                    "product_id": product_id,
                    "product_uom": uom_id,
                    "product_uom_qty": qty,
                    "product_qty": qty,
                    "quantity": qty if move_done else 0.0,
                    # as repair's "add" lines move them: the repair's location to production
                    "location_id": locations["location_id"],
                    "location_dest_id": locations["location_dest_id"],
                    "location_final_id": None,
                    "state": "done" if move_done else "confirmed",
                    "date": done if move_done else reception,
                    "repair_id": ro_id,
                    "repair_line_type": "add",
                    "procure_method": "make_to_stock",
                    "reference": name,
                    "origin": name,
                    "picked": move_done,
                    "price_unit": cost,
                    "picking_type_id": picking_type.id,
                }
            )
            if move_done:
                issued[(day.strftime("%Y-%m"), part)] += qty
            if rng.random() < LOST_SALE_RATE:
                # Not on the shelf when asked for: recorded, then fitted once it came.
                d["rows"]["lost_sale"].append(
                    {
                        "company_id": company.id,
                        "date": reception,
                        "product_id": product_id,
                        "quantity": qty,
                        "repair_id": ro_id,
                        "partner_id": ro["partner_id"],
                        "expected_date": (reception + timedelta(days=2)).date(),
                        "customer_informed": True,
                    }
                )
        return amount, parts_cost

    def _kia_gen_followup(self, gen, d, ro, day):
        """Follow-up call, satisfaction and, for an unhappy customer, a complaint."""
        rng, today, company, code = gen["rng"], gen["today"], d["company"], d["code"]
        staff = d["staff"]
        followup_days = d["followup_days"]
        ro_rows, ticket_rows = d["rows"]["ro"], d["rows"]["ticket"]
        ro_id, name, delivery = ro["id"], ro["name"], ro["kia_delivery_date"]
        partner_id, vehicle_id = ro["partner_id"], ro["vehicle_id"]
        delivered = bool(delivery)
        # Follow-up, satisfaction, complaint.
        if delivered and (today - day).days > followup_days:
            reached = rng.random() < 0.9
            satisfaction = (
                rng.choices(*zip(*SATISFACTION_WEIGHTS, strict=True))[0] if reached else None
            )
            ro.update(
                {
                    "kia_followup_state": "done" if reached else "unreachable",
                    "kia_followup_user_id": rng.choice(staff["cr"]),
                    "kia_followup_date": (
                        delivery + timedelta(days=followup_days) if reached else None
                    ),
                    "kia_unreachable_count": 0 if reached else 1,
                    "kia_satisfaction": satisfaction,
                }
            )
            if satisfaction in ("1", "2"):
                # The follow-up call that found the customer unhappy, at 10:00 local time.
                received = (
                    datetime.combine(
                        (delivery + UTC_OFFSET).date() + timedelta(days=followup_days),
                        datetime.min.time(),
                    )
                    + timedelta(hours=10)
                    - UTC_OFFSET
                )
                closed = received + timedelta(days=rng.randrange(1, 20))
                is_closed = closed.date() < today
                ticket_rows.append(
                    {
                        "ro": len(ro_rows) - 1,
                        "number": f"{code}/CP/{len(ticket_rows) + 1:06d}",
                        "name": f"Unsatisfied customer after {name}",
                        "description": f"<p>Follow-up of {name}: customer unsatisfied.</p>",
                        "company_id": company.id,
                        "partner_id": partner_id,
                        "commercial_partner_id": partner_id,
                        "kia_is_complaint": True,
                        "kia_complaint_source": "follow_up",
                        "kia_vehicle_id": vehicle_id,
                        "kia_repair_id": ro_id,
                        "kia_received_date": received,
                        "stage_id": (gen["closed_stage"].id if is_closed else gen["open_stage"].id),
                        "closed_date": closed if is_closed else None,
                        "last_stage_update": closed if is_closed else received,
                        "active": True,
                    }
                )
        elif delivered:
            ro["kia_followup_state"] = "pending"
            ro["kia_followup_user_id"] = rng.choice(staff["cr"])

    def _kia_gen_claim(self, gen, d, ro, day, operations, parts_cost):
        """Warranty, first maintenance and campaign claims to head office."""
        rng, today, company, code = gen["rng"], gen["today"], d["company"], d["code"]
        rate = d["rate"]
        claim_rows, claim_line_rows = d["rows"]["claim"], d["rows"]["claim_line"]
        ro_id, vehicle_id, done = ro["id"], ro["vehicle_id"], ro["kia_done_date"]
        odometer, delivered = ro["kia_odometer_in"], bool(ro["kia_delivery_date"])
        # Warranty, first maintenance and campaign claims to head office.
        if delivered and ro["kia_wty_claim_type"]:
            age = (today - day).days
            claim_state = "settled" if age > 60 else ("approved" if age > 20 else "submitted")
            if rng.random() < 0.04:
                claim_state = "rejected"
            labor_hours = sum(op[2] for op in operations)
            claim_rows.append(
                {
                    "name": f"{code}/WC/{len(claim_rows) + 1:07d}",
                    "company_id": company.id,
                    "state": claim_state,
                    "claim_type": ro["kia_wty_claim_type"],
                    "repair_id": ro_id,
                    "vehicle_id": vehicle_id,
                    "vin": None,  # filled below from the vehicle row
                    "repair_date": done.date(),
                    "odometer": int(odometer),
                    "amount_total": labor_hours * rate + parts_cost,
                    "amount_approved": (
                        labor_hours * rate + parts_cost
                        if claim_state in ("approved", "settled")
                        else 0.0
                    ),
                    "submit_date": (done + timedelta(days=2)).date(),
                }
            )
            claim_line_rows.append(
                {
                    "claim": len(claim_rows) - 1,
                    "line_type": "labor",
                    "name": operations[0][1],
                    "hours": labor_hours,
                    "price_unit": rate,
                    "quantity": 1.0,
                    "amount": labor_hours * rate,
                    "company_id": company.id,
                }
            )
            if parts_cost:
                claim_line_rows.append(
                    {
                        "claim": len(claim_rows) - 1,
                        "line_type": "part",
                        "name": "Parts",
                        "quantity": 1.0,
                        "price_unit": parts_cost,
                        "amount": parts_cost,
                        "company_id": company.id,
                    }
                )

    @api.model
    def _kia_gen_move_lines(self, company, move_rows):
        """The move line of each done stock move."""
        return [
            {
                "move_id": row["id"],
                "picking_id": row.get("picking_id"),
                "company_id": company.id,
                "product_id": row["product_id"],
                "product_uom_id": row["product_uom"],
                "location_id": row["location_id"],
                "location_dest_id": row["location_dest_id"],
                "quantity": row["quantity"],
                "quantity_product_uom": row["quantity"],
                "date": row["date"],
                "state": "done",
                "picked": True,
                "reference": row["reference"],
            }
            for row in move_rows
            if row["state"] == "done"
        ]

    @api.model
    def _kia_gen_layers(self, company, move_rows, stock_location):
        """The valuation layer of each done move at the part's standard cost: receipts into
        the dealer's stock add value, issues to repairs take it out."""
        layers = []
        for row in move_rows:
            if row["state"] != "done":
                continue
            sign = 1 if row["location_dest_id"] == stock_location else -1
            quantity = sign * row["quantity"]
            value = round(quantity * row["price_unit"], 2)
            layers.append(
                {
                    "company_id": company.id,
                    "product_id": row["product_id"],
                    "stock_move_id": row["id"],
                    "description": row["reference"],
                    "quantity": quantity,
                    "unit_cost": row["price_unit"],
                    "value": value,
                    "remaining_qty": quantity if sign > 0 else 0.0,
                    "remaining_value": value if sign > 0 else 0.0,
                    "create_date": row["date"],
                }
            )
        return layers

    def _kia_gen_receipts(self, gen, company, warehouse, stock_location, issued):
        """One receipt picking per month from head office's warehouse; returns its moves."""
        rng = gen["rng"]
        months = sorted({month for month, _part in issued})
        picking_ids = self._kia_reserve_ids("stock.picking", len(months))
        picking_by_month = dict(zip(months, picking_ids, strict=True))
        hq_partner = gen["hq"].partner_id.id
        in_type = warehouse.in_type_id.id
        pickings, moves = [], []
        for month in months:
            first_day = datetime.strptime(month + "-01", "%Y-%m-%d") + timedelta(hours=1)
            name = f"{warehouse.code}/IN/GEN/{month}"
            pickings.append(
                {
                    "id": picking_by_month[month],
                    "name": name,
                    "origin": f"{company.kia_dealer_code} {month}",
                    "company_id": company.id,
                    "partner_id": hq_partner,
                    "picking_type_id": in_type,
                    "location_id": gen["supplier_location"],
                    "location_dest_id": stock_location,
                    "move_type": "direct",
                    "state": "done",
                    "scheduled_date": first_day,
                    "date": first_day,
                    "date_done": first_day,
                    "priority": "0",
                }
            )
        for (month, part), qty in sorted(issued.items()):
            product_id, product_name, uom_id, cost, _price = part
            first_day = datetime.strptime(month + "-01", "%Y-%m-%d") + timedelta(hours=1)
            quantity = qty + rng.randrange(0, 4)
            moves.append(
                {
                    "name": product_name,
                    "company_id": company.id,
                    "product_id": product_id,
                    "product_uom": uom_id,
                    "product_uom_qty": quantity,
                    "product_qty": quantity,
                    "quantity": quantity,
                    "location_id": gen["supplier_location"],
                    "location_dest_id": stock_location,
                    "location_final_id": None,
                    "state": "done",
                    "date": first_day,
                    "repair_id": None,
                    "repair_line_type": None,
                    "procure_method": "make_to_stock",
                    "reference": f"{warehouse.code}/IN/GEN/{month}",
                    "origin": None,
                    "picked": True,
                    "price_unit": cost,
                    "picking_type_id": in_type,
                    "picking_id": picking_by_month[month],
                    "partner_id": hq_partner,
                }
            )
        self._kia_copy("stock.picking", pickings, gen["defaults"]["stock.picking"])
        gen["counts"]["stock.picking"] += len(pickings)
        return moves

    def _kia_gen_quants(self, gen):
        """On-hand stock of the generated dealers = receipts − issues, in one statement."""
        company_ids = gen["companies"].ids
        self.env.cr.execute(
            SQL(
                """
                INSERT INTO stock_quant (product_id, location_id, company_id, quantity,
                                         reserved_quantity, in_date, create_uid, write_uid,
                                         create_date, write_date)
                SELECT flows.product_id, flows.location_id, flows.company_id, SUM(flows.quantity),
                       0, MIN(flows.date),
                       %(uid)s, %(uid)s, NOW() AT TIME ZONE 'UTC', NOW() AT TIME ZONE 'UTC'
                  FROM (
                        SELECT product_id, location_dest_id AS location_id, company_id,
                               quantity, date
                          FROM stock_move_line
                         WHERE state = 'done' AND company_id = ANY(%(companies)s)
                        UNION ALL
                        SELECT product_id, location_id, company_id, -quantity, date
                          FROM stock_move_line
                         WHERE state = 'done' AND company_id = ANY(%(companies)s)
                       ) AS flows
                  JOIN stock_location loc ON loc.id = flows.location_id
                 WHERE loc.usage = 'internal'
                 GROUP BY flows.product_id, flows.location_id, flows.company_id
                """,
                uid=self.env.uid,
                companies=company_ids,
            )
        )
        gen["counts"]["stock.quant"] += self.env.cr.rowcount

    def _kia_gen_capacity(self, gen):
        """Technicians' available hours per month from their working schedules (the KPI
        layer's nightly job, run once over the whole history)."""
        today = gen["today"]
        records = self.env["kia.technician.capacity"]._kia_compute(
            gen["companies"], today - timedelta(days=30 * gen["months"]), today
        )
        gen["counts"]["kia.technician.capacity"] += len(records)

    def _kia_gen_recompute(self, gen):
        """Stored computed fields of vehicles (model data, care and warranty dates) and of
        complaints (deadlines) through the ORM in batches."""
        Vehicle = self.env["fleet.vehicle"]
        # Drivers are customers, not employees: the fleet's employee-driver fields (and the
        # employee's mobility card, two searches per vehicle in hr_fleet) stay empty.
        filled = {
            "name",
            "brand_id",
            "driver_employee_id",
            "future_driver_employee_id",
            "mobility_card",
            "plan_to_change_car",
            "plan_to_change_bike",
            *MODEL_FIELDS_TO_VEHICLE.values(),  # copied from the model in the rows
        }
        fnames = [
            name
            for name, field in Vehicle._fields.items()
            if field.store and field.compute and name not in filled and not name.startswith("image")
        ]
        self._kia_recompute("fleet.vehicle", gen.get("vehicle_ids", []), fnames)
        Ticket = self.env["helpdesk.ticket"]
        fnames = [
            name
            for name in (
                "kia_first_contact_deadline",
                "kia_resolution_deadline",
                "kia_days_to_close",
            )
            if name in Ticket._fields
        ]
        self._kia_recompute("helpdesk.ticket", gen.get("ticket_ids", []), fnames)
