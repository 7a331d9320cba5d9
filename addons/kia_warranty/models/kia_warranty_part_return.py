from odoo import api, fields, models
from odoo.exceptions import UserError


class KiaWarrantyPartReturn(models.Model):
    _name = "kia.warranty.part.return"
    _description = "Old Parts Shipment"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
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
    picking_id = fields.Many2one(
        "stock.picking",
        string="Transfer",
        readonly=True,
        copy=False,
        check_company=True,
        help="The stock transfer that took the parts from the old-part store to head office.",
    )

    @api.depends("old_part_ids")
    def _compute_part_count(self):
        for shipment in self:
            shipment.part_count = len(shipment.old_part_ids)

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        res.update(
            {
                "state": self.env._(
                    "the Ship button (the dealer) and the Receive button (head office)"
                ),
                "ship_date": self.env._("the Ship button"),
                "picking_id": self.env._("the Ship button"),
                "receive_date": self.env._("head office's Receive button"),
            }
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = (
                    self.env["ir.sequence"].next_by_code("kia.warranty.part.return") or "/"
                )
        return super().create(vals_list)

    def write(self, vals):
        if "old_part_ids" in vals and not self.env.su:
            shipped = self.filtered(lambda shipment: shipment.state != "draft")
            if shipped:
                raise UserError(
                    self.env._(
                        "Shipment %(name)s is already shipped: its old parts cannot change.",
                        name=shipped[0].name,
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_shipped(self):
        if any(shipment.state != "draft" for shipment in self):
            raise UserError(self.env._("A shipped old-parts shipment cannot be deleted."))

    def action_ship(self):
        self._kia_require_groups("kia_warranty.group_warranty_admin", action=self.env._("ship"))
        for shipment in self:
            if shipment.state != "draft" or not shipment.old_part_ids:
                raise UserError(
                    self.env._(
                        "Shipment %(name)s needs requested old parts and must be a draft.",
                        name=shipment.name,
                    )
                )
            parts = shipment.old_part_ids
            parts._kia_check_states(("requested",))
            with parts._kia_unlocked("state"):
                parts.write({"state": "shipped"})
            picking = shipment._kia_ship_picking()
            with self._kia_unlocked("state", "ship_date", "picking_id"):
                shipment.write(
                    {
                        "state": "shipped",
                        "ship_date": fields.Date.context_today(self),
                        "picking_id": picking.id if picking else False,
                    }
                )
        return True

    def _kia_ship_picking(self):
        """A done delivery from the dealer's old-part store to head office (the inter-company
        transit location), for the parts that were stored."""
        self.ensure_one()
        parts = self.old_part_ids._kia_stock_parts().filtered("location_id")
        if not parts:
            return False
        # sudo: warranty staff hold no inventory rights; the transfer follows the shipment.
        warehouse = parts[0].location_id.sudo().warehouse_id
        transit = self.env.ref(
            "stock.stock_location_inter_company", raise_if_not_found=False
        ) or self.env.ref("stock.stock_location_customers")
        # sudo: the dealer reads head office's partner only to address the transfer.
        hq = self.company_id.sudo().kia_hq_company_id.partner_id
        return parts._kia_transfer(warehouse.out_type_id, parts[0].location_id, transit, hq)

    def action_view_picking(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "stock.picking",
            "res_id": self.picking_id.id,
            "views": [[False, "form"]],
        }

    def action_receive(self):
        """Head office receives the old parts (a reviewer of another company than the
        dealer's)."""
        self.old_part_ids.claim_id._kia_check_reviewer()
        self.env["kia.warranty.claim"]._kia_check_reviewer()
        if any(shipment.state != "shipped" for shipment in self):
            raise UserError(self.env._("Only shipped shipments can be received."))
        parts = self.old_part_ids
        with parts._kia_unlocked("state"):
            parts.write({"state": "received"})
        with self._kia_unlocked("state", "receive_date"):
            self.write({"state": "received", "receive_date": fields.Date.context_today(self)})
        return True
