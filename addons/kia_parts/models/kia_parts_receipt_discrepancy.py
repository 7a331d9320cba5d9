from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

DISCREPANCY_TYPES = [
    ("short", "Short"),
    ("over", "Over"),
    ("damaged", "Damaged"),
    ("wrong", "Wrong Part"),
]


class KiaPartsReceiptDiscrepancy(models.Model):
    _name = "kia.parts.receipt.discrepancy"
    _description = "Parts Receipt Discrepancy"
    _order = "picking_id, id"
    _check_company_auto = True

    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    picking_id = fields.Many2one(
        "stock.picking",
        string="Receipt",
        required=True,
        ondelete="cascade",
        index=True,
        check_company=True,
    )
    move_id = fields.Many2one(
        "stock.move",
        string="Packing List Line",
        check_company=True,
        domain="[('picking_id', '=', picking_id)]",
    )
    product_id = fields.Many2one(
        "product.product", string="Part", required=True, check_company=True
    )
    discrepancy_type = fields.Selection(
        DISCREPANCY_TYPES, string="Type", required=True, default="short"
    )
    quantity = fields.Float(required=True, digits="Product Unit of Measure", default=1.0)
    received_product_id = fields.Many2one(
        "product.product",
        string="Part Received Instead",
        check_company=True,
        help="For a wrong part: what was in the box.",
    )
    price_unit = fields.Float(
        string="Unit Price",
        digits="Product Price",
        compute="_compute_price_unit",
        store=True,
        readonly=False,
    )
    note = fields.Char()
    claim_id = fields.Many2one(
        "kia.parts.claim", string="Parts Claim", index="btree_not_null", check_company=True
    )

    @api.depends("move_id", "product_id")
    def _compute_price_unit(self):
        for line in self:
            line.price_unit = (
                line.move_id.purchase_line_id.price_unit or line.product_id.kia_dealer_price
            )

    @api.onchange("move_id")
    def _onchange_move_id(self):
        if self.move_id:
            self.product_id = self.move_id.product_id

    @api.constrains("quantity", "discrepancy_type", "received_product_id")
    def _check_quantity(self):
        for line in self:
            if line.quantity <= 0:
                raise ValidationError(self.env._("A discrepancy needs a positive quantity."))
            if line.discrepancy_type == "wrong" and not line.received_product_id:
                raise ValidationError(
                    self.env._("Say which part was received instead of the one ordered.")
                )

    def _kia_check_claim_open(self, claims):
        """The lines of a claim sent to head office are what head office decides on: they
        change no more (nor are new lines added to it)."""
        if self.env.su:
            return
        sent = claims.filtered(lambda claim: claim.state != "draft")
        if sent:
            raise AccessError(
                self.env._(
                    "Parts claim %(claim)s is submitted to head office: its lines no longer "
                    "change.",
                    claim=sent[0].name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        claim_ids = [vals["claim_id"] for vals in vals_list if vals.get("claim_id")]
        self._kia_check_claim_open(self.env["kia.parts.claim"].browse(claim_ids))
        return super().create(vals_list)

    def write(self, vals):
        claims = self.claim_id
        if vals.get("claim_id"):
            claims |= self.env["kia.parts.claim"].browse(vals["claim_id"])
        self._kia_check_claim_open(claims)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_claim_sent(self):
        self._kia_check_claim_open(self.claim_id)
