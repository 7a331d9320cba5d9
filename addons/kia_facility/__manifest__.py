{
    "name": "Kia Facilities and Tools",
    "summary": "Kia dealer functional areas, special tools and loans, equipment, daily work norms "
    "and checklists, facility audits",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "author": "Kia After-Sales Suite developers",
    "website": "https://github.com/kia-after-sales/odoo-kia",
    "license": "LGPL-3",
    "depends": ["kia_service", "maintenance"],
    "data": [
        "security/kia_facility_security.xml",
        "security/ir.model.access.csv",
        "data/kia_facility_data.xml",
        "data/kia_work_norm_data.xml",
        "views/kia_facility_views.xml",
        "views/maintenance_equipment_views.xml",
        "views/kia_work_norm_views.xml",
        "views/kia_audit_views.xml",
        "views/res_company_views.xml",
        "views/kia_facility_menus.xml",
    ],
    "demo": [
        "demo/kia_facility_demo.xml",
    ],
    "post_init_hook": "post_init_hook",
    "installable": True,
}
