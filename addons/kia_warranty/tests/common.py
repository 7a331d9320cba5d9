import base64

from freezegun import freeze_time

from odoo import Command

from odoo.addons.kia_base.tests.common import KiaBaseCase, make_vin
from odoo.addons.kia_service.tests.service_common import answer_qc, sign_repair


class KiaWarrantyCase(KiaBaseCase):
    """Warranty roles, parts and a covered vehicle at dealer A; builds its own data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Settlement posts invoices in the dealer's books: dealer A needs its chart.
        # Settlement posts invoices in the dealer's books; OCA account_invoice_inter_company
        # mirrors them as vendor bills in head office's books: both need their charts.
        for company in (cls.hq, cls.dealer_a):
            cls.env["account.chart.template"].try_loading("cn", company=company, install_demo=False)

        user = cls.make_user

        # OCA account_invoice_inter_company books head office's side as this user.
        cls.hq_accountant = user("t_hq_accountant", "account.group_account_invoice", cls.hq)
        cls.wadmin_a = user("t_wadmin_a", "kia_warranty.group_warranty_admin", cls.dealer_a)
        cls.wadmin_b = user("t_wadmin_b", "kia_warranty.group_warranty_admin", cls.dealer_b)
        cls.reviewer = user(
            "t_reviewer",
            "kia_warranty.group_hq_warranty_reviewer,base.group_multi_company",
            cls.hq,
            cls.hq | cls.dealer_a | cls.dealer_b,
        )
        # A misconfigured dealer user holding the reviewer role: still may not approve.
        cls.reviewer_a = user(
            "t_reviewer_a", "kia_warranty.group_hq_warranty_reviewer", cls.dealer_a
        )
        Category = cls.env["product.category"]
        cls.categ_powertrain = cls.env.ref("kia_warranty.product_category_powertrain")
        cls.categ_wear = cls.env.ref("kia_warranty.product_category_wear")
        Product = cls.env["product.product"]
        cls.part_pump = Product.create(
            {
                "name": "Water pump",
                "default_code": "25100-2G500",
                "list_price": 800.0,
                "categ_id": Category.search([], limit=1).id,
                "is_storable": True,
            }
        )
        cls.part_gearbox = Product.create(
            {
                "name": "Gearbox assembly",
                "default_code": "43000-3B000",
                "list_price": 9000.0,
                "categ_id": cls.categ_powertrain.id,
            }
        )
        cls.part_pad = Product.create(
            {
                "name": "Brake pad",
                "default_code": "58101-D4A00",
                "list_price": 300.0,
                "categ_id": cls.categ_wear.id,
            }
        )
        cls.vehicle_a = cls.create_vehicle(
            cls.advisor_a, cls.customer_a, 101, kia_sale_date="2025-06-01"
        )
        cls.env["fleet.vehicle.odometer"].create(
            {"vehicle_id": cls.vehicle_a.id, "value": 12000, "date": "2026-01-05"}
        )
        cls.code_failure = cls.env.ref("kia_warranty.code_f02")
        cls.code_serious = cls.env.ref("kia_warranty.code_f03")
        cls.reason = cls.env.ref("kia_warranty.code_r01")

    @classmethod
    def setup_workshop(cls):
        """Workshop staff and labour catalog at dealer A, for claims built from repair
        orders."""
        cls.foreman_a = cls.make_user("t_wfor_a", "kia_base.group_foreman", cls.dealer_a)
        cls.qc_a = cls.make_user("t_wqc_a", "kia_base.group_qc_inspector", cls.dealer_a)
        cls.op_pump = cls.env["kia.labor.operation"].create(
            {
                "code": "2510A01",
                "name": "Replace water pump",
                "hours": 2.0,
                "time_ids": [Command.create({"model_id": cls.kia_model.id, "hours": 1.5})],
            }
        )
        cls.op_wash = cls.env["kia.labor.operation"].create(
            {"code": "9900W01", "name": "Car wash", "hours": 0.3}
        )
        cls.part_seal = cls.env["product.product"].create(
            {"name": "Water pump seal", "type": "consu", "list_price": 80.0}
        )

    @classmethod
    def make_repair(cls, vehicle=None, services=None, parts=None, **vals):
        """A warranty repair order made at reception: labour lines as (operation, payer)."""
        vehicle = vehicle or cls.vehicle_a
        values = {
            "vehicle_id": vehicle.id,
            "partner_id": vehicle.kia_owner_id.id,
            "company_id": vehicle.company_id.id,
            "user_id": cls.advisor_a.id,
            "kia_ro_type": "warranty",
            "kia_payment_type": "warranty",
            "repair_service_ids": [
                Command.create({"kia_labor_operation_id": operation.id, "kia_payer": payer})
                for operation, payer in (services or [(cls.op_pump, "warranty")])
            ],
            "move_ids": [
                Command.create(
                    {"product_id": part.id, "product_uom_qty": 1, "repair_line_type": "add"}
                )
                for part in (parts if parts is not None else cls.part_seal)
            ],
        }
        values.update(vals)
        return cls.env["repair.order"].with_company(vehicle.company_id).create(values)

    @classmethod
    def run_repair(cls, repair, start, finish, ready=None):
        """The customer signs at ``start``, the technician clocks from ``start`` to ``finish``,
        the final inspection passes (and the ready notice goes out) at ``ready``."""
        with freeze_time(start):
            if repair.kia_approved_date:
                # Signed earlier: the walk-around is filled in at the counter.
                repair.with_user(cls.advisor_a).kia_walkaround_ids.write({"result": "ok"})
            else:
                sign_repair(repair, cls.advisor_a)
            repair.with_user(cls.advisor_a).action_validate()
            jobs = repair.kia_job_ids
            jobs.with_user(cls.foreman_a).write({"technician_id": cls.technician_a.id})
            jobs.with_user(cls.technician_a).action_start()
        with freeze_time(finish):
            jobs.with_user(cls.technician_a).action_finish()
            jobs.with_user(cls.foreman_a).action_foreman_check()
        with freeze_time(ready or finish):
            repair.with_user(cls.qc_a).action_kia_start_qc()
            answer_qc(repair, cls.qc_a)
            repair.with_user(cls.qc_a).action_kia_qc_pass()
        return repair

    @classmethod
    def make_claim(cls, user=None, vehicle=None, attach=True, **vals):
        user = user or cls.wadmin_a
        vehicle = vehicle or cls.vehicle_a
        values = {
            "claim_type": "warranty",
            "vehicle_id": vehicle.id,
            "company_id": vehicle.company_id.id,
            "repair_date": "2026-01-10",
            "odometer": 12000,
            "causal_product_id": cls.part_pump.id,
            "failure_code_id": cls.code_failure.id,
            "line_ids": [
                Command.create(
                    {
                        "line_type": "labor",
                        "name": "Replace pump",
                        "operation_code": "2510A01",
                        "hours": 1.5,
                        "price_unit": 120.0,
                    }
                ),
                Command.create(
                    {
                        "line_type": "part",
                        "name": "Water pump",
                        "product_id": cls.part_pump.id,
                        "quantity": 1,
                        "price_unit": 800.0,
                        "is_causal": True,
                    }
                ),
            ],
        }
        values.update(vals)
        claim = cls.env["kia.warranty.claim"].with_user(user).create(values)
        if attach:
            cls.attach(claim)
        return claim

    @classmethod
    def attach(cls, claim):
        return cls.env["ir.attachment"].create(
            {
                "name": "odometer.jpg",
                "datas": base64.b64encode(b"photo"),
                "res_model": claim._name,
                "res_id": claim.id,
            }
        )


__all__ = ["KiaWarrantyCase", "make_vin"]
