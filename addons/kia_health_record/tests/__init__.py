from . import test_upload
from . import test_faults
