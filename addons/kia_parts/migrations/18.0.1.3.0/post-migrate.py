from odoo.tools import SQL


def migrate(cr, version):
    """Count lines now say whether they were counted. Lines of stocktakings already submitted
    were counted; of those still being counted, a quantity entered is a count, a zero is not
    known to be one and waits for the counter."""
    cr.execute(
        SQL(
            """
            UPDATE kia_parts_stocktake_line l
               SET count_state = 'counted'
              FROM kia_parts_stocktake s
             WHERE s.id = l.stocktake_id
               AND (s.state != 'counting' OR l.counted_qty != 0)
            """
        )
    )
