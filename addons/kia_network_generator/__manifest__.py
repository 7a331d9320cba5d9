{
    "name": "Kia Network Data Generator",
    "summary": "Network-scale data set (dealers, staff, vehicles, repair orders, parts, claims) "
    "for benchmarks and load tests; not for dealers",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tools",
    "author": "Kia After-Sales Suite developers",
    "website": "https://github.com/kia-after-sales/odoo-kia",
    "license": "LGPL-3",
    "depends": ["kia_customer_care", "kia_parts", "kia_warranty", "kia_analysis"],
    "data": [],
    "installable": True,
}
