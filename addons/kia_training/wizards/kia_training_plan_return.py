from odoo import fields, models


class KiaTrainingPlanReturn(models.TransientModel):
    """Asks the reason before kia.training.plan's action_return."""

    _name = "kia.training.plan.return"
    _description = "Return Training Plans to the Dealer"

    plan_ids = fields.Many2many("kia.training.plan", string="Training Plans", required=True)
    reason = fields.Text(required=True)

    def action_return(self):
        self.ensure_one()
        return self.plan_ids.action_return(reason=self.reason)
