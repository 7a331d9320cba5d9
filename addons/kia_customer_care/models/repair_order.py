from odoo import fields, models

from .fleet_vehicle import CARE_DUE_FIELDS


class RepairOrder(models.Model):
    _inherit = "repair.order"

    kia_ticket_id = fields.Many2one(
        "helpdesk.ticket", string="Complaint", readonly=True, copy=False
    )

    def write(self, vals):
        # The vehicles' due dates count finished repair orders only: recompute them when a
        # repair order enters or leaves "done" (a dependency on the state would recompute
        # them at every step of the flow: confirm, clocking on, ...).
        done_before = self.browse()
        if "state" in vals:
            done_before = self.filtered(lambda r: r.state == "done")
        res = super().write(vals)
        if "state" in vals:
            vehicles = (done_before | self.filtered(lambda r: r.state == "done")).vehicle_id
            if vehicles:
                Vehicle = self.env["fleet.vehicle"]
                for fname in CARE_DUE_FIELDS:
                    self.env.add_to_compute(Vehicle._fields[fname], vehicles)
        return res

    def _kia_followup_unsatisfied(self):
        """An unsatisfied follow-up opens a complaint, once per repair order."""
        res = super()._kia_followup_unsatisfied()
        unhappy = self.filtered(lambda r: not r.kia_ticket_id)
        if unhappy:
            # sudo: customer relations open complaints without being helpdesk managers; the
            # ticket stays in the dealer's company.
            tickets = (
                self.env["helpdesk.ticket"]
                .sudo()
                .create([repair._prepare_complaint_values() for repair in unhappy])
            )
            for repair, ticket in zip(unhappy, tickets, strict=True):
                repair.kia_ticket_id = ticket
        return res

    def _prepare_complaint_values(self):
        """Values of the complaint ticket an unsatisfied follow-up opens; the complaints module
        extends it (category, severity, deadlines)."""
        self.ensure_one()
        return {
            "name": self._kia_lang_env()._(
                "Unsatisfied customer after %(name)s (%(vehicle)s)",
                name=self.name,
                vehicle=self.vehicle_id.display_name or "-",
            ),
            "description": self.kia_followup_note
            or self.env._(
                "Customer unsatisfied at the follow-up call of %(name)s.", name=self.name
            ),
            "partner_id": self.partner_id.id,
            "company_id": self.company_id.id,
            "kia_is_complaint": True,
            "kia_complaint_source": "follow_up",
            "kia_vehicle_id": self.vehicle_id.id,
            "kia_repair_id": self.id,
        }

    def action_kia_view_ticket(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "helpdesk.ticket",
            "res_id": self.kia_ticket_id.id,
            "views": [[False, "form"]],
        }
