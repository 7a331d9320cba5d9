from odoo.tools import SQL


def migrate(cr, version):
    """Appointment capacity now counts the bays: the equipment already used as a job's bay is
    a bay. Reminders now go out at hours before the appointment: the cron runs every quarter
    of an hour, unless the dealer changed its schedule."""
    cr.execute(
        SQL(
            """
            UPDATE maintenance_equipment SET kia_is_bay = TRUE
             WHERE id IN (SELECT bay_id FROM kia_repair_job WHERE bay_id IS NOT NULL)
            """
        )
    )
    cr.execute(
        SQL(
            """
            UPDATE ir_cron SET interval_number = 15, interval_type = 'minutes'
              FROM ir_model_data d
             WHERE d.model = 'ir.cron' AND d.res_id = ir_cron.id
               AND d.module = 'kia_service' AND d.name = 'ir_cron_kia_appointment_reminder'
               AND ir_cron.interval_number = 1 AND ir_cron.interval_type = 'days'
            """
        )
    )
