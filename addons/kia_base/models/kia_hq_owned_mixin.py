from odoo import api, models
from odoo.exceptions import AccessError


class KiaHqOwnedMixin(models.AbstractModel):
    """Records head office owns: those with no company (Kia's network catalogues) and those of
    head office's own company. Dealers read them; only head office's roles listed in
    ``_kia_hq_groups()`` create, change, archive or delete them. A dealer may keep local records
    of its own company next to Kia's where the model allows it (its ACL decides).

    ``_kia_hq_company_field`` is the path to the owner's company (``company_id``, or the
    parent's, e.g. ``operation_id.company_id``).
    """

    _name = "kia.hq.owned.mixin"
    _description = "Records Owned by Head Office"
    _kia_hq_company_field = "company_id"

    def _kia_hq_groups(self):
        """The roles that edit head office's records of this model."""
        return ("kia_base.group_hq_manager",)

    def _kia_hq_owned(self):
        """The records of ``self`` that belong to head office."""
        path = self._kia_hq_company_field
        return self.filtered(
            lambda record: not record.mapped(path) or record.mapped(path).kia_dealer_type == "hq"
        )

    def _kia_check_hq_owned(self):
        if self.env.su or any(self.env.user.has_group(group) for group in self._kia_hq_groups()):
            return
        # sudo: the owner's name is for the message only; a dealer may not read HQ's company.
        owned = self.sudo()._kia_hq_owned().with_env(self.env)
        if owned:
            raise AccessError(
                self.env._(
                    "%(record)s is head office's %(model)s: dealers read it, only head office "
                    "changes it. Create your own record for your dealer instead.",
                    record=owned[0].sudo().display_name,
                    model=self.env["ir.model"].sudo()._get(self._name).name,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        records = super().create(vals_list)
        records._kia_check_hq_owned()
        return records

    def write(self, vals):
        self._kia_check_hq_owned()
        res = super().write(vals)
        if self._kia_hq_company_field.split(".")[0] in vals:
            self._kia_check_hq_owned()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_hq_owned(self):
        self._kia_check_hq_owned()
