import contextlib

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .kia_checklist_template import CHECKLIST_KINDS

RESULT_FIELDS = ("result", "note")


class KiaRepairCheck(models.Model):
    """One line of a repair order's walk-around check or final inspection.

    The advisor records the walk-around at reception. The results of the final inspection
    质检 are the QC inspector's: only a QC inspector records them, not the technician whose
    work is inspected, and not once the inspection has passed."""

    _name = "kia.repair.check"
    _description = "Repair Order Checklist Line"
    _inherit = ["kia.protected.mixin"]
    _order = "repair_id, kind, sequence, id"

    repair_id = fields.Many2one("repair.order", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(
        related="repair_id.company_id", store=True, index=True, precompute=True
    )
    kind = fields.Selection(CHECKLIST_KINDS, required=True, index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(string="Item", required=True)
    area = fields.Char(string="Area / Position")
    result = fields.Selection(
        [("ok", "OK"), ("remark", "Damage / Remark"), ("fail", "Not OK")],
        help="Left empty until the line is checked: a checklist with empty lines cannot pass.",
    )
    note = fields.Char()

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        inspection = self.env._("the final inspection of a QC inspector")
        loading = self.env._("the checklist loaded on the repair order")
        res.update(
            {"result": inspection, "note": inspection, "kind": loading, "repair_id": loading}
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            recorded = [
                vals
                for vals in vals_list
                if vals.get("kind") == "qc" and (vals.get("result") or vals.get("note"))
            ]
            if recorded:
                repairs = self.env["repair.order"].browse(
                    {vals.get("repair_id") for vals in recorded}
                )
                self._kia_check_inspector(repairs)
        # The line's repair order and kind are set once, here; the results of the
        # final inspection were checked above.
        with self._kia_unlocked():
            return super().create(vals_list)

    def write(self, vals):
        results = [f for f in RESULT_FIELDS if f in vals and not self._kia_same_value(f, vals[f])]
        if results and not self.env.su:
            qc_lines = self.filtered(lambda line: line.kind == "qc")
            if qc_lines:
                self._kia_check_inspector(qc_lines.repair_id)
        with self._kia_unlocked(*results) if results else contextlib.nullcontext():
            return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_inspection(self):
        qc_lines = self.filtered(lambda line: line.kind == "qc")
        if qc_lines and not self.env.su:
            self._kia_check_inspector(qc_lines.repair_id)

    def _kia_check_inspector(self, repairs):
        """Refuse the caller unless a QC inspector who did none of the work on ``repairs``
        (where the dealer requires it), on an inspection not yet passed."""
        self._kia_require_groups(
            "kia_base.group_qc_inspector", action=self.env._("record the final inspection of")
        )
        for repair in repairs:
            if repair.kia_qc_state == "passed":
                raise UserError(
                    self.env._(
                        "The final inspection of %(name)s has passed: its results are final.",
                        name=repair.name,
                    )
                )
            jobs = repair.kia_job_ids.filtered(lambda job: job.state != "cancel")
            if repair.company_id.kia_qc_inspector_not_technician and jobs._kia_worked_by(
                self.env.user
            ):
                raise AccessError(
                    self.env._(
                        "You worked on %(name)s: its final inspection must be recorded by "
                        "another QC inspector.",
                        name=repair.name,
                    )
                )
