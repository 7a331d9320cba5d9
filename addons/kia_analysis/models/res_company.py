from odoo import api, fields, models
from odoo.exceptions import UserError

# VAT on a reward head office pays a dealer: a modern service (现代服务), 6 % in China.
REWARD_VAT_RATE = 6.0


class ResCompany(models.Model):
    _inherit = "res.company"

    kia_labor_cost_rate = fields.Float(
        string="Labour Cost per Clocked Hour",
        default=60.0,
        help="What one hour a technician clocks costs the dealer (wages and on-costs): the "
        "labour cost of the gross-profit KPIs.",
    )
    kia_kpi_amber_pct = fields.Float(
        string="KPI Amber Band (%)",
        default=10.0,
        help="A KPI that misses its target by at most this share of the target shows amber "
        "on the dashboard; further off it shows red.",
    )
    kia_declined_recovery_days = fields.Integer(
        string="Declined Work Recovered Within (days)",
        default=90,
        help="A job the customer declined counts as recovered when a later repair order of "
        "the same vehicle does it within this many days.",
    )

    kia_sanction_ids = fields.One2many("kia.assessment.sanction", "company_id")
    kia_warranty_suspended = fields.Boolean(
        string="Warranty Authority Suspended",
        compute="_compute_kia_sanction_effects",
        store=True,
        help="A posted suspension of warranty authority is in effect: the dealer submits no "
        "warranty claim until head office lifts it.",
    )
    kia_authorisation_ended = fields.Boolean(
        string="Authorised Status Ended",
        compute="_compute_kia_sanction_effects",
        store=True,
        help="Head office has ended the dealer's authorised (特约) status.",
    )

    @api.depends("kia_sanction_ids.state", "kia_sanction_ids.sanction_type")
    def _compute_kia_sanction_effects(self):
        Sanction = self.env["kia.assessment.sanction"]
        # sudo: the dealer's standing follows head office's posted sanctions, whoever reads it.
        in_effect = dict.fromkeys(("suspension", "termination"), self.browse())
        for company, sanction_type in Sanction.sudo()._read_group(
            [
                ("company_id", "in", self.ids),
                ("state", "=", "posted"),
                ("sanction_type", "in", ("suspension", "termination")),
            ],
            ["company_id", "sanction_type"],
        ):
            in_effect[sanction_type] |= company
        for company in self:
            company.kia_warranty_suspended = company in in_effect["suspension"]
            company.kia_authorisation_ended = company in in_effect["termination"]

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        posted = self.env._("head office's sanctions (Post and Lift)")
        res.update(dict.fromkeys(("kia_warranty_suspended", "kia_authorisation_ended"), posted))
        return res

    def _kia_check_warranty_authority(self):
        """Refuse warranty claims of a dealer whose warranty authority is suspended or whose
        authorised status head office has ended."""
        # sudo: the dealer's standing is head office's data.
        for company in self.sudo():
            if company.kia_authorisation_ended:
                raise UserError(
                    self.env._(
                        "Head office has ended the authorised status of %(dealer)s: it submits "
                        "no warranty claim.",
                        dealer=company.name,
                    )
                )
            if company.kia_warranty_suspended:
                raise UserError(
                    self.env._(
                        "The warranty authority of %(dealer)s is suspended by head office: no "
                        "warranty claim can be submitted until the sanction is lifted.",
                        dealer=company.name,
                    )
                )

    def _kia_reward_vat(self, use, rate=REWARD_VAT_RATE):
        """The company's VAT on a dealer's reward (a taxable service it sells head office):
        its ``use`` (sale or purchase) tax at ``rate`` (l10n_cn: 6 % on services), else its
        chart's default sale or purchase tax. A company without one cannot book a reward."""
        return self._kia_vat(use, rate, or_default=True)

    def _kia_reward_account(self, use):
        """Where a reward is booked: in the dealer's books as other operating income (l10n_cn
        6051 其他业务收入, not after-sales revenue), in head office's as a selling expense
        (6601 销售费用). Without the Chinese chart: the line's default account."""
        self.ensure_one()
        code = "605100" if use == "sale" else "660100"
        return (
            self.env.ref(f"account.{self.id}_l10n_cn_common_{code}", raise_if_not_found=False)
            or self.env["account.account"]
        )
