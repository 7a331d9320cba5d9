from . import kia_assessment_return
from . import kia_assessment_sanction_cancel
from . import kia_assessment_sanction_lift
