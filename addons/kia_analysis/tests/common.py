from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command

from odoo.addons.kia_base.tests.common import KiaBaseCase

MONTH = date(2026, 3, 1)


class KiaAnalysisCase(KiaBaseCase):
    """KiaBaseCase's network with one month of after-sales work, made by hand so that each
    KPI can be computed on paper (see test_kpi_values). Needs no demo data.

    Dealer A, March 2026 (labour rate 300 ¥/h, labour cost 60 ¥/h):
      RO1 general, customer: brake 1.2 h + oil 0.5 h, one part (list 50, cost 30),
          delivered on time, reached, very satisfied;
      RO2 periodic, customer: oil 0.5 h, delivered late, follow-up unreachable;
      RO3 general, comeback of RO1: brake 1.2 h, on time, reached, unsatisfied;
      RO4 warranty: brake 1.2 h paid by warranty, claim approved for 800, on time,
          follow-up still to call;
      RO5 general, customer: oil 0.5 h, delivered in February (another month);
      RO6 still in repair (not counted).
      RO1 and RO3 came from appointments; RO2 and RO4 each have a declined job, RO2's done
          later by RO3;
      Jobs clocked 1.5 + 0.5 + 1.0 + 1.0 h in March (one job a day: attended = clocked); one
      complaint in March; one part line lost (out of stock); 10 parts put in stock at cost 30.
      One technician on the company's standard 40 h week, one day of time off in March.
    Dealer B, March 2026 (labour rate 200 ¥/h): RO7 general, oil 0.5 h, delivered on time.

    The books (l10n_cn, prices VAT included at 13 %): each delivered repair order's customer
    lines are invoiced and posted on its delivery day, one line per labour line and per part;
    RO4's claim is settled on 18 March (the dealer's invoice to head office). Revenue is the
    income of those invoices, VAT excluded (``net``).
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        user = cls.make_user
        cls.manager_b = user("t_manager_b", "kia_base.group_service_manager", cls.dealer_b)
        cls.dealer_a.write({"kia_labor_hourly_rate": 300.0, "kia_labor_cost_rate": 60.0})
        cls.dealer_b.write({"kia_labor_hourly_rate": 200.0, "kia_labor_cost_rate": 50.0})
        Operation = cls.env["kia.labor.operation"]
        cls.op_oil = Operation.create({"code": "T-OIL", "name": "Oil change", "hours": 0.5})
        cls.op_brake = Operation.create(
            {
                "code": "T-BRK",
                "name": "Front brake pads",
                "hours": 1.0,
                "time_ids": [Command.create({"model_id": cls.kia_model.id, "hours": 1.2})],
            }
        )
        cls.part = cls.env["product.product"].create(
            {
                "name": "Oil filter",
                "type": "consu",
                "is_storable": True,
                "list_price": 50.0,
                "kia_part_number": "T26300-35505",
                "kia_dealer_price": 30.0,
            }
        )
        cls.part.with_company(cls.dealer_a).standard_price = 30.0
        cls.stock_a = (
            cls.env["stock.warehouse"]
            .search([("company_id", "=", cls.dealer_a.id)], limit=1)
            .lot_stock_id
        )
        # Revenue is read from the books: every company keeps them (the claim's settlement
        # invoice is mirrored as head office's bill).
        for company in (cls.hq, cls.dealer_a, cls.dealer_b):
            cls.env["account.chart.template"].try_loading("cn", company=company, install_demo=False)
        hour = cls.env.ref("uom.product_uom_hour")
        cls.labor = cls.env["product.product"].create(
            {"name": "Labour", "type": "service", "uom_id": hour.id, "uom_po_id": hour.id}
        )
        cls.vehicle_a = cls.create_vehicle(cls.advisor_a, cls.customer_a, 801)
        cls.vehicle_b = cls.create_vehicle(cls.advisor_b, cls.customer_b, 802)
        cls._make_stock()
        cls._make_repairs()
        cls._make_invoices()
        cls._make_capacity()

    @classmethod
    def at(cls, day, hour=10, minute=0, month=MONTH):
        return datetime(month.year, month.month, day, hour, minute)

    @classmethod
    def net(cls, company, gross):
        """The income of a line of ``gross`` (VAT included) at the company's sales VAT."""
        rate = company.account_sale_tax_id.amount
        return company.currency_id.round(gross / (1 + rate / 100))

    @classmethod
    def invoice(cls, repair, lines, move_type="out_invoice", post=True, day=None):
        """The customer's invoice (or credit note) of ``repair``: ``lines`` [(product, qty,
        price VAT included)], dated ``day`` (by default the delivery day)."""
        company = repair.company_id
        move = (
            cls.env["account.move"]
            .with_company(company)
            .create(
                {
                    "move_type": move_type,
                    "company_id": company.id,
                    "partner_id": repair.partner_id.id,
                    "invoice_date": day or repair.kia_delivery_date.date(),
                    "kia_repair_id": repair.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "quantity": qty,
                                "price_unit": price,
                                "tax_ids": [Command.set(company.account_sale_tax_id.ids)],
                            }
                        )
                        for product, qty, price in lines
                    ],
                }
            )
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _make_invoices(cls):
        """Each delivered repair order's customer lines, invoiced and posted; RO4's claim
        settled."""
        for repair in cls.ro1 | cls.ro2 | cls.ro3 | cls.ro5 | cls.ro7:
            services = repair.repair_service_ids.filtered(
                lambda rs: rs.kia_payer == "customer" and rs.kia_approval_state != "declined"
            )
            lines = [(cls.labor, 1, rs.kia_amount) for rs in services]
            lines += [(move.product_id, move.product_uom_qty, 50.0) for move in repair.move_ids]
            cls.invoice(repair, lines)
        with freeze_time("2026-03-18 10:00:00"):
            cls.claim.with_context(kia_wty_skip_pdf=True).action_settle()

    @classmethod
    def _make_stock(cls):
        quant = (
            cls.env["stock.quant"]
            .with_company(cls.dealer_a)
            .with_context(inventory_mode=True)
            .create(
                {"product_id": cls.part.id, "location_id": cls.stock_a.id, "inventory_quantity": 10}
            )
        )
        quant.action_apply_inventory()
        cls.env["stock.move"].search(
            [("product_id", "=", cls.part.id), ("state", "=", "done")]
        ).write({"date": cls.at(1, 8)})

    @classmethod
    def make_ro(cls, vehicle, operations, delivered=None, parts=0, **vals):
        company = vehicle.company_id
        repair = (
            cls.env["repair.order"]
            .with_company(company)
            .create(
                {
                    "vehicle_id": vehicle.id,
                    "partner_id": vehicle.kia_owner_id.id,
                    "company_id": company.id,
                    "repair_service_ids": [
                        Command.create(
                            {
                                "kia_labor_operation_id": operation.id,
                                "kia_payer": payer,
                                "product_uom_qty": operation._get_hours(vehicle.model_id),
                            }
                        )
                        for operation, payer in operations
                    ],
                    "move_ids": [
                        Command.create(
                            {
                                "repair_line_type": "add",
                                "product_id": cls.part.id,
                                "product_uom_qty": parts,
                            }
                        )
                    ]
                    if parts
                    else [],
                }
            )
        )
        if parts:
            moves = repair.move_ids
            moves._action_confirm()
            moves._action_assign()
            moves.picked = True
            moves._action_done()
            moves.write({"date": delivered})
        if delivered:
            values = {"state": "done", "kia_done_date": delivered, "kia_delivery_date": delivered}
            values.update(vals)
            repair.write(values)
        return repair

    @classmethod
    def clock(cls, repair, technician, start, hours):
        job = cls.env["kia.repair.job"].create(
            {
                "name": "Job",
                "repair_id": repair.id,
                "company_id": repair.company_id.id,
                "technician_id": technician.id,
                "state": "done",
            }
        )
        cls.env["kia.repair.job.time"].create(
            {
                "job_id": job.id,
                "user_id": technician.id,
                "date_start": start,
                "date_stop": datetime.fromtimestamp(start.timestamp() + hours * 3600),
            }
        )
        return job

    @classmethod
    def _make_repairs(cls):
        oil, brake = cls.op_oil, cls.op_brake
        followup_done = {"kia_followup_state": "done"}
        cls.ro1 = cls.make_ro(
            cls.vehicle_a,
            [(brake, "customer"), (oil, "customer")],
            cls.at(10),
            parts=1,
            kia_on_time=True,
            kia_satisfaction="5",
            **followup_done,
        )
        cls.ro2 = cls.make_ro(
            cls.vehicle_a,
            [(oil, "customer")],
            cls.at(12),
            kia_ro_type="periodic",
            kia_on_time=False,
            kia_followup_state="unreachable",
        )
        cls.ro3 = cls.make_ro(
            cls.vehicle_a,
            [(brake, "customer")],
            cls.at(20),
            kia_on_time=True,
            kia_comeback_of_id=cls.ro1.id,
            kia_satisfaction="2",
            **followup_done,
        )
        cls.ro4 = cls.make_ro(
            cls.vehicle_a,
            [(brake, "warranty")],
            cls.at(18),
            kia_ro_type="warranty",
            kia_payment_type="warranty",
            kia_on_time=True,
            kia_followup_state="pending",
        )
        cls.ro5 = cls.make_ro(
            cls.vehicle_a,
            [(oil, "customer")],
            cls.at(25, month=date(2026, 2, 1)),
            kia_on_time=True,
            kia_followup_state="pending",
        )
        cls.ro6 = cls.make_ro(cls.vehicle_a, [(brake, "customer")])
        cls.ro7 = cls.make_ro(
            cls.vehicle_b,
            [(oil, "customer")],
            cls.at(15),
            kia_on_time=True,
            kia_followup_state="pending",
        )
        # RO1 and RO3 came from kept appointments; RO2 and RO4 each had a job declined:
        # RO2's brake pads were done by RO3 eight days later (recovered), RO4's oil change
        # never was.
        for repair in (cls.ro1, cls.ro3):
            repair.kia_appointment_id = cls.env["kia.appointment"].create(
                {
                    "company_id": cls.dealer_a.id,
                    "partner_id": cls.customer_a.id,
                    "vehicle_id": cls.vehicle_a.id,
                    "date_start": repair.kia_delivery_date,
                    "state": "done",
                }
            )
        for repair, operation in ((cls.ro2, brake), (cls.ro4, oil)):
            cls.env["repair.service"].create(
                {
                    "repair_id": repair.id,
                    "kia_labor_operation_id": operation.id,
                    "kia_payer": "customer",
                    "product_uom_qty": 1.0,
                    "kia_approval_state": "declined",
                    "kia_decline_reason": "Next time",
                }
            )
        tech = cls.technician_a
        cls.clock(cls.ro1, tech, cls.at(9, 8), 1.5)
        cls.clock(cls.ro2, tech, cls.at(12, 8), 0.5)
        cls.clock(cls.ro3, tech, cls.at(19, 8), 1.0)
        cls.clock(cls.ro4, tech, cls.at(17, 8), 1.0)
        cls.clock(cls.ro5, tech, cls.at(25, 8, month=date(2026, 2, 1)), 2.0)
        cls.claim = claim = cls.env["kia.warranty.claim"].create(
            {
                "company_id": cls.dealer_a.id,
                "repair_id": cls.ro4.id,
                "vehicle_id": cls.vehicle_a.id,
                "repair_date": date(2026, 3, 18),
            }
        )
        claim.write({"state": "approved", "amount_approved": 800.0})
        team = cls.env["helpdesk.ticket.team"].create(
            {"name": "A After-Sales", "company_id": cls.dealer_a.id}
        )
        cls.env["helpdesk.ticket"].create(
            {
                "name": "Brakes still squeal",
                "description": "<p>Squeal after the brake job.</p>",
                "partner_id": cls.customer_a.id,
                "team_id": team.id,
                "company_id": cls.dealer_a.id,
                "kia_received_date": cls.at(21),
                "kia_is_complaint": True,
            }
        )
        cls.env["kia.parts.lost.sale"].create(
            {
                "company_id": cls.dealer_a.id,
                "product_id": cls.part.id,
                "quantity": 1,
                "date": cls.at(15),
            }
        )

    @classmethod
    def _make_capacity(cls):
        cls.tech_employee = cls.env["hr.employee"].create(
            {
                "name": "Technician A",
                "company_id": cls.dealer_a.id,
                "user_id": cls.technician_a.id,
                "resource_calendar_id": cls.dealer_a.resource_calendar_id.id,
                "tz": "Asia/Shanghai",
            }
        )
        cls.env["resource.calendar.leaves"].create(
            {
                "name": "Day off",
                "resource_id": cls.tech_employee.resource_id.id,
                "calendar_id": cls.dealer_a.resource_calendar_id.id,
                "company_id": cls.dealer_a.id,
                # 16 March 2026, a Monday, whole day in Shanghai time (UTC here).
                "date_from": datetime(2026, 3, 15, 16, 0),
                "date_to": datetime(2026, 3, 16, 23, 0),
            }
        )
        cls.env["kia.technician.capacity"]._kia_compute(
            cls.dealer_a | cls.dealer_b, date(2026, 2, 1), date(2026, 3, 31)
        )
