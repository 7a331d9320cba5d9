from odoo import api, fields, models

from .kia_role_requirement import KIA_ROLES


class KiaCourse(models.Model):
    """Head office's course catalog, shared by the whole network."""

    _name = "kia.course"
    _description = "Kia Training Course"
    _inherit = ["mail.thread", "kia.hq.owned.mixin"]
    _order = "code, id"
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, index=True, tracking=True)
    role = fields.Selection(KIA_ROLES, string="Audience")
    training_format = fields.Selection(
        [("classroom", "Classroom"), ("virtual", "Virtual Classroom"), ("web", "Web-Based")],
        string="Format",
        required=True,
        default="classroom",
    )
    duration_hours = fields.Float(string="Training Hours", required=True, default=8.0)
    certification_type_id = fields.Many2one(
        "kia.certification.type",
        string="Grants Certification",
        help="Granted to attendees who pass the exam.",
    )
    prerequisite_type_ids = fields.Many2many(
        "kia.certification.type",
        "kia_course_prerequisite_rel",
        "course_id",
        "type_id",
        string="Prerequisites",
        help="Certifications an employee must hold (valid) to enrol.",
    )
    exam_survey_id = fields.Many2one(
        "survey.survey",
        string="Exam",
        domain=[("certification", "=", True)],
        help="A survey certification; its pass mark decides who is certified.",
    )
    pass_mark = fields.Float(related="exam_survey_id.scoring_success_min", string="Pass Mark (%)")
    evaluation_survey_id = fields.Many2one(
        "survey.survey",
        string="Course Evaluation",
        domain=[("certification", "=", False)],
        help="Questionnaire attendees fill in about the course.",
    )
    description = fields.Html(translate=True)
    session_ids = fields.One2many("kia.training.session", "course_id")
    session_count = fields.Integer(compute="_compute_session_count")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "A course code must be unique."),
        ("hours_positive", "CHECK(duration_hours > 0)", "Training hours must be positive."),
    ]

    def _kia_hq_groups(self):
        return ("kia_training.group_hq_training_manager",)

    def _kia_hq_owned(self):
        # Head office's network catalogue: there is no dealer's own record of this model.
        return self

    @api.depends("code", "name")
    def _compute_display_name(self):
        for course in self:
            course.display_name = f"[{course.code}] {course.name}"

    def _compute_session_count(self):
        data = dict(
            self.env["kia.training.session"]._read_group(
                [("course_id", "in", self.ids)], ["course_id"], ["__count"]
            )
        )
        for course in self:
            course.session_count = data.get(course, 0)
