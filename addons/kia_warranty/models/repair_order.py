from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.kia_base.models.kia_protected_mixin import kia_lock_rows


class RepairOrder(models.Model):
    _inherit = "repair.order"

    # Follows the RO type the advisor chose at reception; it stays editable for an RO whose
    # type does not say it (e.g. a general repair found to be under warranty).
    kia_wty_claim_type = fields.Selection(
        selection=lambda self: self.env["kia.warranty.claim"]._fields["claim_type"].selection,
        string="Claim Type",
        compute="_compute_kia_wty_claim_type",
        store=True,
        readonly=False,
        tracking=True,
        help="Warranty, first free maintenance or campaign work claimed from head office.",
    )
    kia_wty_reception_date = fields.Datetime(
        string="Signed at Reception",
        compute="_compute_kia_wty_dates",
        store=True,
        help="When the customer signed the repair order (approved the estimate; else when it "
        "was confirmed): the three guarantees repair time starts here.",
    )
    kia_wty_done_date = fields.Datetime(
        string="Ready Notice",
        compute="_compute_kia_wty_dates",
        store=True,
        help="When the customer was told the car is ready: the three guarantees repair time "
        "ends here.",
    )
    kia_wty_claim_ids = fields.One2many("kia.warranty.claim", "repair_id", string="Claims")
    kia_wty_fitted_part_ids = fields.One2many(
        "kia.warranty.fitted.part",
        "repair_id",
        string="Fitted Paid Parts",
        help="Genuine parts the customer paid for on this repair order, recorded at delivery: "
        "their paid-parts warranty runs from then.",
    )
    kia_wty_claim_count = fields.Integer(compute="_compute_kia_wty_claim_count")
    kia_wty_campaign_vehicle_ids = fields.Many2many(
        related="vehicle_id.kia_wty_campaign_vehicle_ids", string="Open Campaigns"
    )
    kia_wty_campaign_id = fields.Many2one(
        "kia.warranty.campaign",
        string="Campaign",
        compute="_compute_kia_wty_campaign_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        domain="[('state', '=', 'open')]",
        help="The recall or campaign this repair order carries out: completing it closes this "
        "campaign only. Filled when the vehicle has exactly one open campaign.",
    )
    kia_wty_coverage_html = fields.Html(related="vehicle_id.kia_wty_coverage_html")
    kia_network_history_html = fields.Html(related="vehicle_id.kia_network_history_html")
    kia_wty_long_repair = fields.Boolean(
        string="Repair Over Limit",
        compute="_compute_kia_wty_long_repair",
        help="The repair lasts longer than the company's limit: the customer is entitled to a "
        "replacement vehicle or transport costs.",
    )
    kia_wty_backup_ids = fields.One2many(
        "kia.warranty.backup.vehicle", "repair_id", string="Backup Vehicles"
    )
    kia_wty_backup_count = fields.Integer(
        string="Backup Vehicle Records", compute="_compute_kia_wty_backup_count"
    )

    @api.depends("kia_ro_type")
    def _compute_kia_wty_claim_type(self):
        claim_types = {
            "warranty": "warranty",
            "first_free": "first_maintenance",
            "campaign": "campaign",
        }
        for repair in self:
            repair.kia_wty_claim_type = claim_types.get(repair.kia_ro_type, False)

    @api.depends("vehicle_id", "kia_wty_claim_type")
    def _compute_kia_wty_campaign_id(self):
        for repair in self:
            if repair.kia_wty_claim_type != "campaign":
                repair.kia_wty_campaign_id = False
                continue
            # Only a campaign order looks up the vehicle's open campaigns (a search).
            campaigns = repair.vehicle_id.kia_wty_campaign_vehicle_ids.campaign_id
            if repair.kia_wty_campaign_id not in campaigns:
                repair.kia_wty_campaign_id = campaigns if len(campaigns) == 1 else False

    @api.depends("kia_approved_date", "kia_confirm_date", "kia_ready_date")
    def _compute_kia_wty_dates(self):
        for repair in self:
            repair.kia_wty_reception_date = repair.kia_approved_date or repair.kia_confirm_date
            repair.kia_wty_done_date = repair.kia_ready_date

    def _compute_kia_wty_claim_count(self):
        Claim = self.env["kia.warranty.claim"]
        # Workshop staff without warranty rights (QC inspector, technician) open repair
        # orders too: they see no claim counter rather than an access error.
        counts = (
            dict(Claim._read_group([("repair_id", "in", self.ids)], ["repair_id"], ["__count"]))
            if Claim.has_access("read")
            else {}
        )
        for repair in self:
            repair.kia_wty_claim_count = counts.get(repair, 0)

    def _compute_kia_wty_long_repair(self):
        for repair in self:
            repair.kia_wty_long_repair = (
                repair._kia_wty_repair_days() > repair.company_id.kia_wty_long_repair_days
            )

    def _compute_kia_wty_backup_count(self):
        counts = dict(
            self.env["kia.warranty.backup.vehicle"]._read_group(
                [("repair_id", "in", self.ids)], ["repair_id"], ["__count"]
            )
        )
        for repair in self:
            repair.kia_wty_backup_count = counts.get(repair, 0)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_kia_wty_claimed(self):
        if any(repair.kia_wty_claim_ids for repair in self):
            raise UserError(self.env._("A repair order with warranty claims cannot be deleted."))

    def action_repair_done(self):
        result = super().action_repair_done()
        self._kia_wty_complete_first_maintenance()
        self._kia_wty_complete_campaigns()
        return result

    def action_kia_wty_create_claim(self):
        self.ensure_one()
        claim = self.env["kia.warranty.claim"].create(self._kia_wty_claim_vals())
        return {
            "type": "ir.actions.act_window",
            "res_model": "kia.warranty.claim",
            "res_id": claim.id,
            "view_mode": "form",
        }

    def action_view_kia_wty_backup(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_warranty.kia_warranty_backup_vehicle_action"
        )
        action["domain"] = [("repair_id", "=", self.id)]
        action["context"] = {"default_repair_id": self.id, "default_company_id": self.company_id.id}
        if not self.kia_wty_backup_ids:
            action["views"] = [(False, "form")]
        return action

    def action_view_kia_wty_claims(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_warranty.kia_warranty_claim_action"
        )
        action["domain"] = [("repair_id", "=", self.id)]
        return action

    def _kia_warranty_claim_type(self):
        """Joint for the service process: which claim this RO makes ('warranty',
        'first_maintenance', 'campaign' or False). Rewire to the RO type when it exists."""
        self.ensure_one()
        return self.kia_wty_claim_type or ("warranty" if self.under_warranty else False)

    def _kia_wty_repair_days(self):
        """Repair time for the three guarantees in days: from the customer's signature at
        reception (kia_wty_reception_date) to the ready notice (kia_wty_done_date, else now).
        Zero before the customer signed."""
        self.ensure_one()
        start = self.kia_wty_reception_date
        if not start or self.state == "cancel":
            return 0
        end = self.kia_wty_done_date or fields.Datetime.now()
        return max((end.date() - start.date()).days, 0)

    def _kia_wty_labor_line_vals(self):
        """Claim labour lines from the RO's warranty-paid labour lines and their jobs: the
        operation code, the catalog's standard (flat-rate) hours for the vehicle's model as the
        claimed hours, the hours the technicians clocked, and head office's labour rate."""
        self.ensure_one()
        services = self.repair_service_ids.filtered(
            lambda line: (
                line.kia_payer == "warranty"
                and line.kia_labor_operation_id
                and line.kia_approval_state != "declined"
            )
        )
        model = self.vehicle_id.model_id
        rate = self.company_id.kia_wty_labor_rate
        vals_list = []
        for service in services:
            operation = service.kia_labor_operation_id
            standard = operation._get_hours(model)
            jobs = service.kia_job_ids.filtered(lambda job: job.state != "cancel")
            vals_list.append(
                {
                    "line_type": "labor",
                    "name": operation.display_name,
                    "operation_code": operation.code,
                    "labor_operation_id": operation.id,
                    "repair_service_id": service.id,
                    "standard_hours": standard,
                    "clocked_hours": sum(jobs.mapped("actual_hours")),
                    "hours": standard,
                    "price_unit": rate,
                }
            )
        return vals_list

    def _kia_wty_part_moves(self):
        """The RO's parts head office pays, which the claim lists: the parts whose own payer is
        warranty (kia_service's ``_kia_lines_by_payer``). On a first free maintenance or
        campaign RO head office pays every part whatever the RO's payment type says."""
        self.ensure_one()
        moves = self._kia_lines_by_payer()["warranty"][1]
        if self._kia_warranty_claim_type() in ("first_maintenance", "campaign"):
            moves = self.move_ids.filtered(
                lambda move: move.repair_line_type == "add" and move.state != "cancel"
            )
        return moves

    def _kia_wty_claim_vals(self, campaign=None):
        self.ensure_one()
        claim_type = self._kia_warranty_claim_type()
        if not claim_type:
            raise UserError(
                self.env._(
                    "Repair order %(name)s is not warranty, first free maintenance or campaign "
                    "work: set its claim type first.",
                    name=self.name,
                )
            )
        if not self.vehicle_id:
            raise UserError(
                self.env._("Repair order %(name)s has no vehicle to claim for.", name=self.name)
            )
        lines = [Command.create(vals) for vals in self._kia_wty_labor_line_vals()]
        parts = self._kia_wty_part_moves()
        for move in parts:
            lines.append(
                Command.create(
                    {
                        "line_type": "part",
                        "name": move.product_id.display_name,
                        "product_id": move.product_id.id,
                        "quantity": move.product_uom_qty,
                        "price_unit": move.product_id.lst_price,
                    }
                )
            )
        if campaign:
            if campaign.labor_hours:
                lines.append(
                    Command.create(
                        {
                            "line_type": "labor",
                            "name": campaign.name,
                            "operation_code": campaign.operation_code,
                            "hours": campaign.labor_hours,
                            "price_unit": self.company_id.kia_wty_labor_rate,
                        }
                    )
                )
            if not parts:
                lines += [
                    Command.create(
                        {
                            "line_type": "part",
                            "name": part.product_id.display_name,
                            "product_id": part.product_id.id,
                            "quantity": part.quantity,
                            "price_unit": part.product_id.lst_price,
                        }
                    )
                    for part in campaign.part_ids
                ]
        return {
            "claim_type": claim_type,
            "repair_id": self.id,
            "vehicle_id": self.vehicle_id.id,
            "company_id": self.company_id.id,
            "campaign_id": campaign.id if campaign else False,
            "repair_date": self.kia_done_date and self.kia_done_date.date(),
            "odometer": int(self.vehicle_id.odometer),
            "causal_product_id": parts[:1].product_id.id,
            "line_ids": lines,
        }

    def _kia_wty_complete_first_maintenance(self):
        repairs = self.filtered(
            lambda r: r.vehicle_id and r._kia_warranty_claim_type() == "first_maintenance"
        )
        # The first free maintenance is once per VIN across the network.
        done_elsewhere = repairs.vehicle_id.kia_vehicle_id._kia_wty_first_maint_facts()
        for repair in repairs:
            vehicle = repair.vehicle_id
            if (
                vehicle.kia_vehicle_id.id in done_elsewhere
                and vehicle.kia_wty_first_maint_state == "pending"
            ):
                company_id, day = done_elsewhere[vehicle.kia_vehicle_id.id]
                raise UserError(
                    self.env._(
                        "Vehicle %(vin)s had its first free maintenance at %(dealer)s on "
                        "%(date)s; make this a paid periodic maintenance.",
                        vin=vehicle.vin_sn,
                        # sudo: another dealer's name, for the message only.
                        dealer=self.env["res.company"].sudo().browse(company_id).name,
                        date=day or "-",
                    )
                )
            if vehicle.kia_wty_first_maint_state != "pending":
                raise UserError(
                    self.env._(
                        "Vehicle %(vin)s had its first free maintenance already or missed its "
                        "window; make this a paid periodic maintenance.",
                        vin=vehicle.vin_sn,
                    )
                )
            with vehicle._kia_unlocked(
                "kia_wty_first_maint_state", "kia_wty_first_maint_repair_id"
            ):
                vehicle.write(
                    {
                        "kia_wty_first_maint_state": "done",
                        "kia_wty_first_maint_repair_id": repair.id,
                    }
                )
            if not repair.kia_wty_claim_ids:
                self.env["kia.warranty.claim"].create(repair._kia_wty_claim_vals())

    def _kia_wty_complete_campaigns(self):
        for repair in self.filtered(
            lambda r: r.vehicle_id and r._kia_warranty_claim_type() == "campaign"
        ):
            lines = repair.vehicle_id.kia_wty_campaign_vehicle_ids
            if not lines:
                continue
            if not repair.kia_wty_campaign_id:
                raise UserError(
                    self.env._(
                        "Vehicle %(vin)s has several open campaigns: choose on repair order "
                        "%(name)s the campaign it carries out.",
                        vin=repair.vehicle_id.vin_sn,
                        name=repair.name,
                    )
                )
            # A campaign repair order closes its own campaign only.
            lines = lines.filtered(lambda line, r=repair: line.campaign_id == r.kia_wty_campaign_id)
            if not lines:
                # sudo: where another dealer carried the campaign out, for the message only.
                done = (
                    self.env["kia.warranty.campaign.vehicle"]
                    .sudo()
                    .search(
                        [
                            ("vin", "=", repair.vehicle_id.vin_sn),
                            ("campaign_id", "=", repair.kia_wty_campaign_id.id),
                        ],
                        limit=1,
                    )
                )
                raise UserError(
                    self.env._(
                        "Campaign %(campaign)s is not open for vehicle %(vin)s (done at "
                        "%(dealer)s on %(date)s).",
                        campaign=repair.kia_wty_campaign_id.code,
                        vin=repair.vehicle_id.vin_sn,
                        dealer=done.done_company_id.name or "-",
                        date=done.done_date or "-",
                    )
                )
            # Two dealers may complete the same VIN at once: lock and touch the VIN lines,
            # then take only those still open (Odoo retries the request that fails the lock).
            kia_lock_rows(lines)
            lines.invalidate_recordset(["state"])
            for line in lines.filtered(lambda item: item.state == "open"):
                claim = self.env["kia.warranty.claim"].create(
                    repair._kia_wty_claim_vals(campaign=line.campaign_id)
                )
                # sudo: the VIN list is head office's; a dealer only marks its own completion.
                line.sudo().write(
                    {
                        "state": "done",
                        "done_company_id": repair.company_id.id,
                        "done_date": fields.Date.context_today(self),
                        "repair_id": repair.id,
                        "claim_id": claim.id,
                    }
                )

    def action_kia_deliver(self):
        res = super().action_kia_deliver()
        # sudo: delivery records the fitting facts of the customer's paid parts, which no
        # dealer user writes (the advisor's rights were checked by the Deliver button above).
        self.env["kia.warranty.fitted.part"].sudo()._kia_record_delivery(self)
        return res

    # Prior warranty authorisation: head office's rules list the warranty lines that need it;
    # the work does not start, nor is the claim submitted, before head office approved them.
    kia_pwa_ids = fields.One2many(
        "kia.warranty.pwa",
        "repair_id",
        string="Prior Authorisations",
        groups="kia_base.group_user",
    )
    kia_pwa_status = fields.Selection(
        [
            ("none", "Not Needed"),
            ("missing", "To Request"),
            ("requested", "Requested"),
            ("rejected", "Rejected"),
            ("approved", "Approved"),
        ],
        string="Prior Authorisation",
        compute="_compute_kia_pwa_status",
        groups="kia_base.group_user",
    )

    @api.depends("kia_pwa_ids.state", "repair_service_ids", "move_ids")
    def _compute_kia_pwa_status(self):
        rules = self.env["kia.warranty.pwa.rule"].search([])
        for repair in self:
            needed = repair._kia_pwa_needed(rules)
            if not needed["services"] and not needed["moves"]:
                repair.kia_pwa_status = "none"
                continue
            missing = repair._kia_pwa_missing(rules)
            states = set(repair.kia_pwa_ids.mapped("state"))
            if not missing["services"] and not missing["moves"]:
                repair.kia_pwa_status = "approved"
            elif "requested" in states:
                repair.kia_pwa_status = "requested"
            elif "rejected" in states:
                repair.kia_pwa_status = "rejected"
            else:
                repair.kia_pwa_status = "missing"

    def _kia_pwa_warranty_lines(self):
        """(labour lines, parts) head office pays on this order."""
        self.ensure_one()
        if not self._kia_warranty_claim_type():
            return self.env["repair.service"], self.env["stock.move"]
        services = self.repair_service_ids.filtered(
            lambda line: line.kia_payer == "warranty" and line.kia_approval_state != "declined"
        )
        return services, self._kia_wty_part_moves()

    def _kia_pwa_estimate(self, services, moves):
        return sum(services.mapped("kia_amount")) + sum(
            move.product_id.lst_price * move.product_uom_qty for move in moves
        )

    def _kia_pwa_needed(self, rules=None):
        """{"services", "moves", "rules"}: the warranty lines of this order head office's
        rules ``rules`` (every active rule when None) say need a prior authorisation, and the
        rules that matched."""
        self.ensure_one()
        Rule = self.env["kia.warranty.pwa.rule"]
        rules = Rule.search([]) if rules is None else rules
        services, moves = self._kia_pwa_warranty_lines()
        result = {"services": services.browse(), "moves": moves.browse(), "rules": Rule}
        if not services and not moves:
            return result
        estimate = self._kia_pwa_estimate(services, moves)
        for rule in rules:
            if rule.rule_type == "amount":
                hit_services = services if estimate > rule.amount_threshold else services.browse()
                hit_moves = moves if estimate > rule.amount_threshold else moves.browse()
            elif rule.rule_type == "part":
                hit_services = services.browse()
                hit_moves = moves.filtered(lambda m, r=rule: m.product_id in r.product_ids)
            else:
                hit_services = services.filtered(
                    lambda s, r=rule: s.kia_labor_operation_id in r.labor_operation_ids
                )
                hit_moves = moves.browse()
            if hit_services or hit_moves:
                result["services"] |= hit_services
                result["moves"] |= hit_moves
                result["rules"] |= rule
        return result

    def _kia_pwa_missing(self, rules=None):
        """The lines of ``_kia_pwa_needed`` no approved authorisation of this order covers."""
        self.ensure_one()
        needed = self._kia_pwa_needed(rules)
        if not needed["services"] and not needed["moves"]:
            return needed
        # sudo: the workshop (technician, foreman) checks the authorisation before starting a
        # job without reading warranty records; only the approved lines are read.
        approved = self.sudo().kia_pwa_ids.filtered(lambda p: p.state == "approved")
        return {
            "services": needed["services"] - approved.service_ids.sudo(False),
            "moves": needed["moves"] - approved.move_ids.sudo(False),
            "rules": needed["rules"],
        }

    def _kia_pwa_check(self, action):
        """Refuse ``action`` on orders whose lines need a prior authorisation not approved."""
        # sudo: a technician clocking on applies head office's rules without reading them.
        Rule = self.env["kia.warranty.pwa.rule"]
        rules = Rule.browse(Rule._kia_active_ids())
        if not rules:
            return True
        for repair in self:
            missing = repair._kia_pwa_missing(rules)
            lines = missing["services"].mapped("display_name") + missing["moves"].mapped(
                "product_id.display_name"
            )
            if lines:
                raise UserError(
                    self.env._(
                        "%(action)s is refused: repair order %(name)s needs head office's prior "
                        "authorisation (PWA) for %(lines)s, and it is not approved yet.",
                        action=action,
                        name=repair.name,
                        lines=", ".join(lines),
                    )
                )
        return True

    def action_kia_request_pwa(self):
        """A draft authorisation request with the lines still needing one, opened for the
        reason, photos and request."""
        self.ensure_one()
        self.env["kia.warranty.pwa"].check_access("create")
        missing = self._kia_pwa_missing()
        services, moves = missing["services"], missing["moves"]
        if not services and not moves:
            raise UserError(
                self.env._(
                    "No line of repair order %(name)s needs a prior authorisation now.",
                    name=self.name,
                )
            )
        draft = self.kia_pwa_ids.filtered(lambda p: p.state == "draft")[:1]
        if not draft:
            draft = self.env["kia.warranty.pwa"].create(
                {
                    "company_id": self.company_id.id,
                    "repair_id": self.id,
                    "vehicle_id": self.vehicle_id.id,
                    "service_ids": [Command.set(services.ids)],
                    "move_ids": [Command.set(moves.ids)],
                    "estimated_cost": self._kia_pwa_estimate(services, moves),
                }
            )
        return {
            "type": "ir.actions.act_window",
            "res_model": "kia.warranty.pwa",
            "res_id": draft.id,
            "views": [[False, "form"]],
        }

    def action_kia_view_pwa(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kia_warranty.kia_warranty_pwa_action"
        )
        action["domain"] = [("repair_id", "=", self.id)]
        action["context"] = {"default_repair_id": self.id}
        return action
