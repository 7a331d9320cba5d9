from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kia_role_requirement import KIA_ROLES


class KiaTrainingPlanLine(models.Model):
    """One course of a dealer's yearly training plan: how many of the dealer's staff attend it
    that year, against how many did (attended enrolments of the course's sessions)."""

    _name = "kia.training.plan.line"
    _description = "Yearly Training Plan Course"
    _order = "plan_id, sequence, id"
    _check_company_auto = True

    plan_id = fields.Many2one("kia.training.plan", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    course_id = fields.Many2one("kia.course", required=True, index=True)
    role = fields.Selection(KIA_ROLES, string="For")
    month = fields.Selection([(str(m), str(m)) for m in range(1, 13)], string="Planned Month")
    planned_count = fields.Integer(string="Planned", default=1, required=True)
    done_count = fields.Integer(string="Attended", compute="_compute_done_count")
    note = fields.Char()

    @api.depends("course_id", "plan_id.year", "company_id")
    def _compute_done_count(self):
        """Attended enrolments of the dealer's staff in the course's sessions of the plan's
        year: one grouped query for all lines."""
        lines = self.filtered(lambda line: line.course_id and line.plan_id.year)
        counts = {}
        if lines:
            years = set(lines.mapped("plan_id.year"))
            # sudo: the plan shows head office how the dealer's staff attended; head office's
            # training manager may not read each dealer's enrolments.
            groups = (
                self.env["kia.training.enrolment"]
                .sudo()
                ._read_group(
                    [
                        ("company_id", "in", lines.company_id.ids),
                        ("course_id", "in", lines.course_id.ids),
                        ("state", "=", "attended"),
                        ("date_start", ">=", f"{min(years)}-01-01 00:00:00"),
                        ("date_start", "<=", f"{max(years)}-12-31 23:59:59"),
                    ],
                    ["company_id", "course_id", "date_start:year"],
                    ["__count"],
                )
            )
            for company, course, year, count in groups:
                counts[(company.id, course.id, year.year)] = count
        for line in self:
            line.done_count = counts.get(
                (line.company_id.id, line.course_id.id, line.plan_id.year), 0
            )

    @api.constrains("planned_count")
    def _check_planned_count(self):
        for line in self:
            if line.planned_count <= 0:
                raise ValidationError(
                    self.env._(
                        "Plan at least one attendance of %(course)s.",
                        course=line.course_id.display_name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        plans = self.env["kia.training.plan"].browse(
            {vals["plan_id"] for vals in vals_list if vals.get("plan_id")}
        )
        plans._check_lines_editable()
        return super().create(vals_list)

    def write(self, vals):
        self.plan_id._check_lines_editable()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_draft(self):
        self.plan_id._check_lines_editable()
