from odoo import api, fields, models

from odoo.addons.kia_base.models.fleet_vehicle import normalize_code


class KiaWarrantyCampaignVehicle(models.Model):
    _name = "kia.warranty.campaign.vehicle"
    _description = "Campaign VIN"
    _inherit = ["kia.hq.owned.mixin"]
    _order = "campaign_id, vin"
    _rec_name = "vin"

    _sql_constraints = [
        ("vin_uniq", "unique(campaign_id, vin)", "A VIN is listed once per campaign."),
    ]

    campaign_id = fields.Many2one(
        "kia.warranty.campaign", required=True, ondelete="cascade", index=True
    )
    campaign_state = fields.Selection(
        related="campaign_id.state", store=True, index=True, string="Campaign Status"
    )
    vin = fields.Char(string="VIN", required=True, index="btree")
    state = fields.Selection(
        [("open", "Open"), ("done", "Done")], default="open", required=True, index=True
    )
    done_company_id = fields.Many2one("res.company", string="Done At", readonly=True)
    done_date = fields.Date(readonly=True)
    repair_id = fields.Many2one("repair.order", readonly=True)
    claim_id = fields.Many2one("kia.warranty.claim", readonly=True)

    def _kia_hq_owned(self):
        # Kia's network catalogue: no record belongs to a dealer.
        return self

    def _kia_hq_groups(self):
        return ("kia_base.group_hq_manager", "kia_warranty.group_hq_warranty_reviewer")

    @api.depends("vin", "campaign_id.code", "campaign_id.name")
    def _compute_display_name(self):
        for line in self:
            line.display_name = f"{line.campaign_id.code} {line.campaign_id.name}"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals["vin"] = normalize_code(vals.get("vin"))
        return super().create(vals_list)
