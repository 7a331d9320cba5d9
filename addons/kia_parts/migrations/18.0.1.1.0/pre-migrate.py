from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """The parts policies moved from the company form to Settings: drop the company form's
    parts page before the views that extend the same form are checked again."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    view = env.ref("kia_parts.res_company_view_form", raise_if_not_found=False)
    if view:
        view.unlink()
    env["ir.model.data"].search(
        [("module", "=", "kia_parts"), ("name", "=", "res_company_view_form")]
    ).unlink()
