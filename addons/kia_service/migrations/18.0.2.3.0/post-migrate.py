from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    """Repair orders numbered from now on start with the dealer code (the references already
    given, posted or not, stay as they are); workshop jobs are named after their labor
    operation instead of the labor product ("Labor"), in Chinese where the database has it.
    One statement for every job of the network (millions on a network database)."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["stock.warehouse"]._kia_update_all_repair_sequences()
    lang = env.ref("base.lang_zh_CN", raise_if_not_found=False)
    code = lang.code if lang and lang.active else "en_US"
    env.cr.execute(
        SQL(
            """UPDATE kia_repair_job job
                  SET name = COALESCE(op.name->>%(code)s, op.name->>'en_US')
                 FROM kia_labor_operation op
                WHERE job.labor_operation_id = op.id
                  AND job.name IS DISTINCT FROM COALESCE(op.name->>%(code)s, op.name->>'en_US')""",
            code=code,
        )
    )
    env["kia.repair.job"].invalidate_model(["name"])
