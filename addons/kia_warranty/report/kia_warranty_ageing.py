from odoo import fields, models, tools
from odoo.tools import SQL

BUCKETS = [
    ("0_30", "0-30 Days"),
    ("31_60", "31-60 Days"),
    ("61_90", "61-90 Days"),
    ("90_plus", "Over 90 Days"),
]


class KiaWarrantyAgeing(models.Model):
    """Warranty receivable ageing: the open part of every posted claim document (the dealer's
    settlement invoices and chargeback credit notes, head office's mirrored bills and credit
    notes), aged from its due date. Positive is what head office owes the dealer, on both
    sides: at head office grouped per dealer, at the dealer per claim."""

    _name = "kia.warranty.ageing"
    _description = "Warranty Receivable Ageing"
    _auto = False
    _order = "date_maturity, id"
    _rec_name = "move_id"

    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    dealer_company_id = fields.Many2one("res.company", string="Dealer", readonly=True)
    partner_id = fields.Many2one("res.partner", readonly=True)
    claim_id = fields.Many2one("kia.warranty.claim", string="Warranty Claim", readonly=True)
    move_id = fields.Many2one("account.move", string="Document", readonly=True)
    move_type = fields.Selection(
        [
            ("out_invoice", "Settlement Invoice"),
            ("out_refund", "Chargeback Credit Note"),
            ("in_invoice", "Settlement Bill"),
            ("in_refund", "Chargeback Credit Note (Head Office)"),
        ],
        string="Document Type",
        readonly=True,
    )
    date = fields.Date(string="Document Date", readonly=True)
    date_maturity = fields.Date(string="Due Date", readonly=True)
    days_due = fields.Integer(string="Days", readonly=True, aggregator="max")
    bucket = fields.Selection(BUCKETS, readonly=True)
    amount_residual = fields.Monetary(string="Open Amount", readonly=True)
    amount_0_30 = fields.Monetary(string="0-30 Days", readonly=True)
    amount_31_60 = fields.Monetary(string="31-60 Days", readonly=True)
    amount_61_90 = fields.Monetary(string="61-90 Days", readonly=True)
    amount_90_plus = fields.Monetary(string="Over 90 Days", readonly=True)

    def _query(self):
        days = SQL("(CURRENT_DATE - COALESCE(aml.date_maturity, aml.date))")
        # Receivable lines count as they are, payable ones (head office) with their sign
        # turned: positive is owed to the dealer on both sides.
        amount = SQL(
            "CASE WHEN account.account_type = 'liability_payable' THEN -aml.amount_residual "
            "ELSE aml.amount_residual END"
        )
        return SQL(
            """
            SELECT aml.id AS id,
                   aml.company_id AS company_id,
                   aml.company_currency_id AS currency_id,
                   claim.company_id AS dealer_company_id,
                   aml.partner_id AS partner_id,
                   move.kia_wty_claim_id AS claim_id,
                   move.id AS move_id,
                   move.move_type AS move_type,
                   aml.date AS date,
                   COALESCE(aml.date_maturity, aml.date) AS date_maturity,
                   %(days)s AS days_due,
                   CASE WHEN %(days)s <= 30 THEN '0_30'
                        WHEN %(days)s <= 60 THEN '31_60'
                        WHEN %(days)s <= 90 THEN '61_90'
                        ELSE '90_plus' END AS bucket,
                   %(amount)s AS amount_residual,
                   CASE WHEN %(days)s <= 30 THEN %(amount)s ELSE 0 END AS amount_0_30,
                   CASE WHEN %(days)s > 30 AND %(days)s <= 60 THEN %(amount)s ELSE 0 END
                       AS amount_31_60,
                   CASE WHEN %(days)s > 60 AND %(days)s <= 90 THEN %(amount)s ELSE 0 END
                       AS amount_61_90,
                   CASE WHEN %(days)s > 90 THEN %(amount)s ELSE 0 END AS amount_90_plus
              FROM account_move_line aml
              JOIN account_move move ON move.id = aml.move_id
              JOIN account_account account ON account.id = aml.account_id
              JOIN kia_warranty_claim claim ON claim.id = move.kia_wty_claim_id
             WHERE move.state = 'posted'
               AND account.account_type IN ('asset_receivable', 'liability_payable')
               AND aml.amount_residual != 0
            """,
            days=days,
            amount=amount,
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL("CREATE OR REPLACE VIEW %s AS (%s)", SQL.identifier(self._table), self._query())
        )
