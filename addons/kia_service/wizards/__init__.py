from . import repair_order_cancel
from . import repair_order_qc_fail
from . import repair_service_decline
from . import kia_repair_job_reject
from . import kia_appointment_cancel
from . import kia_appointment_no_show
from . import repair_order_credit
