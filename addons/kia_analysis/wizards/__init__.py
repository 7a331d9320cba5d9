from . import kia_assessment_return
from . import kia_assessment_sanction_cancel
