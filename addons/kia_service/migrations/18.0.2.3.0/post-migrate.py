from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Repair orders numbered from now on start with the dealer code (the references already
    given, posted or not, stay as they are); workshop jobs are named after their labor
    operation instead of the labor product ("Labor")."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["stock.warehouse"]._kia_update_all_repair_sequences()
    jobs = env["kia.repair.job"].search([("labor_operation_id", "!=", False)])
    for operation in jobs.labor_operation_id:
        lang = operation.env.ref("base.lang_zh_CN", raise_if_not_found=False)
        named = operation.with_context(lang=lang.code if lang and lang.active else "en_US")
        jobs.filtered(lambda job, op=operation: job.labor_operation_id == op).write(
            {"name": named.name}
        )
