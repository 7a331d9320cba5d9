from . import test_kpi
from . import test_settings
from . import test_assessment
from . import test_assessment_sanction
from . import test_authority
from . import test_hq_queue
from . import test_renewed_terms
from . import test_warranty_penalty
