from . import test_roles
from . import test_certification
from . import test_training
from . import test_tour
from . import test_dispatch_gate
from . import test_reason_wizards
from . import test_settings
