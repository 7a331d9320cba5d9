from odoo import api, fields, models
from odoo.exceptions import UserError


class KiaWarrantyPartReturn(models.Model):
    _name = "kia.warranty.part.return"
    _description = "Old Parts Shipment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Shipment No.", required=True, copy=False, default="/", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    state = fields.Selection(
        [("draft", "Draft"), ("shipped", "Shipped"), ("received", "Received")],
        default="draft",
        required=True,
        index=True,
        tracking=True,
    )
    old_part_ids = fields.One2many(
        "kia.warranty.old.part",
        "return_id",
        string="Old Parts",
    )
    carrier = fields.Char(tracking=True)
    tracking_ref = fields.Char(string="Waybill No.")
    ship_date = fields.Date(tracking=True)
    receive_date = fields.Date(tracking=True)
    part_count = fields.Integer(compute="_compute_part_count", string="Parts")

    @api.depends("old_part_ids")
    def _compute_part_count(self):
        for shipment in self:
            shipment.part_count = len(shipment.old_part_ids)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("kia.warranty.part.return") or "/"
                )
        return super().create(vals_list)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_shipped(self):
        if any(shipment.state != "draft" for shipment in self):
            raise UserError(self.env._("A shipped old-parts shipment cannot be deleted."))

    def action_ship(self):
        for shipment in self:
            if shipment.state != "draft" or not shipment.old_part_ids:
                raise UserError(
                    self.env._(
                        "Shipment %(name)s needs requested old parts and must be a draft.",
                        name=shipment.name,
                    )
                )
            shipment.old_part_ids._kia_check_states(("requested",))
            shipment.old_part_ids.write({"state": "shipped"})
            shipment.write({"state": "shipped", "ship_date": fields.Date.context_today(self)})
        return True

    def action_receive(self):
        self.env["kia.warranty.claim"]._kia_check_reviewer()
        if any(shipment.state != "shipped" for shipment in self):
            raise UserError(self.env._("Only shipped shipments can be received."))
        self.old_part_ids.write({"state": "received"})
        self.write({"state": "received", "receive_date": fields.Date.context_today(self)})
        return True
