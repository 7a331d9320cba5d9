from odoo import api, models

# What makes a company keep its books in Odoo (res.company._kia_keeps_books, cached).
BOOKS_FIELDS = {"type", "company_id", "active"}


class AccountJournal(models.Model):
    _inherit = "account.journal"

    @api.model_create_multi
    def create(self, vals_list):
        journals = super().create(vals_list)
        self.env.registry.clear_cache()  # res.company._kia_keeps_books
        return journals

    def write(self, vals):
        result = super().write(vals)
        if BOOKS_FIELDS.intersection(vals):
            self.env.registry.clear_cache()  # res.company._kia_keeps_books
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # res.company._kia_keeps_books
        return result
