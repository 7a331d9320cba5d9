from odoo import fields
from odoo.exceptions import UserError


def kia_care_vat_line(company, product, name, amount, account=None):
    """Values of the one line of a customer care money document (rescue invoice, complaint
    compensation credit note): ``product`` with the company's sales VAT (its chart's default,
    l10n_cn: 13 %, prices VAT included). ``amount`` is what the customer pays or gets in all
    (价税合计): with a tax that is not price-included, the line's net is chosen so that net
    plus VAT is exactly that amount (to the cent)."""
    env = company.env
    tax = company.account_sale_tax_id
    if not tax:
        raise UserError(
            env._(
                "%(company)s has no default sales VAT: install its Chinese chart of accounts "
                "(l10n_cn) or set its default taxes.",
                company=company.name,
            )
        )
    currency = company.currency_id
    price = amount
    if tax.amount_type == "percent" and not tax.price_include:
        price = currency.round(amount / (1 + tax.amount / 100))
        for _attempt in range(3):
            total = tax.compute_all(price, currency=currency)["total_included"]
            diff = currency.compare_amounts(total, amount)
            if not diff:
                break
            price = currency.round(price - diff * currency.rounding)
    vals = {
        "product_id": product.id,
        "name": name,
        "quantity": 1,
        "price_unit": price,
        "tax_ids": [fields.Command.set(tax.ids)],
    }
    if account:
        vals["account_id"] = account.id
    return vals
