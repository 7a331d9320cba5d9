from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

AUDITED_CLAIM_STATES = ("approved", "settled", "charged_back")

AUDIT_RULE_TYPES = [
    ("vehicle_cost", "Claim Cost per Vehicle Above"),
    ("dealer_outlier", "Dealer Above Network Average"),
]


class KiaWarrantyAuditRule(models.Model):
    """Head office's rule selecting claims for audit (奥迪特) from the claims of the last months:
    vehicles whose claims cost more than a threshold, or dealers whose claim cost per vehicle is
    far above the network's average."""

    _name = "kia.warranty.audit.rule"
    _description = "Claim Audit Rule"
    _inherit = ["mail.thread", "kia.hq.owned.mixin"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    rule_type = fields.Selection(AUDIT_RULE_TYPES, required=True, tracking=True)
    months = fields.Integer(
        string="Claims of the Last (Months)", default=6, required=True, tracking=True
    )
    currency_id = fields.Many2one(
        "res.currency", required=True, default=lambda self: self.env.company.currency_id
    )
    amount_threshold = fields.Monetary(
        string="Cost per Vehicle Above",
        tracking=True,
        help="A vehicle whose claims over the window cost more than this is audited.",
    )
    outlier_factor = fields.Float(
        string="Times the Network Average",
        default=1.5,
        tracking=True,
        help="A dealer whose claim cost per vehicle is above the network's average times this "
        "factor has its claims above the network average audited.",
    )

    def _kia_hq_owned(self):
        # Kia's network catalogue: no record belongs to a dealer.
        return self

    def _kia_hq_groups(self):
        return ("kia_base.group_hq_manager", "kia_warranty.group_hq_warranty_reviewer")

    @api.constrains("rule_type", "months", "amount_threshold", "outlier_factor")
    def _check_rule(self):
        for rule in self:
            if rule.months <= 0:
                raise ValidationError(self.env._("The audit window needs at least one month."))
            if rule.rule_type == "vehicle_cost" and rule.amount_threshold <= 0:
                raise ValidationError(
                    self.env._("Rule %(name)s needs a cost threshold above zero.", name=rule.name)
                )
            if rule.rule_type == "dealer_outlier" and rule.outlier_factor < 1:
                raise ValidationError(
                    self.env._("Rule %(name)s needs a factor of at least 1.", name=rule.name)
                )

    def _kia_select(self, date_from, date_to):
        """[(claim id, dealer company id, reason)] this rule selects among the claims head
        office approved that were submitted from date_from to date_to. One query."""
        self.ensure_one()
        self.env["kia.warranty.claim"].flush_model()
        # The reasons are head office's reading, in its language (sudo: a cron or a user of
        # another company finds head office's company for its language only).
        hq = self.env.company.kia_hq_company_id or self.env["res.company"].sudo().search(
            [("kia_dealer_type", "=", "hq")], limit=1
        )
        lang = hq.partner_id.lang or self.env.company.partner_id.lang or self.env.lang
        env = self.with_context(lang=lang).env
        if self.rule_type == "vehicle_cost":
            self.env.cr.execute(
                SQL(
                    """
                    WITH window_claims AS (
                        SELECT id, company_id, vin, amount_approved FROM kia_warranty_claim
                         WHERE state IN %(states)s AND submit_date BETWEEN %(start)s AND %(end)s
                    ), vehicles AS (
                        SELECT vin, sum(amount_approved) AS total, count(*) AS claims
                          FROM window_claims GROUP BY vin HAVING sum(amount_approved) > %(limit)s
                    )
                    SELECT c.id, c.company_id, v.vin, v.total, v.claims
                      FROM window_claims c JOIN vehicles v ON v.vin = c.vin
                     ORDER BY c.id
                    """,
                    states=AUDITED_CLAIM_STATES,
                    start=date_from,
                    end=date_to,
                    limit=self.amount_threshold,
                )
            )
            return [
                (
                    claim_id,
                    company_id,
                    env._(
                        "Vehicle %(vin)s: %(claims)s claims cost %(total)s from %(start)s to "
                        "%(end)s, above %(limit)s per vehicle.",
                        vin=vin,
                        claims=claims,
                        total=money(total),
                        start=date_from,
                        end=date_to,
                        limit=money(self.amount_threshold),
                    ),
                )
                for claim_id, company_id, vin, total, claims in self.env.cr.fetchall()
            ]
        self.env.cr.execute(
            SQL(
                """
                WITH window_claims AS (
                    SELECT id, company_id, vin, amount_approved FROM kia_warranty_claim
                     WHERE state IN %(states)s AND submit_date BETWEEN %(start)s AND %(end)s
                ), network AS (
                    SELECT sum(amount_approved) / NULLIF(count(DISTINCT vin), 0) AS per_vehicle,
                           avg(amount_approved) AS per_claim
                      FROM window_claims
                ), dealers AS (
                    SELECT company_id,
                           sum(amount_approved) / NULLIF(count(DISTINCT vin), 0) AS per_vehicle
                      FROM window_claims GROUP BY company_id
                )
                SELECT c.id, c.company_id, d.per_vehicle, n.per_vehicle, n.per_claim
                  FROM window_claims c
                  JOIN dealers d ON d.company_id = c.company_id
                  CROSS JOIN network n
                 WHERE d.per_vehicle > n.per_vehicle * %(factor)s
                   AND c.amount_approved > n.per_claim
                 ORDER BY c.id
                """,
                states=AUDITED_CLAIM_STATES,
                start=date_from,
                end=date_to,
                factor=self.outlier_factor,
            )
        )
        return [
            (
                claim_id,
                company_id,
                env._(
                    "The dealer's claim cost per vehicle (%(dealer)s) is above %(factor)s times "
                    "the network's (%(network)s) from %(start)s to %(end)s; this claim is above "
                    "the network's average claim (%(per_claim)s).",
                    dealer=money(dealer),
                    factor=self.outlier_factor,
                    network=money(network),
                    per_claim=money(per_claim),
                    start=date_from,
                    end=date_to,
                ),
            )
            for claim_id, company_id, dealer, network, per_claim in self.env.cr.fetchall()
        ]


def money(amount):
    """An amount as the reasons show it: 12,345.60."""
    return f"{amount:,.2f}"
