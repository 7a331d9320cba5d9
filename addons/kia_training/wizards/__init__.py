from . import kia_training_enrolment_refuse
from . import kia_training_enrolment_cancel
from . import kia_certification_revoke
from . import kia_training_session_cancel
from . import kia_training_plan_return
