from . import test_kpi
from . import test_assessment
from . import test_assessment_sanction
