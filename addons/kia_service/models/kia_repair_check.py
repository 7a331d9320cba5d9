from odoo import fields, models

from .kia_checklist_template import CHECKLIST_KINDS


class KiaRepairCheck(models.Model):
    """One line of a repair order's walk-around check or final inspection."""

    _name = "kia.repair.check"
    _description = "Repair Order Checklist Line"
    _order = "repair_id, kind, sequence, id"

    repair_id = fields.Many2one("repair.order", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="repair_id.company_id", store=True, index=True)
    kind = fields.Selection(CHECKLIST_KINDS, required=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    area = fields.Char(string="Area / Position")
    result = fields.Selection(
        [("ok", "OK"), ("remark", "Damage / Remark"), ("fail", "Not OK")],
        default="ok",
        required=True,
    )
    note = fields.Char()
