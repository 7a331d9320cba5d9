from datetime import datetime, time, timedelta

import pytz
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.safe_eval import safe_eval

HOME_ACTION = "kia_base.kia_home_action"


class KiaHomeTile(models.Model):
    """A card of a role's home page: how many records wait in one of the role's lists, and how
    many of them are late. The card opens the list filtered on the same records.

    Each add-on brings the cards of its roles (data files); ``domain`` and ``late_domain`` are
    evaluated with ``uid``, ``user``, ``company_ids``, ``now`` (UTC), ``today``, ``today_start``
    and ``today_end`` (the user's local day in UTC), ``datetime`` and ``relativedelta``."""

    _name = "kia.home.tile"
    _description = "Role Home Card"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    group_id = fields.Many2one(
        "res.groups", string="Role", required=True, index=True, ondelete="cascade"
    )
    action_id = fields.Many2one(
        "ir.actions.act_window", string="List", required=True, ondelete="cascade"
    )
    domain = fields.Char(
        default="[]", required=True, help="Which records of the list the card counts."
    )
    late_domain = fields.Char(help="Which of the counted records are late.")
    icon = fields.Char(default="fa-list", help="Font Awesome icon of the card.")
    active = fields.Boolean(default=True)

    @api.constrains("domain", "late_domain")
    def _check_domains(self):
        for tile in self:
            try:
                tile._kia_domain()
                tile._kia_domain(late=True)
            except Exception as error:
                raise ValidationError(
                    self.env._(
                        "The filter of the home card %(card)s is not valid: %(error)s",
                        card=tile.name,
                        error=error,
                    )
                ) from error

    def _kia_eval_context(self):
        user = self.env.user
        tz = pytz.timezone(user.tz or "Asia/Shanghai")
        today = fields.Date.context_today(self)
        start = tz.localize(datetime.combine(today, time.min)).astimezone(pytz.utc)
        return {
            "uid": user.id,
            "user": user,
            "company_ids": self.env.companies.ids,
            "now": fields.Datetime.now(),
            "today": today,
            "today_start": start.replace(tzinfo=None),
            "today_end": (start + timedelta(days=1)).replace(tzinfo=None),
            "datetime": datetime,
            "relativedelta": relativedelta,
        }

    def _kia_action(self):
        # sudo: a window action's definition is read by the web client for any user; the
        # records it lists are then searched as the user
        return self.action_id.sudo()

    def _kia_domain(self, late=False):
        """The records the card counts (and, with ``late``, those of them that are late): the
        list's own filter and the card's."""
        self.ensure_one()
        context = self._kia_eval_context()
        domain = list(safe_eval(self._kia_action().domain or "[]", context))
        domain += safe_eval(self.domain or "[]", context)
        if late:
            domain += safe_eval(self.late_domain or "[]", context)
        return domain

    @api.model
    def _kia_home_groups(self, user=None):
        """The roles whose cards make the user's home: the user's roles that have cards, less
        those another of his roles already covers (a role implied by another role with cards,
        or by a role whose home is another page, as the service manager's dashboard)."""
        user = user or self.env.user
        home_groups = user.groups_id.filtered("kia_home_action_id")
        tile_groups = (
            self.sudo().search([("group_id", "in", home_groups.ids)]).group_id
            # sudo: the cards are configuration; the user reads only his own roles' cards
        )
        home_action = self.env.ref(HOME_ACTION, raise_if_not_found=False)
        covering = tile_groups | home_groups.filtered(
            lambda group: group.kia_home_action_id.id != (home_action and home_action.id)
        )
        result = self.env["res.groups"]
        for group in tile_groups:
            if not any(group in other.trans_implied_ids for other in covering - group):
                result |= group
        return result.sorted(lambda group: (-group.kia_home_priority, group.id))

    @api.model
    def get_home_cards(self):
        """The user's home: per role, its cards with how many records wait and how many of
        them are late (two counts per card, on the lists the user sees)."""
        sections = []
        for group in self._kia_home_groups():
            cards = []
            for tile in self.search([("group_id", "=", group.id)]):
                model = self.env[tile._kia_action().res_model]
                if not model.has_access("read"):
                    continue
                count = model.search_count(tile._kia_domain())
                late = model.search_count(tile._kia_domain(late=True)) if tile.late_domain else 0
                cards.append(
                    {
                        "id": tile.id,
                        "name": tile.name,
                        "icon": tile.icon or "fa-list",
                        "count": count,
                        "late": late,
                        "has_late": bool(tile.late_domain),
                    }
                )
            if cards:
                sections.append({"id": group.id, "name": group.name, "cards": cards})
        return sections

    def action_open(self, late=False):
        """The card's list, filtered on the records the card counts (or the late ones)."""
        self.ensure_one()
        action = self._kia_action()._get_action_dict()
        context = safe_eval(action.get("context") or "{}", self._kia_eval_context())
        action["context"] = {
            key: value for key, value in context.items() if not key.startswith("search_default_")
        }
        action["domain"] = self._kia_domain(late=late)
        action["display_name"] = self.name
        action["name"] = self.name
        action["target"] = "current"
        return action
