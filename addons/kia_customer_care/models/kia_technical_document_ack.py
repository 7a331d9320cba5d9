from odoo import fields, models


class KiaTechnicalDocumentAck(models.Model):
    """A dealer employee's acknowledgment of a technical document."""

    _name = "kia.technical.document.ack"
    _description = "Technical Document Acknowledgment"
    _inherit = ["kia.protected.mixin"]
    _order = "date desc"
    _check_company_auto = True

    _sql_constraints = [
        ("document_user_uniq", "unique(document_id, user_id)", "Already acknowledged."),
    ]

    document_id = fields.Many2one(
        "kia.technical.document", required=True, index=True, ondelete="cascade"
    )
    version = fields.Char(related="document_id.version", store=True)
    user_id = fields.Many2one(
        "res.users", required=True, index=True, default=lambda self: self.env.user
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now)

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        read = self.env._("the I Have Read It button (by the reader)")
        res.update({"document_id": read, "user_id": read, "date": read, "company_id": read})
        return res
