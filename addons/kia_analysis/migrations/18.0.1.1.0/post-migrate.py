from odoo import SUPERUSER_ID, api

FORMULAS = {
    "kia_kpi_utilisation": (
        "Hours clocked on jobs ÷ hours attended (each technician's day from the first job "
        "started to the last stopped) × 100 %.",
        "实际工时 ÷ 出勤工时（每位技师每天从第一项作业开工到最后一项作业停工）× 100%。",
    ),
    "kia_kpi_productivity": (
        "Hours sold ÷ hours attended × 100 % (= efficiency × utilisation).",
        "销售工时 ÷ 出勤工时 × 100%（= 生产效率 × 工时利用率）。",
    ),
}


def migrate(cr, version):
    """Utilisation and productivity are now on attended hours: their formulas (loaded once,
    noupdate) say so."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (english, chinese) in FORMULAS.items():
        kpi = env.ref(f"kia_analysis.{xmlid}", raise_if_not_found=False)
        if not kpi:
            continue
        translations = {"en_US": english}
        if env["res.lang"]._lang_get("zh_CN").active:
            translations["zh_CN"] = chinese
        kpi.update_field_translations("formula", translations)
