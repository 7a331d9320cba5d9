from odoo import Command, api, fields, models

from .repair_service import PAYERS


class SaleOrder(models.Model):
    _inherit = "sale.order"

    kia_repair_id = fields.Many2one(
        "repair.order",
        string="Repair Order Sold",
        index="btree_not_null",
        readonly=True,
        copy=False,
        check_company=True,
        help="The repair order whose lines of one payer this order sells.",
    )
    kia_payer = fields.Selection(
        # internal: orders of repair orders settled before internal work became an expense entry
        [p for p in PAYERS if p[0] in ("customer", "insurance", "internal")],
        string="Payer",
        readonly=True,
        copy=False,
        help="Customer orders charge the customer, insurer orders the insurance company of an "
        "accident repair. Warranty lines are claimed from Kia; internal and goodwill work is "
        "booked to an expense account, never sold.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # Odoo's repair → quotation links the repair order: that is the customer's order.
            links = [
                command[1]
                for command in vals.get("repair_order_ids") or []
                if command[0] == Command.LINK
            ]
            if links and not vals.get("kia_repair_id"):
                vals["kia_repair_id"] = links[0]
                vals.setdefault("kia_payer", "customer")
        return super().create(vals_list)

    def _prepare_invoice(self):
        values = super()._prepare_invoice()
        if self.kia_repair_id:
            values["kia_repair_id"] = self.kia_repair_id.id
        return values

    def _kia_invoice_and_post(self, auto_post):
        """Invoice what is left to invoice of these repair orders' orders; post the drafts when
        ``auto_post``, else leave them to the accountant."""
        to_invoice = self.filtered(lambda o: o.invoice_status == "to invoice")
        if to_invoice:
            to_invoice._create_invoices()
        drafts = self.invoice_ids.filtered(lambda move: move.state == "draft")
        if auto_post and drafts:
            drafts.action_post()
