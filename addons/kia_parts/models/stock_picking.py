from odoo import api, fields, models
from odoo.exceptions import UserError


class StockPicking(models.Model):
    _inherit = "stock.picking"

    kia_is_hq_receipt = fields.Boolean(
        string="Parts Receipt from HQ", compute="_compute_kia_is_hq_receipt", store=True
    )
    kia_discrepancy_ids = fields.One2many(
        "kia.parts.receipt.discrepancy", "picking_id", string="Discrepancies"
    )
    kia_claim_ids = fields.One2many("kia.parts.claim", "picking_id", string="Parts Claims")
    kia_claim_count = fields.Integer(compute="_compute_kia_claim_count")

    @api.depends("purchase_id.kia_is_hq_order", "picking_type_code")
    def _compute_kia_is_hq_receipt(self):
        for picking in self:
            picking.kia_is_hq_receipt = bool(
                picking.picking_type_code == "incoming" and picking.purchase_id.kia_is_hq_order
            )

    def _compute_kia_claim_count(self):
        counts = dict(
            self.env["kia.parts.claim"]._read_group(
                [("picking_id", "in", self.ids)], ["picking_id"], ["__count"]
            )
        )
        for picking in self:
            picking.kia_claim_count = counts.get(picking, 0)

    def button_validate(self):
        self.filtered("kia_is_hq_receipt")._kia_check_packing_list()
        return super().button_validate()

    def action_kia_view_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("kia_parts.kia_parts_claim_action")
        action["domain"] = [("picking_id", "=", self.id)]
        return action

    def _action_done(self):
        res = super()._action_done()
        self.filtered(lambda p: p.kia_is_hq_receipt and p.state == "done")._kia_create_claims()
        self.filtered(
            lambda p: p.picking_type_code == "outgoing" and p.state == "done"
        )._kia_fill_dealer_receipts()
        return res

    def _kia_fill_dealer_receipts(self):
        """Head office shipped a dealer's parts order: the dealer's pending receipt of that
        order shows what was shipped (head office's packing list) as the quantities to check,
        and says so in its chatter."""
        # sudo: head office writes on the dealer's receipt, which its users cannot read
        for picking in self.sudo():
            order = picking.sale_id.auto_purchase_order_id
            if not order:
                continue
            shipped = {}
            for move in picking.move_ids.filtered(lambda m: m.state == "done"):
                line = move.sale_line_id.auto_purchase_line_id
                if line:
                    shipped[line] = shipped.get(line, 0.0) + move.product_uom._compute_quantity(
                        move.quantity, line.product_uom
                    )
            receipts = order.picking_ids.filtered(
                lambda p: p.picking_type_code == "incoming" and p.state not in ("done", "cancel")
            ).with_company(order.company_id)
            moves = receipts.move_ids.filtered(
                lambda m, shipped=shipped: m.purchase_line_id in shipped and not m.picked
            )
            for move in moves:
                move.quantity = min(
                    shipped[move.purchase_line_id],
                    move.product_uom._compute_quantity(move.product_uom_qty, move.product_uom),
                )
            for receipt in receipts.filtered(lambda r, moves=moves: r.move_ids & moves):
                receipt.message_post(
                    body=receipt._kia_lang_env()._(
                        "Head office shipped this order with %(delivery)s: the quantities "
                        "shipped are filled in; check them against the parts received.",
                        delivery=picking.name,
                    )
                )

    def _kia_check_packing_list(self):
        """More received than the packing list shows needs an 'over' discrepancy line."""
        for picking in self:
            over = {}
            for line in picking.kia_discrepancy_ids.filtered(
                lambda d: d.discrepancy_type == "over"
            ):
                over[line.product_id] = over.get(line.product_id, 0.0) + line.quantity
            shipped, received = {}, {}
            for move in picking.move_ids.filtered(lambda m: m.state != "cancel"):
                shipped[move.product_id] = shipped.get(move.product_id, 0.0) + move.product_qty
                received[move.product_id] = received.get(
                    move.product_id, 0.0
                ) + move.product_uom._compute_quantity(move.quantity, move.product_id.uom_id)
            for product, qty in received.items():
                extra = qty - shipped.get(product, 0.0)
                rounding = product.uom_id.rounding
                if (
                    fields.Float.compare(extra, over.get(product, 0.0), precision_rounding=rounding)
                    > 0
                ):
                    raise UserError(
                        self.env._(
                            "%(part)s: %(received)s received but the packing list shows "
                            "%(shipped)s. Record the extra quantity as an 'over' discrepancy.",
                            part=product.display_name,
                            received=qty,
                            shipped=shipped.get(product, 0.0),
                        )
                    )

    def _kia_create_claims(self):
        claims = self.env["kia.parts.claim"]
        for picking in self:
            lines = picking.kia_discrepancy_ids.filtered(lambda d: not d.claim_id)
            if not lines:
                continue
            with claims._kia_unlocked("receipt_date"):
                claim = claims.create(
                    {
                        "company_id": picking.company_id.id,
                        "picking_id": picking.id,
                        "receipt_date": (picking.date_done or fields.Datetime.now()).date(),
                    }
                )
            lines.claim_id = claim
            claims |= claim
        for claim in claims:
            claim.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=claim.deadline,
                summary=claim._kia_lang_env()._("Submit the parts claim to head office"),
                user_id=self.env.user.id,
            )
        return claims
