from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from .kia_role_requirement import EDUCATION_RANK, EMPLOYEE_EDUCATION_RANK


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    kia_role_requirement_id = fields.Many2one(
        "kia.role.requirement",
        string="After-Sales Role",
        tracking=True,
        groups="hr.group_hr_user",
    )
    kia_experience_years = fields.Float(
        string="Automotive Experience (years)", groups="hr.group_hr_user"
    )
    kia_certification_ids = fields.One2many(
        "kia.certification", "employee_id", string="Kia Certifications", groups="hr.group_hr_user"
    )
    kia_valid_certification_count = fields.Integer(
        compute="_compute_kia_valid_certification_count", groups="hr.group_hr_user"
    )
    kia_fit_gaps = fields.Text(string="Gaps", compute="_compute_kia_fit", groups="hr.group_hr_user")
    kia_fit_ok = fields.Boolean(
        string="Meets Role Requirements", compute="_compute_kia_fit", groups="hr.group_hr_user"
    )
    kia_training_hours_year = fields.Float(
        string="Training Hours This Year",
        compute="_compute_kia_training_hours_year",
        groups="hr.group_hr_user",
    )

    @api.depends_context("date")
    def _compute_kia_valid_certification_count(self):
        data = dict(
            self.env["kia.certification"]._read_group(
                [("employee_id", "in", self.ids), ("is_valid", "=", True)],
                ["employee_id"],
                ["__count"],
            )
        )
        for employee in self:
            employee.kia_valid_certification_count = data.get(employee, 0)

    @api.depends(
        "kia_role_requirement_id",
        "certificate",
        "kia_experience_years",
        "kia_certification_ids.state",
        "kia_certification_ids.date_expiry",
    )
    @api.depends_context("date")
    def _compute_kia_fit(self):
        gaps_by_employee = self._kia_fit_gaps()
        for employee in self:
            gaps = gaps_by_employee.get(employee.id, [])
            employee.kia_fit_gaps = "\n".join(gaps)
            employee.kia_fit_ok = bool(employee.kia_role_requirement_id) and not gaps

    @api.depends_context("date")
    def _compute_kia_training_hours_year(self):
        today = fields.Date.context_today(self)
        data = dict(
            self.env["kia.training.enrolment"]._read_group(
                [
                    ("employee_id", "in", self.ids),
                    ("state", "=", "attended"),
                    ("date_start", ">=", today.replace(month=1, day=1)),
                    ("date_start", "<=", today.replace(month=12, day=31)),
                ],
                ["employee_id"],
                ["hours:sum"],
            )
        )
        for employee in self:
            employee.kia_training_hours_year = data.get(employee, 0.0)

    def action_open_kia_certifications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_training.kia_certification_action"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id}
        return action

    def _kia_fit_gaps(self, on_date=None):
        """{employee id: [gap, ...]} against each employee's role requirement."""
        on_date = on_date or fields.Date.context_today(self)
        missing = self._kia_missing_certifications(
            self.kia_role_requirement_id.certification_type_ids, on_date=on_date
        )
        result = {}
        for employee in self:
            requirement = employee.kia_role_requirement_id
            if not requirement:
                continue
            gaps = []
            if EMPLOYEE_EDUCATION_RANK.get(employee.certificate, 0) < EDUCATION_RANK.get(
                requirement.education, 0
            ):
                gaps.append(
                    self.env._(
                        "Education below %(level)s",
                        level=dict(
                            requirement._fields["education"]._description_selection(self.env)
                        )[requirement.education],
                    )
                )
            if employee.kia_experience_years < requirement.experience_years:
                gaps.append(
                    self.env._(
                        "Experience %(have)s of %(need)s years",
                        have=employee.kia_experience_years,
                        need=requirement.experience_years,
                    )
                )
            for cert_type in requirement.certification_type_ids & missing[employee.id]:
                gaps.append(
                    self.env._("Missing certification %(cert)s", cert=cert_type.display_name)
                )
            result[employee.id] = gaps
        return result

    def _kia_missing_certifications(self, required_types, on_date=None):
        """{employee id: certification types of ``required_types`` the employee holds no
        valid certification for on ``on_date``}. One query for the whole batch; a higher
        level of the same track meets a lower one."""
        on_date = on_date or fields.Date.context_today(self)
        missing = self._kia_missing_certifications_by_date(
            {(employee.id, on_date): required_types for employee in self}
        )
        return {employee.id: missing[employee.id, on_date] for employee in self}

    @api.model
    def _kia_missing_certifications_by_date(self, required):
        """The dispatch gate's question for many employees and days at once (the warranty
        claim pre-check asks it for each technician on each repair date): ``required`` maps
        (employee id, date) to the ``kia.certification.type`` records needed that day; the
        result maps the same keys to those not met by a certification valid that day
        (``kia.certification._valid_domain``), a higher level of a track meeting a lower one
        (``kia.certification.type._is_met_by``). One query for the certifications of all
        employees and days, one for the types' tracks and levels (when not in memory)."""
        result = dict(required)
        wanted = {key: types for key, types in required.items() if types}
        if not wanted:
            return result
        Certification = self.env["kia.certification"]
        dates = {on_date for _employee_id, on_date in wanted}
        certifications = Certification.search_fetch(
            expression.AND(
                [
                    [("employee_id", "in", list({employee_id for employee_id, _d in wanted}))],
                    expression.OR([Certification._valid_domain(on_date) for on_date in dates]),
                ]
            ),
            ["employee_id", "type_id", "state", "date_issued", "date_expiry"],
        )
        # _is_met_by compares tracks and levels: read them once for all types.
        all_types = certifications.type_id.union(*wanted.values())
        all_types.fetch(["track", "level"])
        held = {}
        for on_date in dates:
            for cert in certifications.filtered_domain(Certification._valid_domain(on_date)):
                held.setdefault((cert.employee_id.id, on_date), []).append(cert.type_id)
        for key, types in wanted.items():
            held_types = held.get(key, [])
            result[key] = types.filtered(
                lambda req, held_types=held_types: (
                    not any(req._is_met_by(held_type) for held_type in held_types)
                )
            )
        return result

    def _kia_check_certifications(self, required_types, on_date=None):
        """Dispatch gate, public API: raise a UserError naming each employee's missing or
        expired certification among ``required_types`` (``kia.certification.type``) on
        ``on_date`` (default today). Meant for ``kia.repair.job._check_technician_qualified``
        with the labor operation's required certifications."""
        if not required_types:
            return True
        on_date = on_date or fields.Date.context_today(self)
        missing = self._kia_missing_certifications(required_types, on_date=on_date)
        if not any(missing.values()):
            return True
        # Expired rather than missing: one query for all employees and types.
        Certification = self.env["kia.certification"]
        lapsed = Certification.search_fetch(
            expression.AND(
                [
                    [
                        ("employee_id", "in", self.ids),
                        ("track", "in", list(set(required_types.mapped("track")))),
                    ],
                    Certification._expired_domain(on_date),
                ]
            ),
            ["employee_id", "type_id"],
        )
        lapsed_types = {}
        for cert in lapsed:
            lapsed_types.setdefault(cert.employee_id.id, []).append(cert.type_id)
        problems = []
        for employee in self:
            for cert_type in missing[employee.id]:
                if any(
                    cert_type._is_met_by(lapsed_type)
                    for lapsed_type in lapsed_types.get(employee.id, [])
                ):
                    problems.append(
                        self.env._(
                            "%(employee)s: certification %(cert)s expired.",
                            employee=employee.name,
                            cert=cert_type.display_name,
                        )
                    )
                else:
                    problems.append(
                        self.env._(
                            "%(employee)s: certification %(cert)s is missing.",
                            employee=employee.name,
                            cert=cert_type.display_name,
                        )
                    )
        if problems:
            raise UserError(
                self.env._(
                    "This work needs a valid certification:\n%(problems)s",
                    problems="\n".join(problems),
                )
            )
        return True
