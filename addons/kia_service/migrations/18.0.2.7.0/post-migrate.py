from odoo import api
from odoo.tools import SQL


def migrate(cr, version):
    """A labor line now reads as its labor operation, not as the labor product ("Labor"):
    lines still carrying the product's name take their operation's."""
    env = api.Environment(cr, api.SUPERUSER_ID, {})
    cr.execute(
        SQL(
            """
            SELECT s.id FROM repair_service s
              JOIN product_product p ON p.id = s.product_id
              JOIN product_template t ON t.id = p.product_tmpl_id
             WHERE s.kia_labor_operation_id IS NOT NULL
               AND s.display_name IN (t.name->>'en_US', COALESCE(t.name->>'zh_CN', ''))
            """
        )
    )
    lines = env["repair.service"].browse([row[0] for row in cr.fetchall()])
    for line in lines:
        # written in SQL: the labor line's protected fields are not concerned
        cr.execute(
            SQL(
                "UPDATE repair_service SET display_name = %s WHERE id = %s",
                line.kia_labor_operation_id.display_name,
                line.id,
            )
        )
