from odoo import fields, models
from odoo.exceptions import UserError


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    kia_parts_deposit_account_id = fields.Many2one(
        related="company_id.kia_parts_deposit_account_id", readonly=False
    )
    kia_parts_deposit_journal_id = fields.Many2one(
        related="company_id.kia_parts_deposit_journal_id", readonly=False
    )
    kia_parts_deposit_bank_account_id = fields.Many2one(
        related="company_id.kia_parts_deposit_bank_account_id", readonly=False
    )
    kia_parts_deposit_deduction_account_id = fields.Many2one(
        related="company_id.kia_parts_deposit_deduction_account_id", readonly=False
    )
    kia_parts_deposit_penalty_account_id = fields.Many2one(
        related="company_id.kia_parts_deposit_penalty_account_id", readonly=False
    )
    kia_parts_credit_factor = fields.Float(
        related="company_id.kia_parts_credit_factor", readonly=False
    )
    kia_parts_order_weekday = fields.Selection(
        related="company_id.kia_parts_order_weekday", readonly=False
    )
    kia_parts_lead_days_regular = fields.Integer(
        related="company_id.kia_parts_lead_days_regular", readonly=False
    )
    kia_parts_lead_days_emergency = fields.Integer(
        related="company_id.kia_parts_lead_days_emergency", readonly=False
    )
    kia_parts_lead_days_vor = fields.Integer(
        related="company_id.kia_parts_lead_days_vor", readonly=False
    )
    kia_parts_surcharge_emergency = fields.Float(
        related="company_id.kia_parts_surcharge_emergency", readonly=False
    )
    kia_parts_surcharge_vor = fields.Float(
        related="company_id.kia_parts_surcharge_vor", readonly=False
    )
    kia_parts_safety_days = fields.Integer(
        related="company_id.kia_parts_safety_days", readonly=False
    )
    kia_parts_claim_days = fields.Integer(related="company_id.kia_parts_claim_days", readonly=False)
    kia_parts_slow_days = fields.Integer(related="company_id.kia_parts_slow_days", readonly=False)
    kia_parts_dead_days = fields.Integer(related="company_id.kia_parts_dead_days", readonly=False)
    kia_parts_fill_rate_target = fields.Float(
        related="company_id.kia_parts_fill_rate_target", readonly=False
    )
    kia_parts_dead_share_target = fields.Float(
        related="company_id.kia_parts_dead_share_target", readonly=False
    )
    kia_parts_variance_tolerance = fields.Float(
        related="company_id.kia_parts_variance_tolerance", readonly=False
    )
    kia_parts_max_count_factor = fields.Float(
        related="company_id.kia_parts_max_count_factor", readonly=False
    )
    kia_parts_cycle_days_a = fields.Integer(
        related="company_id.kia_parts_cycle_days_a", readonly=False
    )
    kia_parts_cycle_days_b = fields.Integer(
        related="company_id.kia_parts_cycle_days_b", readonly=False
    )
    kia_parts_cycle_days_c = fields.Integer(
        related="company_id.kia_parts_cycle_days_c", readonly=False
    )
    kia_parts_full_count_days = fields.Integer(
        related="company_id.kia_parts_full_count_days", readonly=False
    )
    kia_parts_abc_a_pct = fields.Float(related="company_id.kia_parts_abc_a_pct", readonly=False)
    kia_parts_abc_b_pct = fields.Float(related="company_id.kia_parts_abc_b_pct", readonly=False)
    kia_parts_stock_account_id = fields.Many2one(
        related="company_id.kia_parts_stock_account_id", readonly=False
    )
    kia_parts_stock_input_account_id = fields.Many2one(
        related="company_id.kia_parts_stock_input_account_id", readonly=False
    )
    kia_parts_stock_output_account_id = fields.Many2one(
        related="company_id.kia_parts_stock_output_account_id", readonly=False
    )
    kia_parts_count_account_id = fields.Many2one(
        related="company_id.kia_parts_count_account_id", readonly=False
    )

    def action_kia_parts_setup_deposit(self):
        """Create the parts deposit journal and fill the deposit accounts the company's books
        already have. A dealer: the deposit paid to head office under 1221 其他应收款 (存出保证金)
        and penalties under 6711 营业外支出 of the Chinese chart, the bank journal's account
        for payments and refunds, the payable to head office for deductions. Head office: the
        deposits received under 2241 其他应付款 (存入保证金), penalties under 6301 营业外收入,
        the bank, and the receivable from dealers for deductions. What the chart does not have
        is chosen in Settings."""
        Journal = self.env["account.journal"]
        for company in self.company_id:
            is_hq = company.kia_dealer_type == "hq"
            chart = self.env["account.chart.template"].with_company(company)
            defaults = {
                "kia_parts_deposit_account_id": "l10n_cn_2241" if is_hq else "l10n_cn_1221",
                "kia_parts_deposit_penalty_account_id": (
                    "l10n_cn_common_630100" if is_hq else "l10n_cn_common_671100"
                ),
            }
            vals = {}
            for field_name, xmlid in defaults.items():
                if not company[field_name]:
                    account = chart.ref(xmlid, raise_if_not_found=False)
                    if account and company in account.company_ids:
                        vals[field_name] = account.id
            if not company.kia_parts_deposit_bank_account_id:
                bank = Journal.search(
                    [*Journal._check_company_domain(company), ("type", "=", "bank")], limit=1
                )
                vals["kia_parts_deposit_bank_account_id"] = bank.default_account_id.id
            if not company.kia_parts_deposit_deduction_account_id:
                if is_hq:
                    Partner = self.env["res.partner"].with_company(company)
                    field = Partner._fields["property_account_receivable_id"]
                    vals["kia_parts_deposit_deduction_account_id"] = (
                        field.get_company_dependent_fallback(Partner).id
                    )
                else:
                    hq_partner = company.kia_hq_company_id.partner_id.with_company(company)
                    vals["kia_parts_deposit_deduction_account_id"] = (
                        hq_partner.property_account_payable_id.id
                    )
            company._kia_parts_check_accounts(
                [
                    "kia_parts_deposit_account_id",
                    "kia_parts_deposit_bank_account_id",
                    "kia_parts_deposit_deduction_account_id",
                    "kia_parts_deposit_penalty_account_id",
                ],
                vals,
            )
            if not company.kia_parts_deposit_journal_id:
                vals["kia_parts_deposit_journal_id"] = (
                    Journal.search(
                        [("code", "=", "KDEP"), ("company_id", "=", company.id)], limit=1
                    )
                    or Journal.create(
                        {
                            "name": self.env._("Parts Deposit"),
                            "code": "KDEP",
                            "type": "general",
                            "company_id": company.id,
                        }
                    )
                ).id
            company.write(vals)
        return True

    def action_kia_parts_setup_valuation(self):
        """Value Kia parts in real time at the average cost with the company's parts accounts
        (Settings): the stock account, the account of parts received (the receipt credits it,
        head office's bill debits it), the cost of parts issued and sold (the chart's default
        expense account when not chosen) and the stocktaking gains and losses (on the
        inventory-adjustment location)."""
        category = self.env.ref("kia_parts.product_category_kia_parts")
        Journal = self.env["account.journal"]
        for company in self.company_id:
            category = category.with_company(company)
            output = company.kia_parts_stock_output_account_id
            if not output:
                fallback = category._fields["property_account_expense_categ_id"]
                output = fallback.get_company_dependent_fallback(category)
            vals = {"kia_parts_stock_output_account_id": output.id}
            company._kia_parts_check_accounts(
                [
                    "kia_parts_stock_account_id",
                    "kia_parts_stock_input_account_id",
                    "kia_parts_stock_output_account_id",
                    "kia_parts_count_account_id",
                ],
                vals,
            )
            fallback = category._fields["property_stock_journal"]
            journal = fallback.get_company_dependent_fallback(category)
            journal = journal or Journal.search(
                [("code", "=", "STJ"), ("company_id", "=", company.id)], limit=1
            )
            journal = journal or Journal.create(
                {
                    "name": self.env._("Inventory Valuation"),
                    "code": "STJ",
                    "type": "general",
                    "company_id": company.id,
                    "show_on_dashboard": False,
                }
            )
            company.write(vals)
            stock = company.kia_parts_stock_account_id
            received = company.kia_parts_stock_input_account_id
            category.write(
                {
                    "property_stock_valuation_account_id": stock.id,
                    "property_stock_account_input_categ_id": received.id,
                    "property_stock_account_output_categ_id": output.id,
                    "property_account_expense_categ_id": received.id,
                    "property_stock_journal": journal.id,
                }
            )
            if category.property_valuation != "real_time" or category.property_cost_method != (
                "average"
            ):
                category.write(
                    {"property_valuation": "real_time", "property_cost_method": "average"}
                )
            pending = company.kia_parts_count_account_id
            self.env["stock.location"].search(
                [("usage", "=", "inventory"), ("company_id", "=", company.id)]
            ).write({"valuation_in_account_id": pending.id, "valuation_out_account_id": pending.id})
        return True

    def action_kia_parts_setup_intercompany(self, sale_user=None):
        """Make head office answer each dealer's parts order with its own sale order (OCA
        purchase_sale_inter_company): head office confirms, delivers and invoices it, and the
        invoice becomes the dealer's vendor bill (OCA account_invoice_inter_company).
        ``sale_user`` creates those sale orders; by default head office's first parts officer."""
        officers = self.env.ref("kia_parts.group_hq_parts_officer").users
        for company in self.company_id.filtered(lambda c: c.kia_dealer_type == "hq"):
            user = sale_user or company.intercompany_sale_user_id
            if not user:
                user = officers.filtered(lambda u, c=company: u.company_id == c)[:1]
            if not user:
                raise UserError(
                    self.env._(
                        "Give %(company)s a head-office parts officer first: head office's "
                        "sale orders for dealers are created in that user's name.",
                        company=company.name,
                    )
                )
            company.write(
                {
                    "so_from_po": True,
                    "sale_auto_validation": False,
                    "intercompany_sale_user_id": user.id,
                    "intercompany_invoicing": True,
                }
            )
        return True
