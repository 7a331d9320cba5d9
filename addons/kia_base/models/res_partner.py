from odoo import api, fields, models
from odoo.exceptions import AccessError


class ResPartner(models.Model):
    _inherit = "res.partner"

    kia_vehicle_ids = fields.One2many("fleet.vehicle", "kia_owner_id", string="Vehicles")
    kia_vehicle_count = fields.Integer(compute="_compute_kia_vehicle_count", string="Vehicle Count")

    @api.model_create_multi
    def create(self, vals_list):
        company = self._kia_staff_company()
        if company:
            # A dealer's customers are its own: staff of a dealer create them in the dealer's
            # company (res.partner's company rule then hides them from other dealers).
            for vals in vals_list:
                if not vals.get("company_id"):
                    vals["company_id"] = company.id
        return super().create(vals_list)

    def write(self, vals):
        if "company_id" in vals:
            company = self._kia_staff_company()
            moved = self.filtered(
                lambda partner: (
                    company and partner.company_id == company and vals["company_id"] != company.id
                )
            )
            if moved:
                raise AccessError(
                    self.env._(
                        "%(name)s is a customer of %(company)s: its staff cannot share it with "
                        "the whole network or move it to another company.",
                        name=moved[0].display_name,
                        company=company.name,
                    )
                )
        return super().write(vals)

    def _kia_staff_company(self):
        """The dealer company new partners of the current user belong to: for Kia's dealer
        staff only (head office's partners stay shared; other Odoo users are unaffected)."""
        if self.env.su or not self.env.user.has_group("kia_base.group_user"):
            return self.env["res.company"]
        company = self.env.company
        return (
            company if company.kia_dealer_type and company.kia_dealer_type != "hq" else company[:0]
        )

    @api.depends("kia_vehicle_ids")
    def _compute_kia_vehicle_count(self):
        counts = dict(
            self.env["fleet.vehicle"]._read_group(
                [("kia_owner_id", "in", self.ids)], ["kia_owner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.kia_vehicle_count = counts.get(partner._origin, 0)

    def action_view_kia_vehicles(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kia_base.fleet_vehicle_action")
        action["domain"] = [("kia_owner_id", "=", self.id)]
        action["context"] = {"default_kia_owner_id": self.id}
        return action
