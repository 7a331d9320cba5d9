import contextlib
from contextvars import ContextVar

from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

# The fields an action method is changing right now, as (model, field) pairs. A Python context
# variable, not an Odoo context key: a client sends context keys, it cannot set this.
_UNLOCKED = ContextVar("kia_unlocked_fields", default=frozenset())


class KiaProtectedMixin(models.AbstractModel):
    """Fields that change only through their action methods.

    A model lists its protected fields in ``_kia_protected_fields()``: ``{field: the action
    that changes it, as the user sees it}`` (states, approvals, who/when stamps, amounts after
    posting, head-office decisions). ``write`` and ``create`` refuse them, naming that action,
    unless the value does not change (a form sends the defaults of a new record) or the caller
    runs inside ``_kia_unlocked()``: the action method, after checking the caller's role with
    ``_kia_require_groups()``, writes them as the user (record rules and tracking still apply).

    Superuser code (``sudo()``, data files, migrations) is trusted and not checked.
    """

    _name = "kia.protected.mixin"
    _description = "Fields Changed Only by Their Actions"

    def _kia_protected_fields(self):
        """{field name: the action that changes it, translated}. Extensions add theirs with
        ``res = super()._kia_protected_fields(); res.update(...)``."""
        return {}

    @contextlib.contextmanager
    def _kia_unlocked(self, *fnames):
        """Let the code inside the block write ``fnames`` (all protected fields when none are
        given) of this model. Used by action methods only, after their role checks."""
        names = fnames or tuple(self._kia_protected_fields())
        token = _UNLOCKED.set(_UNLOCKED.get() | {(self._name, name) for name in names})
        try:
            yield
        finally:
            _UNLOCKED.reset(token)

    def _kia_is_unlocked(self, fname):
        """Whether an action is changing ``fname`` of this model right now (for a guard that
        protects a field only on some records)."""
        return (self._name, fname) in _UNLOCKED.get()

    def _kia_locked_fields(self, fnames):
        """The protected fields among ``fnames`` the current code may not write."""
        if self.env.su:
            return []
        protected = self._kia_protected_fields()
        unlocked = _UNLOCKED.get()
        return [name for name in fnames if name in protected and (self._name, name) not in unlocked]

    def _kia_same_value(self, fname, value):
        """Whether writing ``value`` to ``fname`` changes none of ``self``."""
        field = self._fields[fname]
        for record in self:
            new = field.convert_to_record(field.convert_to_cache(value, record), record)
            if new != record[fname] and (new or record[fname]):
                return False
        return True

    def _kia_model_label(self):
        # sudo: the translated name of the model, for a message; not every caller reads ir.model.
        return self.env["ir.model"].sudo()._get(self._name).name

    def _kia_refuse_protected(self, fname):
        protected = self._kia_protected_fields()
        field = self._fields[fname]
        raise AccessError(
            self.env._(
                "%(field)s of %(model)s changes only through %(action)s.",
                field=field._description_string(self.env),
                model=self._kia_model_label(),
                action=protected[fname],
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        keys = set().union(*(vals.keys() for vals in vals_list)) if vals_list else set()
        locked = self._kia_locked_fields(keys)
        if locked:
            defaults = self.default_get(locked)
            new = self.new(defaults)
            for vals in vals_list:
                for fname in locked:
                    if fname in vals and not new._kia_same_value(fname, vals[fname]):
                        self._kia_refuse_protected(fname)
        return super().create(vals_list)

    def write(self, vals):
        for fname in self._kia_locked_fields(vals):
            if not self._kia_same_value(fname, vals[fname]):
                self._kia_refuse_protected(fname)
        return super().write(vals)

    def _kia_require_groups(self, *xmlids, action=None):
        """Refuse the caller unless it holds one of the groups ``xmlids`` (superuser code
        passes). ``action`` names what is refused, for the message."""
        if self.env.su or any(self.env.user.has_group(xmlid) for xmlid in xmlids):
            return
        # sudo: the names of the roles, for the message; a portal caller cannot read groups.
        roles = " / ".join(self.env.ref(xmlid).sudo().name for xmlid in xmlids)
        if action:
            message = self.env._(
                "Only %(roles)s may %(action)s %(model)s.",
                roles=roles,
                action=action,
                model=self._kia_model_label(),
            )
        else:
            message = self.env._(
                "Only %(roles)s may do this on %(model)s.",
                roles=roles,
                model=self._kia_model_label(),
            )
        raise AccessError(message)

    def _kia_lock_rows(self):
        """Take ``self``'s rows for the rest of the transaction, for an action that gives out
        something limited (the last slot, seat, tool, unit of credit). The rows are also
        touched, so that a concurrent transaction that read them before this one commits fails
        to lock them under REPEATABLE READ (a serialization failure) instead of working on a
        stale count; NOWAIT: the other request fails at once. Odoo retries both kinds of
        failure, and the retry sees what this transaction took."""
        kia_lock_rows(self)


def kia_lock_rows(records):
    """Lock and touch ``records``' rows (see ``KiaProtectedMixin._kia_lock_rows``); for any
    model, also those that do not use the mixin (a company, a vehicle, an equipment)."""
    if not records.ids:
        return
    table = SQL.identifier(records._table)
    records.env.cr.execute(
        SQL(
            "SELECT id FROM %s WHERE id = ANY(%s) ORDER BY id FOR NO KEY UPDATE NOWAIT",
            table,
            records.ids,
        )
    )
    column = SQL.identifier("write_date" if records._log_access else "id")
    records.env.cr.execute(
        SQL("UPDATE %s SET %s = %s WHERE id = ANY(%s)", table, column, column, records.ids)
    )
