import json
from pathlib import Path

from odoo import SUPERUSER_ID, api

from odoo.addons.kia_base.upgrade import renew_terms


def migrate(cr, version):
    """The suite's corrected Chinese wording (the manual's terms: 委托书, 特约销售服务店,
    首次免费强制保养, 车间主任, 互检...) reaches the records and views of a database updated
    from the earlier release, in every add-on of the suite, where a dealer has not put wording
    of its own."""
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    if not env["res.lang"]._lang_get("zh_CN"):
        return
    changes = json.loads((Path(__file__).parent / "renewed_terms.json").read_text("utf-8"))
    renew_terms(env, changes)
