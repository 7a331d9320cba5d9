from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .stock_move import old_part_step

OLD_PART_STATES = [
    ("stored", "Stored at Dealer"),
    ("requested", "Return Requested"),
    ("shipped", "Shipped"),
    ("received", "Received by Head Office"),
    ("scrap_requested", "Scrap Requested"),
    ("scrapped", "Scrapped"),
]


class KiaWarrantyOldPart(models.Model):
    _name = "kia.warranty.old.part"
    _description = "Warranty Old Part"
    _inherit = ["mail.thread", "kia.protected.mixin"]
    _order = "id desc"
    _check_company_auto = True

    name = fields.Char(string="Tag No.", required=True, copy=False, default="/", readonly=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    claim_id = fields.Many2one(
        "kia.warranty.claim", required=True, index=True, ondelete="restrict", check_company=True
    )
    claim_line_id = fields.Many2one("kia.warranty.claim.line", ondelete="set null")
    vin = fields.Char(related="claim_id.vin", string="VIN")
    product_id = fields.Many2one("product.product", string="Part", required=True)
    quantity = fields.Float(default=1.0, digits="Product Unit of Measure")
    state = fields.Selection(
        OLD_PART_STATES, default="stored", required=True, index=True, tracking=True
    )
    retention_date = fields.Date(
        string="Keep Until",
        compute="_compute_retention_date",
        store=True,
        help="The part stays at the dealer at least until this date.",
    )
    return_due_date = fields.Date(string="Return Due", tracking=True, index=True)
    return_id = fields.Many2one(
        "kia.warranty.part.return", string="Shipment", index=True, check_company=True
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue", string="Return Overdue"
    )
    location_id = fields.Many2one(
        "stock.location", string="Old-Part Store", readonly=True, copy=False, check_company=True
    )
    stock_move_ids = fields.Many2many(
        "stock.move", string="Stock Moves", readonly=True, copy=False, check_company=True
    )
    claim_submit_date = fields.Date(related="claim_id.submit_date", string="Claimed On")
    failure_code_id = fields.Many2one(related="claim_id.failure_code_id")

    @api.depends("claim_id.submit_date", "company_id.kia_wty_retention_days")
    def _compute_retention_date(self):
        for part in self:
            start = part.claim_id.submit_date or fields.Date.context_today(part)
            part.retention_date = start + timedelta(days=part.company_id.kia_wty_retention_days)

    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for part in self:
            part.is_overdue = (
                part.state == "requested"
                and bool(part.return_due_date)
                and part.return_due_date < today
            )

    def _search_is_overdue(self, operator, value):
        today = fields.Date.context_today(self)
        domain = [("state", "=", "requested"), ("return_due_date", "<", today)]
        if (operator == "=") == bool(value):
            return domain
        return ["!", "&", *domain]

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        tagging = self.env._("the claim's Submit to Head Office button (it tags the old parts)")
        res.update(
            {
                "state": self.env._(
                    "the old part's buttons (head office: Ask for Return, Approve Scrapping, "
                    "Receive on the shipment; the dealer: Ask to Scrap, Ship)"
                ),
                "return_due_date": self.env._("head office's Ask for Return button"),
                "claim_id": tagging,
                "location_id": tagging,
                "stock_move_ids": self.env._("the old part's stock transfers"),
                "claim_line_id": tagging,
                "product_id": tagging,
                "quantity": tagging,
            }
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kia.warranty.old.part") or "/"
        parts = super().create(vals_list)
        parts._kia_store()
        return parts

    def action_request_return(self):
        """Head office asks for the parts: the dealer must ship them before the due date."""
        self.claim_id._kia_check_reviewer()
        self._kia_check_states(("stored",))
        today = fields.Date.context_today(self)
        for part in self:
            with self._kia_unlocked("state", "return_due_date"):
                part.write(
                    {
                        "state": "requested",
                        "return_due_date": today
                        + timedelta(days=part.company_id.kia_wty_return_days),
                    }
                )
        return True

    def action_request_scrap(self):
        """The dealer asks head office to let it scrap the parts instead of shipping them."""
        self._kia_require_groups(
            "kia_warranty.group_warranty_admin", action=self.env._("ask to scrap")
        )
        self._kia_check_states(("stored",))
        with self._kia_unlocked("state"):
            self.write({"state": "scrap_requested"})
        return True

    def action_approve_scrap(self):
        self.claim_id._kia_check_reviewer()
        self._kia_check_states(("scrap_requested",))
        self._kia_check_retention()
        with self._kia_unlocked("state"):
            self.write({"state": "scrapped"})
        self._kia_scrap()
        return True

    def action_print_tag(self):
        return self.env.ref("kia_warranty.kia_warranty_old_part_tag_report").report_action(self)

    def _kia_check_retention(self):
        """No old part leaves the dealer's store for the scrap before its retention date."""
        today = fields.Date.context_today(self)
        early = self.filtered(lambda p: p.retention_date and p.retention_date > today)
        if early:
            raise UserError(
                self.env._(
                    "Old part %(name)s must be kept until %(date)s: it cannot be scrapped before.",
                    name=early[0].name,
                    date=early[0].retention_date,
                )
            )

    def _kia_stock_parts(self):
        return self.filtered(lambda p: p.product_id.type == "consu")

    def _kia_store(self):
        """The tagged parts enter the dealer's old-part store: a done receipt from the
        customer's car (the customers location) into the store."""
        for company in self.company_id:
            parts = self.filtered(lambda p, c=company: p.company_id == c)
            # sudo: warranty staff hold no inventory rights; the store and its transfers follow
            # the claim, nobody edits them by hand.
            warehouse = (
                self.env["stock.warehouse"]
                .sudo()
                .search([("company_id", "=", company.id)], limit=1)
            )
            if not warehouse:
                continue
            location = warehouse._kia_old_part_location()
            with parts._kia_unlocked("location_id"):
                parts.write({"location_id": location.id})
            stocked = parts._kia_stock_parts()
            if stocked:
                stocked._kia_transfer(
                    warehouse.in_type_id,
                    self.env.ref("stock.stock_location_customers"),
                    location,
                    False,
                )

    def _kia_transfer(self, picking_type, source, dest, partner):
        """A done transfer of these parts from ``source`` to ``dest``, linked to them."""
        Picking = self.env["stock.picking"].sudo()  # see _kia_store
        company = self.company_id
        picking = Picking.with_company(company).create(
            {
                "picking_type_id": picking_type.id,
                "location_id": source.id,
                "location_dest_id": dest.id,
                "partner_id": partner.id if partner else False,
                "origin": ", ".join(self.mapped("name")),
                "company_id": company.id,
                "move_ids": [
                    fields.Command.create(
                        {
                            "name": part.name,
                            "product_id": part.product_id.id,
                            "product_uom_qty": part.quantity,
                            "product_uom": part.product_id.uom_id.id,
                            "location_id": source.id,
                            "location_dest_id": dest.id,
                            "company_id": company.id,
                        }
                    )
                    for part in self
                ],
            }
        )
        picking.action_confirm()
        for move in picking.move_ids:
            move.quantity = move.product_uom_qty
            move.picked = True
        with old_part_step():
            picking.with_context(skip_backorder=True, skip_sms=True).button_validate()
        # Confirming merges the moves of one product: each part links its product's move.
        moves = {move.product_id: move for move in picking.move_ids}
        for part in self:
            with part._kia_unlocked("stock_move_ids"):
                part.write({"stock_move_ids": [fields.Command.link(moves[part.product_id].id)]})
        return picking

    def _kia_scrap(self):
        """Scrapped parts leave the old-part store through Odoo's scrap."""
        Scrap = self.env["stock.scrap"].sudo()  # see _kia_store
        for part in self._kia_stock_parts().filtered("location_id"):
            scrap = Scrap.with_company(part.company_id).create(
                {
                    "product_id": part.product_id.id,
                    "scrap_qty": part.quantity,
                    "product_uom_id": part.product_id.uom_id.id,
                    "location_id": part.location_id.id,
                    "company_id": part.company_id.id,
                    "origin": part.name,
                }
            )
            # The part is in the store (received at tagging): no availability wizard.
            with old_part_step():
                scrap.do_scrap()
            with part._kia_unlocked("stock_move_ids"):
                part.write({"stock_move_ids": [fields.Command.link(m.id) for m in scrap.move_ids]})
        return True

    def _kia_check_states(self, states):
        wrong = self.filtered(lambda p: p.state not in states)
        if wrong:
            raise UserError(
                self.env._(
                    "Old part %(name)s is %(state)s: this step does not apply.",
                    name=wrong[0].name,
                    state=dict(OLD_PART_STATES)[wrong[0].state],
                )
            )
