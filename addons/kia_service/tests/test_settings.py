from odoo.tests import tagged

from .service_common import KiaServiceProcessCase


@tagged("post_install", "-at_install")
class TestServiceSettings(KiaServiceProcessCase):
    """The service policies are stored on the company and edited in Settings."""

    def test_settings_write_the_company_only(self):
        self.dealer_b.write({"kia_labor_hourly_rate": 180.0, "kia_followup_days": 3})
        survey = self.env.ref("kia_service.survey_followup")
        settings_form = self.settings_form()
        self.assertEqual(settings_form.kia_labor_hourly_rate, 300.0, "dealer A's rate shows")
        settings_form.kia_labor_hourly_rate = 350.0
        settings_form.kia_followup_days = 5
        settings_form.kia_appointment_advisors = 4
        settings_form.kia_appointment_reminder_hours = "48,3"
        settings_form.kia_workday_start = 7.5
        settings_form.kia_comeback_km = 2000
        settings_form.kia_qc_inspector_not_technician = False
        settings_form.kia_followup_survey_id = survey
        settings_form.kia_ro_invoice_auto_post = False
        settings_form.save().execute()

        self.assertRecordValues(
            self.dealer_a,
            [
                {
                    "kia_labor_hourly_rate": 350.0,
                    "kia_followup_days": 5,
                    "kia_appointment_advisors": 4,
                    "kia_appointment_reminder_hours": "48,3",
                    "kia_workday_start": 7.5,
                    "kia_comeback_km": 2000,
                    "kia_qc_inspector_not_technician": False,
                    "kia_followup_survey_id": survey.id,
                    "kia_ro_invoice_auto_post": False,
                }
            ],
        )
        self.assertRecordValues(
            self.dealer_b,
            [
                {
                    "kia_labor_hourly_rate": 180.0,
                    "kia_followup_days": 3,
                    "kia_appointment_advisors": 0,
                    "kia_appointment_reminder_hours": "24,2",
                    "kia_workday_start": 8.5,
                    "kia_comeback_km": 3000,
                    "kia_qc_inspector_not_technician": True,
                    "kia_followup_survey_id": False,
                    "kia_ro_invoice_auto_post": True,
                }
            ],
        )
        # The new rate prices the next labor line of dealer A.
        repair = self.create_repair()
        self.assertEqual(repair.repair_service_ids.kia_price_unit, 350.0)
