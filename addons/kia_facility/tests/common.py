from odoo.addons.kia_base.tests.common import KiaBaseCase


class KiaFacilityCase(KiaBaseCase):
    """KiaBaseCase plus the workshop roles that borrow tools and fill the daily checklists."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.foreman_a = cls.make_user("t_foreman_a", "kia_base.group_foreman", cls.dealer_a)
        cls.technician_b = cls.make_user("t_tech_b", "kia_base.group_technician", cls.dealer_b)
