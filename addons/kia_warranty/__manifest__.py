{
    "name": "Kia Warranty and Claims",
    "summary": "Kia warranty: coverage, first free maintenance, claims to head "
    "office, old parts, recalls",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "author": "Kia After-Sales Suite developers",
    "website": "https://github.com/kia-after-sales/odoo-kia",
    "license": "LGPL-3",
    "depends": ["kia_service", "kia_parts"],
    "data": [
        "security/kia_warranty_security.xml",
    ],
    "installable": True,
}
