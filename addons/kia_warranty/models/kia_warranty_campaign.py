from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KiaWarrantyCampaign(models.Model):
    """A recall or service campaign of head office, shared by the whole network (no company):
    every dealer sees it and completes it for the VINs it services."""

    _name = "kia.warranty.campaign"
    _description = "Recall / Service Campaign"
    # The protected fields' message first: the head-office check refuses dealers anything.
    _inherit = ["mail.thread", "kia.protected.mixin", "kia.hq.owned.mixin"]
    _order = "date_from desc, id desc"

    _sql_constraints = [("code_uniq", "unique(code)", "A campaign code is used once.")]

    name = fields.Char(required=True, translate=True, tracking=True)
    code = fields.Char(required=True, index=True, tracking=True)
    campaign_type = fields.Selection(
        [("recall", "Recall"), ("campaign", "Service Campaign")],
        string="Type",
        required=True,
        default="recall",
        tracking=True,
    )
    state = fields.Selection(
        [("draft", "Draft"), ("open", "Open"), ("closed", "Closed")],
        default="draft",
        required=True,
        index=True,
        tracking=True,
    )
    date_from = fields.Date(string="Start", required=True, default=fields.Date.context_today)
    date_to = fields.Date(string="End")
    description = fields.Html(string="Instructions")
    operation_code = fields.Char(string="Labour Operation")
    labor_hours = fields.Float(string="Labour Hours", digits=(16, 2))
    part_ids = fields.One2many("kia.warranty.campaign.part", "campaign_id", string="Parts")
    vehicle_ids = fields.One2many("kia.warranty.campaign.vehicle", "campaign_id", string="VIN List")
    vehicle_count = fields.Integer(compute="_compute_counts", string="VINs")
    done_count = fields.Integer(compute="_compute_counts", string="Done")

    def _kia_hq_owned(self):
        # Kia's network catalogue: no record belongs to a dealer.
        return self

    def _kia_hq_groups(self):
        return ("kia_base.group_hq_manager", "kia_warranty.group_hq_warranty_reviewer")

    @api.depends("vehicle_ids.state")
    def _compute_counts(self):
        groups = self.env["kia.warranty.campaign.vehicle"]._read_group(
            [("campaign_id", "in", self.ids)], ["campaign_id", "state"], ["__count"]
        )
        counts = {}
        for campaign, state, count in groups:
            counts.setdefault(campaign, {})[state] = count
        for campaign in self:
            by_state = counts.get(campaign, {})
            campaign.vehicle_count = sum(by_state.values())
            campaign.done_count = by_state.get("done", 0)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for campaign in self:
            if campaign.date_to and campaign.date_to < campaign.date_from:
                raise ValidationError(self.env._("A campaign cannot end before it starts."))

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res["state"] = self.env._("head office's Open and Close buttons")
        return res

    def action_open(self):
        self._kia_require_groups(*self._kia_hq_groups(), action=self.env._("open"))
        with self._kia_unlocked("state"):
            self.write({"state": "open"})
        return True

    def action_close(self):
        self._kia_require_groups(*self._kia_hq_groups(), action=self.env._("close"))
        with self._kia_unlocked("state"):
            self.write({"state": "closed"})
        return True
