{
    "name": "Kia Vehicle Maintenance Electronic Health Record",
    "summary": "Upload every settled repair order to the province's vehicle maintenance "
    "electronic health record platform (汽车维修电子健康档案), with its audit trail",
    "version": "18.0.1.1.0",
    "category": "Services/After-Sales",
    "author": "Kia After-Sales Suite developers",
    "website": "https://github.com/kia-after-sales/odoo-kia",
    "license": "LGPL-3",
    "depends": [
        "kia_service",
        "account",
        "kia_analysis",
    ],
    "external_dependencies": {"python": ["requests"]},
    "data": [
        "security/kia_health_record_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "data/kia_kpi_data.xml",
        "views/kia_health_record_views.xml",
        "views/kia_health_platform_views.xml",
        "views/res_config_settings_views.xml",
        "views/kia_health_record_menus.xml",
    ],
    "demo": [
        "demo/kia_health_record_demo.xml",
    ],
    "installable": True,
}
