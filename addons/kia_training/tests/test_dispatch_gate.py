from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.kia_service.tests.service_common import KiaServiceProcessCase

from .common import KiaTrainingCase


@tagged("post_install", "-at_install")
class TestDispatchGate(KiaTrainingCase, KiaServiceProcessCase):
    """The foreman cannot give high-voltage work to a technician without a valid EV
    certification (kia_training's gate on kia_service's workshop jobs)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.op_hv = cls.env["kia.labor.operation"].create(
            {
                "code": "T-HVB",
                "name": "High-voltage battery isolation test",
                "hours": 1.5,
                "kia_required_certification_type_ids": [Command.set(cls.type_hv.ids)],
            }
        )

    def _hv_job(self):
        repair = self.create_repair(operations=[self.op_hv], parts=0)
        repair.with_user(self.advisor_a).action_validate()
        job = repair.kia_job_ids
        self.assertEqual(len(job), 1)
        return job

    @freeze_time("2026-03-02 09:00:00")
    def test_uncertified_technician_refused(self):
        job = self._hv_job()
        with self.assertRaises(UserError) as err:
            job.with_user(self.foreman_a).technician_id = self.technician_a
        self.assertIn(self.type_hv.name, str(err.exception))
        self.assertFalse(job.technician_id)
        # Work that needs no certification is still given freely.
        repair = self.create_repair(operations=[self.op_oil], parts=0)
        repair.with_user(self.advisor_a).action_validate()
        repair.kia_job_ids.with_user(self.foreman_a).technician_id = self.technician_a
        self.assertEqual(repair.kia_job_ids.technician_id, self.technician_a)

    @freeze_time("2026-03-02 09:00:00")
    def test_certified_technician_accepted_until_expiry(self):
        cert = self._certify(self.emp_a, self.type_hv, date_issued="2026-01-01")
        job = self._hv_job()
        job.with_user(self.foreman_a).technician_id = self.technician_a
        self.assertEqual(job.technician_id, self.technician_a)
        job.with_user(self.foreman_a).technician_id = False
        # Once the certification has expired, the same assignment is refused.
        with freeze_time(cert.date_expiry + timedelta(days=1)), self.assertRaises(UserError):
            job.with_user(self.foreman_a).technician_id = self.technician_a
        self.assertFalse(job.technician_id)
