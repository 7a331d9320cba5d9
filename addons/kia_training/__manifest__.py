{
    "name": "Kia Training and Certification",
    "summary": "Kia after-sales staff: role requirements, certifications, training, dispatch gate",
    "version": "18.0.1.0.0",
    "category": "Services/After-Sales",
    "author": "Kia After-Sales Suite developers",
    "website": "https://github.com/kia-after-sales/odoo-kia",
    "license": "LGPL-3",
    "depends": ["kia_service", "hr", "hr_skills", "survey"],
    "data": [
        "security/kia_training_security.xml",
    ],
    "installable": True,
}
