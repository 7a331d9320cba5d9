from odoo import SUPERUSER_ID, api

FORMULAS = {
    "kia_kpi_revenue": (
        "Posted income of the month in the dealer's books, VAT excluded: labour and parts on "
        "customer invoices less credit notes + warranty settlement invoices to Kia less "
        "chargebacks. Drafts and cancelled documents do not count.",
        "经销商账簿中当月已过账的收入（不含增值税）：客户发票上的工时和配件收入减红字发票 + "
        "向起亚开具的索赔结算发票减索赔追回。草稿和已取消的单据不计入。",
    ),
}


def migrate(cr, version):
    """Revenue is now the ledger's posted income: its formula (loaded once, noupdate) says
    so."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    for xmlid, (english, chinese) in FORMULAS.items():
        kpi = env.ref(f"kia_analysis.{xmlid}", raise_if_not_found=False)
        if not kpi:
            continue
        translations = {"en_US": english}
        if env["res.lang"]._lang_get("zh_CN").active:
            translations["zh_CN"] = chinese
        kpi.update_field_translations("formula", translations)
