from . import test_upload
from . import test_faults
from . import test_authority
from . import test_correction
from . import test_kpi
from . import test_demo
from . import test_xmlrpc
