from odoo import api, models


class StockWarehouse(models.Model):
    _inherit = "stock.warehouse"

    def _get_sequence_values(self, name=False, code=False):
        """Repair order references start with the dealer's code (SH001/RO/00013), not the
        warehouse's short name Odoo cuts from the company's name."""
        values = super()._get_sequence_values(name=name, code=code)
        dealer_code = self.company_id.kia_dealer_code
        if dealer_code and "repair_type_id" in values:
            sequence_code = self.repair_type_id.sequence_code or "RO"
            values["repair_type_id"]["prefix"] = f"{dealer_code}/{sequence_code}/"
        return values

    def _kia_update_repair_sequence(self):
        """Give the repair orders numbered from now on the dealer's code; the references
        already given stay as they are."""
        for warehouse in self.filtered(lambda w: w.company_id.kia_dealer_code):
            sequence = warehouse.repair_type_id.sequence_id
            if sequence:
                prefix = warehouse._get_sequence_values()["repair_type_id"]["prefix"]
                # sudo: the dealer's numbering follows the dealer code set by head office;
                # the dealer's users do not edit sequences.
                sequence.sudo().prefix = prefix

    @api.model
    def _kia_update_all_repair_sequences(self):
        """On install: the warehouses made before Kia's service took over their numbering."""
        self.search([])._kia_update_repair_sequence()
        return True
