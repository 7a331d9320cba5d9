from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

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
        return super().create(vals_list)

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
        with self._kia_unlocked("state"):
            self.write({"state": "scrapped"})
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
