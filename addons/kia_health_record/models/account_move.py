from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # sudo: whoever posts (an accountant outside Kia's roles) may not read repair orders;
        # queuing the changed settlement's health record is the system's job, not theirs.
        sales = posted.sudo().filtered(lambda m: m.move_type in ("out_invoice", "out_refund"))
        if sales:
            orders = (
                sales.line_ids.sale_line_ids | sales.reversed_entry_id.line_ids.sale_line_ids
            ).order_id
            repairs = orders.kia_repair_id.filtered("kia_delivery_date")
            if repairs:
                refunds = sales.filtered(lambda m: m.move_type == "out_refund")
                reason = self.env._(
                    "Settlement changed by %(documents)s",
                    documents=", ".join(refunds.mapped("name") or sales.mapped("name")),
                )
                repairs._kia_health_queue(reason=reason)
        return posted
