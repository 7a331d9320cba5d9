from odoo import models


class Base(models.AbstractModel):
    _inherit = "base"

    def _kia_lang_env(self):
        """The environment to render a text the suite writes on these records (chatter,
        activities, ledger and move lines, mails) in the language of their company, whoever
        or whatever runs the code: a cron, a sudo, head office's user, the install of the demo
        data. A record without a company writes in the language of the current company."""
        if self._name == "res.company":
            company = self[:1]
        elif "company_id" in self._fields and self[:1].company_id:
            company = self[:1].company_id
        else:
            company = self.env.company
        # sudo: only the language of the company is read; head office's user writes on a
        # dealer's record without that dealer ticked in his switcher
        lang = company.sudo().partner_id.lang or self.env.lang
        return self.with_context(lang=lang).env if lang else self.env
