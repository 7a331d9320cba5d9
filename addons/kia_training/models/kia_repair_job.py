from odoo import models


class KiaRepairJob(models.Model):
    _inherit = "kia.repair.job"

    def _check_technician_qualified(self, technician):
        """Dispatch gate: refuse a technician without a valid certification the job's labor
        operation requires, on the day of the assignment."""
        res = super()._check_technician_qualified(technician)
        # One check per company for every job assigned at once, not one per job.
        for company, jobs in self.grouped("company_id").items():
            required = jobs.labor_operation_id.kia_required_certification_type_ids
            if required:
                technician._kia_check_certifications(required, company=company)
        return res
