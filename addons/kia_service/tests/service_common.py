import base64
import re

from odoo import Command
from odoo.tests import Form
from odoo.tools import file_open

from odoo.addons.kia_base.tests.common import KiaBaseCase


def customer_signature():
    """A customer's signature drawn on the signature pad (a PNG, base64), as the form sends."""
    with file_open("kia_service/demo/customer_signature_demo.png", "rb") as image:
        return base64.b64encode(image.read())


def sign_repair(repair, advisor, result="ok"):
    """Reception as the advisor does it before confirming: every walk-around line answered and
    the customer's signature on the repair order (委托书)."""
    repair = repair.with_user(advisor)
    repair.kia_walkaround_ids.filtered(lambda line: not line.result).write({"result": result})
    if not repair.kia_old_parts:
        # The customer says at reception whether they take the old parts home.
        repair.kia_old_parts = "returned"
    repair.kia_customer_signature = customer_signature()
    return repair


def answer_qc(repair, inspector, result="ok"):
    """The QC inspector answers every line of the final inspection checklist."""
    repair.with_user(inspector).kia_qc_check_ids.filtered(lambda line: not line.result).write(
        {"result": result}
    )


class KiaServiceProcessCase(KiaBaseCase):
    """The network of KiaBaseCase plus a workshop at dealer A: foreman, two technicians, a QC
    inspector, customer relations, labor operations, a bay and parts. Needs no demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, groups, company=cls.dealer_a):
            return cls.make_user(login, groups, company)

        cls.foreman_a = user("t_foreman_a", "kia_base.group_foreman")
        cls.technician2_a = user("t_tech2_a", "kia_base.group_technician")
        cls.qc_a = user("t_qc_a", "kia_base.group_qc_inspector")
        cls.cr_a = user("t_cr_a", "kia_base.group_customer_relations")
        cls.dealer_a.write(
            {
                "kia_labor_hourly_rate": 300.0,
                "kia_followup_days": 3,
                "kia_appointment_advisors": 0,
                "kia_appointment_slot_minutes": 60,
                "kia_workday_start": 0.0,
                "kia_workday_end": 24.0,
            }
        )
        cls.op_oil = cls.env["kia.labor.operation"].create(
            {"code": "T-OIL", "name": "Oil change", "hours": 0.5}
        )
        cls.op_brake = cls.env["kia.labor.operation"].create(
            {
                "code": "T-BRK",
                "name": "Front brake pads",
                "hours": 1.0,
                "time_ids": [Command.create({"model_id": cls.kia_model.id, "hours": 1.2})],
            }
        )
        # The workshop: two bays, and the technicians work round the clock (their company's
        # working schedule), so that a slot takes two bookings at any time.
        cls.dealer_a.resource_calendar_id = cls.round_the_clock_calendar(cls.env)
        cls.bay_a = cls.env["maintenance.equipment"].create(
            {"name": "Lift 1", "company_id": cls.dealer_a.id, "kia_is_bay": True}
        )
        cls.bay2_a = cls.env["maintenance.equipment"].create(
            {"name": "Lift 2", "company_id": cls.dealer_a.id, "kia_is_bay": True}
        )
        cls.part_filter = cls.env["product.product"].create(
            {"name": "Oil filter", "type": "consu", "list_price": 50.0}
        )
        cls.vehicle_a = cls.create_vehicle(cls.advisor_a, cls.customer_a, 101)

    @staticmethod
    def round_the_clock_calendar(env, name="Round the clock"):
        """A working schedule of every hour of every day (UTC)."""
        return env["resource.calendar"].create(
            {
                "name": name,
                "tz": "UTC",
                "attendance_ids": [Command.clear()]
                + [
                    Command.create(
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 0.0,
                            "hour_to": 24.0,
                            "day_period": "morning",
                        }
                    )
                    for day in range(7)
                ],
            }
        )

    @classmethod
    def create_repair(cls, operations=None, odometer=12000, parts=1, sign=True, **vals):
        """A repair order made by the advisor at reception, through the form; unless
        ``sign`` is false, its walk-around is filled in and the customer signs it."""
        repair_form = Form(cls.env["repair.order"].with_user(cls.advisor_a))
        repair_form.vehicle_id = cls.vehicle_a
        repair_form.kia_odometer_in = odometer
        repair_form.kia_customer_words = "刹车有异响"
        for operation in operations or [cls.op_brake]:
            with repair_form.repair_service_ids.new() as line:
                line.kia_labor_operation_id = operation
        for _i in range(parts):
            with repair_form.move_ids.new() as move:
                move.product_id = cls.part_filter
                move.product_uom_qty = 1
        for key, value in vals.items():
            setattr(repair_form, key, value)
        repair = repair_form.save()
        if sign:
            cls.sign_repair(repair)
        return repair

    @classmethod
    def answer_qc(cls, repair, inspector=None):
        answer_qc(repair, inspector or cls.qc_a)

    @classmethod
    def sign_repair(cls, repair, advisor=None):
        sign_repair(repair, advisor or cls.advisor_a)
        return repair

    def work_repair(self, repair, bay=True):
        """The confirmed repair order through the workshop: the foreman dispatches its jobs to
        technician A (in bay A), who starts and finishes them; the foreman checks them."""
        jobs = repair.kia_job_ids.with_user(self.foreman_a)
        dispatch = {"technician_id": self.technician_a.id}
        if bay:
            dispatch["bay_id"] = self.bay_a.id
        jobs.write(dispatch)
        jobs.with_user(self.technician_a).action_start()
        jobs.with_user(self.technician_a).action_finish()
        jobs.with_user(self.foreman_a).action_foreman_check()


def warm_assets(case, login, url):
    """Build the asset bundles of ``url`` before a tour opens it: on a loaded machine their
    first build can outlast the browser's fixed navigation timeout."""
    case.authenticate(login, login)
    page = case.url_open(url, timeout=300)
    for asset in re.findall(r'(?:src|href)="(/web/assets/[^"]+)"', page.text):
        case.url_open(asset, timeout=300)


