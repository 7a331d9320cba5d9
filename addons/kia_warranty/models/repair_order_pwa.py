from odoo import Command, api, fields, models
from odoo.exceptions import UserError


class RepairOrder(models.Model):
    """Prior warranty authorisation on the repair order: head office's rules list the warranty
    lines that need it; the work does not start, nor is the claim submitted, before head office
    approved them."""

    _inherit = "repair.order"

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
        rules = self.env["kia.warranty.pwa.rule"].sudo().search([]).sudo(False)
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
