from odoo import models


class KiaRepairJob(models.Model):
    _inherit = "kia.repair.job"

    def _check_technician_qualified(self, technician):
        """Dispatch gate: refuse a technician without a valid certification the job's labor
        operation requires, on the day of the assignment."""
        res = super()._check_technician_qualified(technician)
        for job in self:
            required = job.labor_operation_id.kia_required_certification_type_ids
            if required:
                technician._kia_check_certifications(required, company=job.company_id)
        return res
