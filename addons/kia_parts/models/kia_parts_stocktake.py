from collections import defaultdict
from contextvars import ContextVar

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_is_zero

from .product_template import ABC_CLASSES

# The stocktaking whose adjustment moves are being validated right now (see _apply): a Python
# context variable, which no client request can set, unlike a context key.
KIA_APPLYING_STOCKTAKE = ContextVar("kia_applying_stocktake", default=None)


class KiaPartsStocktake(models.Model):
    _name = "kia.parts.stocktake"
    _description = "Parts Stocktaking"
    _inherit = ["mail.thread", "mail.activity.mixin", "kia.protected.mixin"]
    _order = "date desc, id desc"
    _check_company_auto = True

    def _default_location_id(self):
        warehouse = self.env["stock.warehouse"].search(
            [("company_id", "=", self.env.company.id)], limit=1
        )
        return warehouse.lot_stock_id

    name = fields.Char(required=True, readonly=True, copy=False, default="/", index="trigram")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    location_id = fields.Many2one(
        "stock.location",
        required=True,
        check_company=True,
        domain="[('usage', '=', 'internal')]",
        default=lambda self: self._default_location_id(),
    )
    count_type = fields.Selection(
        [("full", "Full Count"), ("cycle", "ABC Cycle Count")],
        required=True,
        default="full",
        tracking=True,
    )
    abc_class = fields.Selection(
        ABC_CLASSES, string="ABC Class", help="Cycle counts take the parts of this class only."
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("counting", "Counting"),
            ("to_approve", "To Approve"),
            ("done", "Applied"),
            ("cancel", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
    )
    line_ids = fields.One2many("kia.parts.stocktake.line", "stocktake_id", string="Count Lines")
    line_count = fields.Integer(compute="_compute_totals", string="Lines")
    over_tolerance_count = fields.Integer(compute="_compute_totals", string="Over Tolerance")
    variance_value = fields.Float(compute="_compute_totals", digits="Product Price")
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False, tracking=True)
    approved_date = fields.Datetime(readonly=True, copy=False)
    submitted_by_id = fields.Many2one(
        "res.users", string="Counted By", readonly=True, copy=False, tracking=True
    )
    submitted_date = fields.Datetime(readonly=True, copy=False)
    responsible_id = fields.Many2one(
        "res.users", default=lambda self: self.env.user, tracking=True, check_company=True
    )
    account_move_ids = fields.Many2many(
        "account.move",
        "kia_parts_stocktake_account_move_rel",
        "stocktake_id",
        "move_id",
        string="Journal Entries",
        readonly=True,
        copy=False,
        check_company=True,
        help="The valuation entry of the applied variances (real-time valuation).",
    )

    def _compute_totals(self):
        groups = self.env["kia.parts.stocktake.line"]._read_group(
            [("stocktake_id", "in", self.ids)],
            ["stocktake_id", "over_tolerance"],
            ["__count", "variance_value:sum"],
        )
        totals = {}
        for stocktake, over, count, value in groups:
            total = totals.setdefault(stocktake.id, [0, 0, 0.0])
            total[0] += count
            total[1] += count if over else 0
            total[2] += value
        for stocktake in self:
            stocktake.line_count, stocktake.over_tolerance_count, stocktake.variance_value = (
                totals.get(stocktake.id, [0, 0, 0.0])
            )

    def _kia_protected_fields(self):
        res = super()._kia_protected_fields()
        approve = self.env._("the parts manager's Approve button")
        submit = self.env._("the Submit button")
        res.update(
            {
                "state": self.env._("the Start, Submit, Approve and Cancel buttons"),
                "approved_by_id": approve,
                "approved_date": approve,
                "submitted_by_id": submit,
                "submitted_date": submit,
                "account_move_ids": self.env._("applying the stocktaking"),
            }
        )
        return res

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code("kia.parts.stocktake") or "/"
        return super().create(vals_list)

    def write(self, vals):
        scope = {"company_id", "location_id", "count_type", "abc_class"} & set(vals)
        if scope and not self.env.su and any(st.state != "draft" for st in self):
            raise UserError(
                self.env._("The scope of a stocktaking is fixed once counting has started.")
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_done(self):
        if any(stocktake.state == "done" for stocktake in self):
            raise UserError(self.env._("An applied stocktaking cannot be deleted."))

    def _kia_start(self):
        """Freeze the book quantities of the parts in scope into count lines (one read of the
        quants, one create for all lines)."""
        for stocktake in self:
            if stocktake.state != "draft":
                raise UserError(self.env._("Only a draft stocktaking can start."))
            domain = [
                ("location_id", "child_of", stocktake.location_id.id),
                ("location_id.usage", "=", "internal"),
                ("product_id.kia_part_number", "!=", False),
                ("company_id", "=", stocktake.company_id.id),
            ]
            if stocktake.count_type == "cycle":
                if not stocktake.abc_class:
                    raise UserError(self.env._("A cycle count needs an ABC class."))
                domain.append(("product_id.kia_abc_class", "=", stocktake.abc_class))
            groups = self.env["stock.quant"]._read_group(
                domain, ["product_id", "location_id"], ["quantity:sum"]
            )
            with stocktake._kia_unlocked("state"):
                stocktake.state = "counting"
            Line = self.env["kia.parts.stocktake.line"]
            with Line._kia_unlocked("theoretical_qty"):
                Line.create(
                    [
                        {
                            "stocktake_id": stocktake.id,
                            "product_id": product.id,
                            "location_id": location.id,
                            "theoretical_qty": qty,
                        }
                        for product, location, qty in groups
                    ]
                )
        return True

    def action_start(self):
        self._kia_require_groups("kia_parts.group_parts_clerk", action=self.env._("start"))
        return self._kia_start()

    def action_submit(self):
        """Counting done: within tolerance it is applied at once; above it the parts manager
        must approve."""
        self._kia_require_groups("kia_parts.group_parts_clerk", action=self.env._("submit"))
        for stocktake in self:
            if stocktake.state != "counting":
                raise UserError(self.env._("Only a stocktaking being counted can be submitted."))
            uncounted = stocktake.line_ids.filtered(lambda line: line.count_state == "to_count")
            if uncounted:
                raise UserError(
                    self.env._(
                        "%(count)s lines of %(name)s are not counted, such as %(part)s in "
                        "%(bin)s: a line not counted is not zero. Count them, or skip them with "
                        "a reason.",
                        count=len(uncounted),
                        name=stocktake.name,
                        part=uncounted[0].product_id.display_name,
                        bin=uncounted[0].location_id.display_name,
                    )
                )
        with self._kia_unlocked("submitted_by_id", "submitted_date"):
            self.write(
                {"submitted_by_id": self.env.user.id, "submitted_date": fields.Datetime.now()}
            )
        to_approve = self.filtered("over_tolerance_count")
        with to_approve._kia_unlocked("state"):
            to_approve.state = "to_approve"
        for stocktake in to_approve:
            stocktake.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=stocktake._kia_lang_env()._("Approve the stocktaking variances"),
                user_id=stocktake.responsible_id.id or self.env.user.id,
            )
        (self - to_approve)._apply()
        return True

    def action_approve(self):
        self._kia_require_groups(
            "kia_parts.group_parts_manager", action=self.env._("approve the variances of")
        )
        if any(stocktake.state != "to_approve" for stocktake in self):
            raise UserError(self.env._("Only a stocktaking waiting for approval can be approved."))
        with self._kia_unlocked("approved_by_id", "approved_date"):
            self.write({"approved_by_id": self.env.user.id, "approved_date": fields.Datetime.now()})
        self._apply()
        return True

    def action_cancel(self):
        self._kia_require_groups("kia_parts.group_parts_clerk", action=self.env._("cancel"))
        if any(stocktake.state == "done" for stocktake in self):
            raise UserError(self.env._("An applied stocktaking cannot be cancelled."))
        if not self.env.user.has_group("kia_parts.group_parts_manager") and any(
            stocktake.state == "to_approve" for stocktake in self
        ):
            raise UserError(
                self.env._(
                    "A stocktaking waiting for the parts manager's approval is cancelled by the "
                    "parts manager only."
                )
            )
        with self._kia_unlocked("state"):
            self.state = "cancel"
        return True

    def action_view_account_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_journal_line")
        action["domain"] = [("id", "in", self.account_move_ids.ids)]
        action["context"] = {"create": False}
        if len(self.account_move_ids) == 1:
            action.update(
                views=[(False, "form")], view_mode="form", res_id=self.account_move_ids.id
            )
        return action

    def action_print_count_sheet(self):
        return self.env.ref("kia_parts.action_report_count_sheet").report_action(self)

    def action_export_count_sheet(self):
        return self.env.ref("kia_parts.action_report_count_sheet_xlsx").report_action(self)

    def _apply(self):
        """Post the counts through Odoo's own inventory adjustment (stock moves to the
        inventory-loss location, valued by stock accounting), in one batch. With real-time
        valuation the variances make one journal entry for the stocktaking, not one per
        part."""
        Quant = self.env["stock.quant"].with_context(inventory_mode=True)
        for stocktake in self:
            # only what differs from the book moves stock: counts that confirm it need no
            # zero-quantity adjustment move (Odoo's own apply makes one per counted quant)
            lines = stocktake.line_ids.filtered(
                lambda line: (
                    not float_is_zero(
                        line.variance_qty, precision_rounding=line.product_id.uom_id.rounding
                    )
                )
            )
            quants = Quant.search(
                [
                    ("product_id", "in", lines.product_id.ids),
                    ("location_id", "in", lines.location_id.ids),
                    ("lot_id", "=", False),
                    ("package_id", "=", False),
                    ("owner_id", "=", False),
                ]
            )
            by_key = {(q.product_id.id, q.location_id.id): q for q in quants}
            # one write per distinct counted quantity, not one per quant
            quant_ids_by_count = defaultdict(list)
            missing = []
            for line in lines:
                quant = by_key.get((line.product_id.id, line.location_id.id))
                if quant:
                    quant_ids_by_count[line.counted_qty].append(quant.id)
                elif line.counted_qty:
                    missing.append(
                        {
                            "product_id": line.product_id.id,
                            "location_id": line.location_id.id,
                            "inventory_quantity": line.counted_qty,
                        }
                    )
            to_apply = Quant
            for counted_qty, quant_ids in quant_ids_by_count.items():
                counted = Quant.browse(quant_ids)
                counted.inventory_quantity = counted_qty
                to_apply |= counted
            if missing:
                to_apply |= Quant.create(missing)
            if to_apply:
                token = KIA_APPLYING_STOCKTAKE.set(stocktake.id)
                try:
                    to_apply.with_context(inventory_name=stocktake.name)._apply_inventory()
                finally:
                    KIA_APPLYING_STOCKTAKE.reset(token)
            stocktake._kia_post_valuation_entry()
            with stocktake._kia_unlocked("state"):
                stocktake.state = "done"
        return True

    @api.model
    def _kia_entries_key(self, stocktake_id):
        """Where the valuation entry values of a stocktaking's moves wait in the transaction."""
        return f"kia_parts.stocktake.entries.{stocktake_id}"

    def _kia_post_valuation_entry(self):
        """Post the valuation entry values the stocktaking's adjustment moves gathered (see
        stock.move._account_entry_move) as one journal entry per journal and date: one entry
        of many lines instead of thousands of two-line entries. Each line keeps its part, and
        every valuation layer points to the entry."""
        self.ensure_one()
        am_vals_list = self.env.cr.precommit.data.pop(self._kia_entries_key(self.id), [])
        if not am_vals_list:
            return self.env["account.move"]
        merged = {}
        for am_vals in am_vals_list:
            key = (
                am_vals["company_id"],
                am_vals["journal_id"],
                am_vals["date"],
                am_vals.get("is_storno"),
            )
            entry = merged.setdefault(
                key,
                {
                    "company_id": am_vals["company_id"],
                    "journal_id": am_vals["journal_id"],
                    "date": am_vals["date"],
                    "is_storno": am_vals.get("is_storno"),
                    "ref": self.name,
                    "move_type": "entry",
                    "line_ids": [],
                    "stock_valuation_layer_ids": [],
                },
            )
            partner_id = am_vals.get("partner_id")
            for command in am_vals["line_ids"]:
                line_vals = command[2]
                if partner_id and not line_vals.get("partner_id"):
                    line_vals["partner_id"] = partner_id
                entry["line_ids"].append(command)
            entry["stock_valuation_layer_ids"] += [
                (4, svl_id)
                for _command, _id, svl_ids in am_vals["stock_valuation_layer_ids"]
                for svl_id in svl_ids
            ]
        # sudo: valuation entries are the system's, as in stock_account, not the parts
        # clerk's (who has no accounting rights)
        entries = self.env["account.move"].sudo().create(list(merged.values()))
        entries._post()
        # sudo: the link is the system's too; the clerk may not read journal entries
        self.sudo().account_move_ids = entries
        return entries

    @api.model
    def _cron_plan_counts(self, today=None):
        """Plan the counts that are due at every dealer: a cycle count of each ABC class and a
        full count when the last one (not cancelled) is older than the dealer's interval. The
        draft stocktaking goes to the dealer's parts manager as an activity. One read of the
        last counts for all dealers."""
        today = today or fields.Date.context_today(self)
        companies = self.env["res.company"].search(
            [("kia_dealer_type", "in", ("dealer_4s", "service_station"))]
        )
        last = {
            (company.id, count_type, abc_class or False): date
            for company, count_type, abc_class, date in self._read_group(
                [("company_id", "in", companies.ids), ("state", "!=", "cancel")],
                ["company_id", "count_type", "abc_class"],
                ["date:max"],
            )
        }
        managers = self.env.ref("kia_parts.group_parts_manager").users
        warehouses = self.env["stock.warehouse"].search([("company_id", "in", companies.ids)])
        vals_list = []
        for company in companies:
            warehouse = warehouses.filtered(lambda w, c=company: w.company_id == c)[:1]
            if not warehouse:
                continue
            plans = [("full", False, company.kia_parts_full_count_days)] + [
                ("cycle", abc, company[f"kia_parts_cycle_days_{abc}"]) for abc in ("a", "b", "c")
            ]
            for count_type, abc_class, days in plans:
                done = last.get((company.id, count_type, abc_class))
                if days <= 0 or (done and (today - done).days < days):
                    continue
                manager = managers.filtered(lambda u, c=company: u.company_id == c)[:1]
                vals_list.append(
                    {
                        "company_id": company.id,
                        "location_id": warehouse.lot_stock_id.id,
                        "count_type": count_type,
                        "abc_class": abc_class,
                        "date": today,
                        "responsible_id": manager.id,
                    }
                )
        stocktakes = self.create(vals_list)
        for stocktake in stocktakes.filtered("responsible_id"):
            stocktake.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=today,
                summary=stocktake._kia_lang_env()._("Count the parts of this stocktaking"),
                user_id=stocktake.responsible_id.id,
            )
        return stocktakes
