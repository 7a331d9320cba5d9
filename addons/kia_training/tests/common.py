from contextlib import contextmanager
from datetime import timedelta

from odoo.addons.kia_base.tests.common import KiaBaseCase


def validity_cases(on_date):
    """The edges of a certification's validity on ``on_date``, as (case, certification
    values, valid on ``on_date``). Every place that decides validity (``is_valid``, the
    dispatch gate, the warranty-claim pre-check, the staffing compliance report) is checked
    against these same cases, so a place that drifted from ``kia.certification._valid_domain``
    fails."""
    day = timedelta(days=1)
    issued = on_date - 400 * day
    return [
        ("never expires", {"date_issued": issued, "date_expiry": False}, True),
        ("issued that day", {"date_issued": on_date, "date_expiry": False}, True),
        ("expires that day", {"date_issued": issued, "date_expiry": on_date}, True),
        (
            "expired state, expiry corrected to a later day (before the cron runs)",
            {"date_issued": issued, "date_expiry": on_date + day, "state": "expired"},
            True,
        ),
        (
            "expired the day before (state not yet updated by the cron)",
            {"date_issued": issued, "date_expiry": on_date - day, "state": "valid"},
            False,
        ),
        ("valid from the day after", {"date_issued": on_date + day, "date_expiry": False}, False),
        ("revoked", {"date_issued": issued, "date_expiry": False, "state": "revoked"}, False),
    ]


class KiaTrainingCase(KiaBaseCase):
    """Kia's test network plus training roles, employees, an exam, a course and an open
    head-office session; needs no demo data."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        user = cls.make_user

        cls.coordinator_a = user(
            "t_coord_a", "kia_training.group_training_coordinator", cls.dealer_a
        )
        cls.coordinator_b = user(
            "t_coord_b", "kia_training.group_training_coordinator", cls.dealer_b
        )
        cls.manager_b = user("t_manager_b", "kia_base.group_service_manager", cls.dealer_b)
        cls.technician_a2 = user("t_tech_a2", "kia_base.group_technician", cls.dealer_a)
        cls.technician_b = user("t_tech_b", "kia_base.group_technician", cls.dealer_b)
        cls.hq_training = user(
            "t_hq_training",
            "kia_training.group_hq_training_manager,base.group_multi_company",
            cls.hq,
            cls.hq | cls.dealer_a | cls.dealer_b,
        )
        Employee = cls.env["hr.employee"]
        cls.emp_a = Employee.create(
            {"name": "技师甲", "user_id": cls.technician_a.id, "company_id": cls.dealer_a.id}
        )
        cls.emp_a2 = Employee.create(
            {"name": "技师乙", "user_id": cls.technician_a2.id, "company_id": cls.dealer_a.id}
        )
        cls.emp_a3 = Employee.create({"name": "技师丙", "company_id": cls.dealer_a.id})
        cls.emp_b = Employee.create(
            {"name": "技师丁", "user_id": cls.technician_b.id, "company_id": cls.dealer_b.id}
        )
        ref = cls.env.ref
        cls.type_tec_1 = ref("kia_training.kia_certification_type_tec_1")
        cls.type_tec_2 = ref("kia_training.kia_certification_type_tec_2")
        cls.type_tec_3 = ref("kia_training.kia_certification_type_tec_3")
        cls.type_hv = ref("kia_training.kia_certification_type_hv_1")
        cls.type_licence = cls.env["kia.certification.type"].create(
            {
                "name": "Low-Voltage Electrician Licence",
                "code": "T-ELEC",
                "track": "ev_hv",
                "level": 1,
                "validity_months": 72,
                "exam_required": False,
            }
        )
        cls.exam = cls._create_survey("Technician exam", certification=True)
        cls.evaluation = cls._create_survey("Course evaluation", certification=False)
        cls.course = (
            cls.env["kia.course"]
            .with_user(cls.hq_training)
            .create(
                {
                    "name": "Kia Certified Technician",
                    "code": "T-KTC-101",
                    "duration_hours": 16,
                    "certification_type_id": cls.type_tec_1.id,
                    "exam_survey_id": cls.exam.id,
                    "evaluation_survey_id": cls.evaluation.id,
                }
            )
        )
        cls.training_session = cls._create_session(cls.course, seats=2)

    @contextmanager
    def assertRaisesRegex(self, exception, regex):  # noqa: N802 (unittest's name)
        """Like Odoo's assertRaises (rolled back to a savepoint, so nothing stays written),
        with the message checked."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), regex)

    @classmethod
    def _create_survey(cls, title, certification):
        survey = cls.env["survey.survey"].create(
            {
                "title": title,
                "access_mode": "token",
                "users_login_required": False,
                "scoring_type": "scoring_with_answers" if certification else "no_scoring",
                "certification": certification,
                "scoring_success_min": 80,
            }
        )
        question = cls.env["survey.question"].create(
            {"survey_id": survey.id, "title": "Q1", "question_type": "simple_choice"}
        )
        cls.env["survey.question.answer"].create(
            [
                {
                    "question_id": question.id,
                    "value": "Right",
                    "is_correct": certification,
                    "answer_score": 2 if certification else 0,
                },
                {"question_id": question.id, "value": "Wrong"},
            ]
        )
        return survey

    @classmethod
    def _create_session(cls, course, seats=2, user=None, **vals):
        values = {
            "course_id": course.id,
            "date_start": "2026-03-02 01:00:00",
            "date_end": "2026-03-03 09:00:00",
            "place": "Training centre",
            "seats": seats,
        }
        values.update(vals)
        session = cls.env["kia.training.session"].with_user(user or cls.hq_training).create(values)
        session.action_open()
        return session

    @classmethod
    def _answer(cls, user_input, correct=True):
        """The employee answers and submits, as the survey controller does (sudo)."""
        user_input = user_input.sudo()
        question = user_input.survey_id.question_ids[:1]
        choice = question.suggested_answer_ids.filtered(lambda a: a.value == "Right")
        if not correct:
            choice = question.suggested_answer_ids - choice
        cls.env["survey.user_input.line"].sudo().create(
            {
                "user_input_id": user_input.id,
                "question_id": question.id,
                "answer_type": "suggestion",
                "suggested_answer_id": choice.id,
            }
        )
        user_input._mark_done()

    @contextmanager
    def _holding(self, employee, cert_type, values):
        """``employee`` holds a certification of ``cert_type`` with ``values`` (no exam: a
        type that needs none) inside the block only."""
        cert = self.env["kia.certification"].create(
            {
                "employee_id": employee.id,
                "company_id": employee.company_id.id,
                "type_id": cert_type.id,
                **values,
            }
        )
        try:
            yield cert
        finally:
            cert.unlink()

    def _certify(self, employee, cert_type, date_issued="2026-01-01", **vals):
        """A certification held on a passed exam (set-up data, written by the superuser: a
        coordinator gets one only through an enrolment's Grant Certification)."""
        exam = self.env["survey.user_input"].create(
            {"survey_id": self.exam.id, "partner_id": employee.work_contact_id.id}
        )
        self._answer(exam)
        values = {
            "employee_id": employee.id,
            "company_id": employee.company_id.id,
            "type_id": cert_type.id,
            "date_issued": date_issued,
            "user_input_id": exam.id,
        }
        values.update(vals)
        return self.env["kia.certification"].create(values)
