from . import test_upload
from . import test_faults
from . import test_authority
from . import test_correction
