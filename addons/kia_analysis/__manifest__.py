{
    "name": "Kia Business Analysis and Dealer Assessment",
    "summary": "Kia after-sales KPIs per dealer and month, dashboard, HQ scorecards",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "author": "Kia After-Sales Suite developers",
    "website": "https://github.com/kia-after-sales/odoo-kia",
    "license": "LGPL-3",
    "depends": ["kia_warranty", "kia_training", "report_xlsx"],
    "data": [
        "security/ir.model.access.csv",
        "views/kia_analysis_menus.xml",
    ],
    "demo": [],
    "installable": True,
}
