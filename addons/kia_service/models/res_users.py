from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

KIOSK_SELF_FIELDS = ["kia_kiosk_pin", "kia_kiosk_badge"]


class ResUsers(models.Model):
    _inherit = "res.users"

    kia_kiosk_pin = fields.Char(
        string="Workshop Kiosk PIN",
        groups="base.group_erp_manager",
        copy=False,
        help="The digits a technician types on the shared workshop kiosk after tapping his name.",
    )
    kia_kiosk_badge = fields.Char(
        string="Workshop Badge",
        groups="base.group_erp_manager",
        copy=False,
        help="The code of the technician's badge, scanned at the shared workshop kiosk.",
    )
    # Wrong PINs and badges typed on a kiosk opened by this user (the foreman's shared screen):
    # counted server-side, so that guessing is slowed whatever the browser does.
    kia_kiosk_failures = fields.Integer(groups="base.group_system", copy=False)
    kia_kiosk_blocked_until = fields.Datetime(groups="base.group_system", copy=False)

    _sql_constraints = [
        (
            "kia_kiosk_badge_uniq",
            "unique(kia_kiosk_badge)",
            "A workshop badge belongs to one technician only.",
        ),
    ]

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + KIOSK_SELF_FIELDS

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + KIOSK_SELF_FIELDS

    @api.constrains("kia_kiosk_pin")
    def _check_kia_kiosk_pin(self):
        for user in self.sudo():  # sudo: the PIN is hidden from the user's own read group
            pin = user.kia_kiosk_pin
            if pin and (not pin.isdigit() or not 4 <= len(pin) <= 8):
                raise ValidationError(self.env._("A workshop kiosk PIN is 4 to 8 digits."))

    def _kia_kiosk_blocked(self):
        """Whether the kiosk this user opened refuses every PIN for now."""
        self.ensure_one()
        user = self.sudo()  # sudo: the counters are kept away from every user's own reads
        return bool(
            user.kia_kiosk_blocked_until and user.kia_kiosk_blocked_until > fields.Datetime.now()
        )

    def _kia_kiosk_count_failure(self):
        """One more wrong PIN or badge on the kiosk this user opened; too many in a row block
        the kiosk for the company's configured minutes."""
        self.ensure_one()
        user = self.sudo()  # sudo: the opener cannot write his own counters (system fields)
        company = self.env.company
        failures = user.kia_kiosk_failures + 1
        vals = {"kia_kiosk_failures": failures}
        if failures >= company.kia_kiosk_max_attempts:
            vals.update(
                kia_kiosk_failures=0,
                kia_kiosk_blocked_until=fields.Datetime.now()
                + timedelta(minutes=company.kia_kiosk_block_minutes),
            )
        user.write(vals)
        return bool(vals.get("kia_kiosk_blocked_until"))

    def _kia_kiosk_reset_failures(self):
        self.ensure_one()
        user = self.sudo()  # sudo: see _kia_kiosk_count_failure
        if user.kia_kiosk_failures or user.kia_kiosk_blocked_until:
            user.write({"kia_kiosk_failures": 0, "kia_kiosk_blocked_until": False})
