from odoo import api, models
from odoo.tools import SQL


class ProductProduct(models.Model):
    _inherit = "product.product"

    @api.model
    def _kia_suggested_quantities(self, company):
        """Suggested regular-order quantity per Kia part for the dealer ``company``, in one
        query whatever the number of parts: 12-month demand gives a daily rate; the reorder
        point is the larger of the reorder rule's minimum and the demand over lead time plus
        safety days; below it, order up to the larger of the reorder point and the rule's
        maximum, less stock on hand and already on order."""
        company.ensure_one()
        for model in ("stock.move", "stock.quant", "purchase.order.line", "purchase.order"):
            self.env[model].flush_model()
        self.env["stock.warehouse.orderpoint"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                WITH internal AS (
                    SELECT id FROM stock_location
                     WHERE usage = 'internal' AND company_id = %(company)s
                ), demand AS (
                    SELECT sm.product_id, SUM(sm.product_qty) AS qty
                      FROM stock_move sm
                     WHERE sm.company_id = %(company)s
                       AND sm.state = 'done'
                       AND sm.date >= NOW() - INTERVAL '12 months'
                       AND sm.location_id IN (SELECT id FROM internal)
                       AND sm.location_dest_id IN (SELECT id FROM stock_location
                                                    WHERE usage IN ('customer', 'production'))
                     GROUP BY sm.product_id
                ), onhand AS (
                    SELECT q.product_id, SUM(q.quantity) AS qty
                      FROM stock_quant q
                     WHERE q.location_id IN (SELECT id FROM internal)
                     GROUP BY q.product_id
                ), incoming AS (
                    SELECT pol.product_id, SUM(pol.product_qty - pol.qty_received) AS qty
                      FROM purchase_order_line pol
                      JOIN purchase_order po ON po.id = pol.order_id
                     WHERE po.company_id = %(company)s
                       AND po.state IN ('purchase', 'done')
                       AND pol.product_qty > pol.qty_received
                     GROUP BY pol.product_id
                ), rules AS (
                    SELECT op.product_id, SUM(op.product_min_qty) AS min_qty,
                           SUM(op.product_max_qty) AS max_qty
                      FROM stock_warehouse_orderpoint op
                     WHERE op.company_id = %(company)s AND op.active
                     GROUP BY op.product_id
                ), need AS (
                    SELECT pp.id AS product_id,
                           GREATEST(COALESCE(r.min_qty, 0),
                                    COALESCE(d.qty, 0) / 365.0 * %(days)s) AS reorder_point,
                           COALESCE(r.max_qty, 0) AS max_qty,
                           COALESCE(o.qty, 0) + COALESCE(i.qty, 0) AS projected
                      FROM product_product pp
                      JOIN product_template pt ON pt.id = pp.product_tmpl_id
                      LEFT JOIN demand d ON d.product_id = pp.id
                      LEFT JOIN onhand o ON o.product_id = pp.id
                      LEFT JOIN incoming i ON i.product_id = pp.id
                      LEFT JOIN rules r ON r.product_id = pp.id
                     WHERE pt.kia_part_number IS NOT NULL
                       AND pt.kia_successor_id IS NULL
                       AND pp.active
                       AND (d.product_id IS NOT NULL OR r.product_id IS NOT NULL)
                )
                SELECT product_id,
                       CEIL(GREATEST(reorder_point, max_qty) - projected)
                  FROM need
                 WHERE projected < reorder_point
                """,
                company=company.id,
                days=company.kia_parts_lead_days_regular + company.kia_parts_safety_days,
            )
        )
        return {product_id: qty for product_id, qty in self.env.cr.fetchall() if qty > 0}
