from odoo import models
from odoo.exceptions import UserError


class ResUsers(models.Model):
    _inherit = "res.users"

    def _kia_check_certifications(self, required_types, on_date=None, company=None):
        """Dispatch gate for technicians given as users: check each user's employee in
        ``company`` (default: the current one). See hr.employee._kia_check_certifications."""
        if not required_types:
            return True
        company = company or self.env.company
        # sudo: the dispatcher may not be an HR officer; only the link user -> employee is read.
        employees = (
            self.env["hr.employee"]
            .sudo()
            .search([("user_id", "in", self.ids), ("company_id", "=", company.id)])
        )
        if missing := self - employees.user_id:
            raise UserError(
                self.env._(
                    "%(user)s has no employee record at %(company)s: no certification can be "
                    "checked.",
                    user=missing[0].name,
                    company=company.name,
                )
            )
        return employees.with_env(self.env)._kia_check_certifications(
            required_types, on_date=on_date
        )

    def _kia_check_role_certifications(self, role, company):
        """Gate of a role at ``company`` when head office enforces it: each user must hold
        valid certifications of every type the role's requirements (kia.role.requirement)
        name. Superuser code passes."""
        if self.env.su or not company.kia_enforce_role_certification:
            return True
        # sudo: head office's role requirements, read only to know what to check.
        required = (
            self.env["kia.role.requirement"]
            .sudo()
            .search([("role", "=", role)])
            .certification_type_ids
        )
        return self._kia_check_certifications(required.with_env(self.env), company=company)
