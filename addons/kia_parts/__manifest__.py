{
    "name": "Kia Parts Operations",
    "summary": "Kia dealer parts: ordering from head office, guarantee deposit, "
    "receiving, issuing, stocktaking",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "author": "Kia After-Sales Suite developers",
    "website": "https://github.com/kia-after-sales/odoo-kia",
    "license": "LGPL-3",
    "depends": ["kia_service", "stock", "purchase", "account"],
    "data": [
        "security/kia_parts_security.xml",
    ],
    "installable": True,
}
