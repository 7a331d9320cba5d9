from . import test_tools_facilities
from . import test_work_norm
from . import test_audit
from . import test_settings
from . import test_authority
from . import test_good_neighbours
