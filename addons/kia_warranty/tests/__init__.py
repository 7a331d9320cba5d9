from . import test_roles
from . import test_claim
from . import test_coverage
from . import test_first_maintenance
from . import test_campaign
from . import test_old_part
from . import test_sanbao
from . import test_report
