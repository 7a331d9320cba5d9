from . import test_network
from . import test_vehicle
from . import test_care_due
from . import test_care_call
from . import test_tools_facilities
from . import test_work_norm
from . import test_audit
from . import test_tour_vehicle
