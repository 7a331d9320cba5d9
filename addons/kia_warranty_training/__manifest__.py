{
    "name": "Kia Warranty and Training Bridge",
    "summary": "Warranty claim pre-check: labour done by a technician holding the required "
    "certification",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "author": "Kia After-Sales Suite developers",
    "website": "https://github.com/kia-after-sales/odoo-kia",
    "license": "LGPL-3",
    "depends": ["kia_warranty", "kia_training"],
    "data": [],
    "auto_install": True,
    "installable": True,
}