class FollowupSurveyMixin:
    """A repair order delivered and waiting for its follow-up, and the follow-up questionnaire
    answered as the survey controller does."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env.ref("kia_service.survey_followup")
        cls.q_overall = cls.env.ref("kia_service.survey_followup_q_overall")
        cls.q_comments = cls.env.ref("kia_service.survey_followup_q_comments")

    def _delivered_repair(self):
        repair = self.create_repair()
        repair.with_user(self.advisor_a).action_validate()
        self.work_repair(repair)
        repair.with_user(self.qc_a).action_kia_qc_pass()
        repair.with_user(self.advisor_a).action_kia_deliver()
        return repair

    def _start(self, repair, user=None):
        action = repair.with_user(user or self.cr_a).action_kia_followup_survey()
        answer = repair.with_user(self.cr_a).kia_survey_input_ids
        self.assertEqual(len(answer), 1)
        self.assertEqual(action["type"], "ir.actions.act_url")
        self.assertIn(answer.access_token, action["url"])
        return answer

    def _fill(self, answer, overall, others_best=True, comment=None):
        """Answer as the survey controller does: the caller's request, the answer in sudo."""
        answer = answer.with_user(self.cr_a).sudo()
        for question in answer.survey_id.question_ids:
            if question.question_type == "simple_choice":
                choices = question.suggested_answer_ids.sorted("answer_score")
                if question == self.q_overall:
                    choice = choices.filtered(lambda c: c.answer_score == overall)
                else:
                    choice = choices[-1] if others_best else choices[0]
                answer._save_lines(question, choice.id)
            elif question == self.q_comments and comment:
                answer._save_lines(question, comment)
        answer._mark_done()
