from odoo import api, fields, models
from odoo.exceptions import UserError


class KiaTechnicalDocument(models.Model):
    """A service bulletin or manual head office publishes to the network; every dealer
    technician acknowledges having read it."""

    _name = "kia.technical.document"
    _description = "Technical Document"
    _inherit = ["mail.thread", "kia.hq.owned.mixin"]
    _order = "effective_date desc, id desc"

    _sql_constraints = [
        ("code_version_uniq", "unique(code, version)", "This document version exists already."),
    ]

    name = fields.Char(string="Title", required=True, translate=True, tracking=True)
    code = fields.Char(string="Number", required=True, index=True)
    doc_type = fields.Selection(
        [
            ("bulletin", "Service Bulletin"),
            ("manual", "Repair Manual"),
            ("campaign", "Service Campaign"),
            ("other", "Other"),
        ],
        string="Type",
        required=True,
        default="bulletin",
    )
    version = fields.Char(required=True, default="1.0", tracking=True)
    effective_date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    model_ids = fields.Many2many("fleet.vehicle.model", string="Models Concerned")
    summary = fields.Html()
    attachment_ids = fields.Many2many("ir.attachment", string="Files")
    active = fields.Boolean(default=True)
    ack_ids = fields.One2many("kia.technical.document.ack", "document_id", string="Read By")
    ack_count = fields.Integer(string="Acknowledgments", compute="_compute_ack")
    acknowledged = fields.Boolean(
        string="Read by Me", compute="_compute_ack", search="_search_acknowledged"
    )

    def _kia_hq_groups(self):
        return ("kia_base.group_hq_officer",)

    def _kia_hq_owned(self):
        """Head office publishes every technical document to the whole network."""
        return self

    @api.depends("ack_ids")
    @api.depends_context("uid")
    def _compute_ack(self):
        Ack = self.env["kia.technical.document.ack"]
        counts = dict(
            Ack._read_group([("document_id", "in", self.ids)], ["document_id"], ["__count"])
        )
        mine = Ack.search(
            [("document_id", "in", self.ids), ("user_id", "=", self.env.uid)]
        ).document_id
        for document in self:
            document.ack_count = counts.get(document, 0)
            document.acknowledged = document in mine

    def _search_acknowledged(self, operator, value):
        if operator not in ("=", "!="):
            raise UserError(self.env._("Unsupported search on read status."))
        positive = (operator == "=") == bool(value)
        return [("ack_ids", "any" if positive else "not any", [("user_id", "=", self.env.uid)])]

    def action_acknowledge(self):
        Ack = self.env["kia.technical.document.ack"]
        done = Ack.search(
            [("document_id", "in", self.ids), ("user_id", "=", self.env.uid)]
        ).document_id
        # the reader acknowledges for himself, now, at his current dealer (the defaults)
        with Ack._kia_unlocked("document_id"):
            Ack.create([{"document_id": document.id} for document in self - done])
        self.invalidate_recordset(["acknowledged", "ack_count"])
        return True
